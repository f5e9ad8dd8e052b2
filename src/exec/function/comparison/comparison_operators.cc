// = <> (!=) < <= > >= on every type. Mixed numeric types reach here after the binder's implicit
// casts; DECIMALs of different scales are aligned exactly in 128-bit arithmetic.
#include "exec/function/comparison/compare_values.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

template <class T, class Op>
void CompareKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  ExecuteBinary<T, T, uint8_t>(*args[0], *args[1], count, result, [](T a, T b, uint8_t& out) {
    out = Op::Apply(a, b);
    return true;
  });
}

struct DecimalCompareData : FunctionData {
  int64_t left_factor = 1;
  int64_t right_factor = 1;
};

std::unique_ptr<FunctionData> BindDecimalCompare(const std::vector<LogicalType>& types,
                                                 LogicalType& return_type) {
  int scale = std::max(types[0].scale(), types[1].scale());
  auto data = std::make_unique<DecimalCompareData>();
  data->left_factor = PowerOfTen(scale - types[0].scale());
  data->right_factor = PowerOfTen(scale - types[1].scale());
  return_type = TypeId::kBoolean;
  return data;
}

template <class Op>
void DecimalCompareKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                          size_t count, Vector& result) {
  const auto& data = static_cast<const DecimalCompareData&>(*call.bind_data);
  __int128 left_factor = data.left_factor;
  __int128 right_factor = data.right_factor;
  ExecuteBinary<int64_t, int64_t, uint8_t>(
      *args[0], *args[1], count, result,
      [left_factor, right_factor](int64_t a, int64_t b, uint8_t& out) {
        out = Op::Apply(static_cast<__int128>(a) * left_factor,
                        static_cast<__int128>(b) * right_factor);
        return true;
      });
}

template <class Op>
void RegisterComparison(FunctionRegistry& registry, const std::string& name) {
  auto add = [&](TypeId id, ScalarKernel kernel) {
    registry.AddScalar(MakeScalar(name, {id, id}, TypeId::kBoolean, kernel));
  };
  add(TypeId::kBoolean, CompareKernel<uint8_t, Op>);
  add(TypeId::kInteger, CompareKernel<int32_t, Op>);
  add(TypeId::kBigint, CompareKernel<int64_t, Op>);
  ScalarFunction decimal = MakeScalar(name, {AnyDecimal(), AnyDecimal()}, TypeId::kBoolean,
                                      DecimalCompareKernel<Op>);
  decimal.bind = BindDecimalCompare;
  registry.AddScalar(std::move(decimal));
  add(TypeId::kDouble, CompareKernel<double, Op>);
  add(TypeId::kVarchar, CompareKernel<StringRef, Op>);
  add(TypeId::kDate, CompareKernel<int32_t, Op>);
  add(TypeId::kTimestamp, CompareKernel<int64_t, Op>);
}

}  // namespace

void RegisterComparisonOperators(FunctionRegistry& registry) {
  RegisterComparison<EqualOperator>(registry, "=");
  RegisterComparison<NotEqualOperator>(registry, "<>");
  RegisterComparison<NotEqualOperator>(registry, "!=");
  RegisterComparison<LessOperator>(registry, "<");
  RegisterComparison<LessEqualOperator>(registry, "<=");
  RegisterComparison<GreaterOperator>(registry, ">");
  RegisterComparison<GreaterEqualOperator>(registry, ">=");
}

}  // namespace tarn::exec
