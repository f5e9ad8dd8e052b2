// a + b on numbers (date + integer lives in date/date_arithmetic.cc).
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {

void RegisterAdd(FunctionRegistry& registry) {
  RegisterNumericArithmetic<AddOperator>(registry, "+");
  ScalarFunction decimal = MakeScalar("+", {AnyDecimal(), AnyDecimal()}, AnyDecimal(),
                                      DecimalAlignedKernel<AddOperator>);
  decimal.bind = BindDecimalAlignedArithmetic;
  registry.AddScalar(std::move(decimal));
}

}  // namespace tarn::exec
