// a - b on numbers (date - date and date - integer live in date/date_arithmetic.cc).
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {

void RegisterSubtract(FunctionRegistry& registry) {
  RegisterNumericArithmetic<SubtractOperator>(registry, "-");
  ScalarFunction decimal = MakeScalar("-", {AnyDecimal(), AnyDecimal()}, AnyDecimal(),
                                      DecimalAlignedKernel<SubtractOperator>);
  decimal.bind = BindDecimalAlignedArithmetic;
  registry.AddScalar(std::move(decimal));
}

}  // namespace tarn::exec
