// a % b and mod(a, b): the remainder with the sign of a; zero divisor is an error.
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {

void RegisterModulo(FunctionRegistry& registry) {
  for (const char* name : {"%", "mod"}) {
    RegisterNumericArithmetic<ModuloOperator>(registry, name);
    ScalarFunction decimal = MakeScalar(name, {AnyDecimal(), AnyDecimal()}, AnyDecimal(),
                                        DecimalAlignedKernel<ModuloOperator>);
    decimal.bind = BindDecimalAlignedArithmetic;
    registry.AddScalar(std::move(decimal));
  }
}

}  // namespace tarn::exec
