// Unary minus -x (negating the minimum INTEGER/BIGINT overflows) and unary plus +x.
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {
namespace {

template <class T>
void NegateKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  int64_t row = ExecuteUnary<T, T>(*args[0], count, result, [](T value, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = -value;
      return true;
    } else {
      return !__builtin_sub_overflow(T{0}, value, &out);
    }
  });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, sizeof(T) == 4 ? "integer out of range in -" : "bigint out of range in -");
}

void PlusKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                Vector& result) {
  result.Reference(*args[0]);
}

std::unique_ptr<FunctionData> BindSameAsArgument(const std::vector<LogicalType>& types,
                                                 LogicalType& return_type) {
  return_type = types[0];
  return nullptr;
}

}  // namespace

void RegisterNegate(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("-", {TypeId::kInteger}, TypeId::kInteger, NegateKernel<int32_t>));
  registry.AddScalar(MakeScalar("-", {TypeId::kBigint}, TypeId::kBigint, NegateKernel<int64_t>));
  registry.AddScalar(MakeScalar("-", {TypeId::kDouble}, TypeId::kDouble, NegateKernel<double>));
  ScalarFunction decimal = MakeScalar("-", {AnyDecimal()}, AnyDecimal(), NegateKernel<int64_t>);
  decimal.bind = BindSameAsArgument;
  registry.AddScalar(std::move(decimal));
  for (LogicalType type : {LogicalType(TypeId::kInteger), LogicalType(TypeId::kBigint),
                           LogicalType(TypeId::kDouble), AnyDecimal()}) {
    ScalarFunction plus = MakeScalar("+", {type}, type, PlusKernel);
    if (type.id() == TypeId::kDecimal) plus.bind = BindSameAsArgument;
    registry.AddScalar(std::move(plus));
  }
}

}  // namespace tarn::exec
