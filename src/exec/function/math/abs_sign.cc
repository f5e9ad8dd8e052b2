// abs(x) and sign(x) on INTEGER, BIGINT, DECIMAL and DOUBLE. abs of the minimum integer overflows.
#include <cmath>

#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

template <class T>
void AbsKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  int64_t row = ExecuteUnary<T, T>(*args[0], count, result, [](T value, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = std::fabs(value);
      return true;
    } else {
      out = value < 0 ? static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(value)) : value;
      return value != std::numeric_limits<T>::min();
    }
  });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, sizeof(T) == 4 ? "integer out of range in abs" : "bigint out of range in abs");
}

template <class T>
struct SignKernel {
  static T Apply(T value) { return static_cast<T>((value > 0) - (value < 0)); }
};

// sign(DECIMAL) is -1, 0 or 1 in the argument's scale.
void DecimalSignKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                       size_t count, Vector& result) {
  int64_t one = PowerOfTen(result.type().scale());
  ExecuteUnary<int64_t, int64_t>(*args[0], count, result, [one](int64_t value, int64_t& out) {
    out = ((value > 0) - (value < 0)) * one;
    return true;
  });
}

}  // namespace

void RegisterAbsSign(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("abs", {TypeId::kInteger}, TypeId::kInteger, AbsKernel<int32_t>));
  registry.AddScalar(MakeScalar("abs", {TypeId::kBigint}, TypeId::kBigint, AbsKernel<int64_t>));
  ScalarFunction decimal_abs = MakeScalar("abs", {AnyDecimal()}, AnyDecimal(), AbsKernel<int64_t>);
  decimal_abs.bind = BindReturnFirstArgument;
  registry.AddScalar(std::move(decimal_abs));
  registry.AddScalar(MakeScalar("abs", {TypeId::kDouble}, TypeId::kDouble, AbsKernel<double>));

  registry.AddScalar(MakeScalar("sign", {TypeId::kInteger}, TypeId::kInteger,
                                UnaryFunction<int32_t, int32_t, SignKernel<int32_t>>));
  registry.AddScalar(MakeScalar("sign", {TypeId::kBigint}, TypeId::kBigint,
                                UnaryFunction<int64_t, int64_t, SignKernel<int64_t>>));
  ScalarFunction decimal_sign = MakeScalar("sign", {AnyDecimal()}, AnyDecimal(), DecimalSignKernel);
  decimal_sign.bind = BindReturnFirstArgument;
  registry.AddScalar(std::move(decimal_sign));
  registry.AddScalar(MakeScalar("sign", {TypeId::kDouble}, TypeId::kDouble,
                                UnaryFunction<double, double, SignKernel<double>>));
}

}  // namespace tarn::exec
