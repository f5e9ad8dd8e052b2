// a * b on numbers.
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {
namespace {

void DecimalMultiplyKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                           size_t count, Vector& result) {
  int64_t row = ExecuteBinary<int64_t, int64_t, int64_t>(
      *args[0], *args[1], count, result, [](int64_t a, int64_t b, int64_t& out) {
        return !__builtin_mul_overflow(a, b, &out) && DecimalInRange(out);
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "decimal out of range in *");
}

}  // namespace

void RegisterMultiply(FunctionRegistry& registry) {
  RegisterNumericArithmetic<MultiplyOperator>(registry, "*");
  ScalarFunction decimal =
      MakeScalar("*", {AnyDecimal(), AnyDecimal()}, AnyDecimal(), DecimalMultiplyKernel);
  decimal.bind = BindDecimalMultiply;
  registry.AddScalar(std::move(decimal));
}

}  // namespace tarn::exec
