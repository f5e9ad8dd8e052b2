// Arithmetic operators, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterAdd(FunctionRegistry& registry);
void RegisterSubtract(FunctionRegistry& registry);
void RegisterMultiply(FunctionRegistry& registry);
void RegisterDivide(FunctionRegistry& registry);
void RegisterModulo(FunctionRegistry& registry);
void RegisterNegate(FunctionRegistry& registry);
void RegisterIntegerDivide(FunctionRegistry& registry);
void RegisterBitwise(FunctionRegistry& registry);

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  RegisterAdd(registry);
  RegisterSubtract(registry);
  RegisterMultiply(registry);
  RegisterDivide(registry);
  RegisterModulo(registry);
  RegisterNegate(registry);
  RegisterIntegerDivide(registry);
  RegisterBitwise(registry);
}

}  // namespace tarn::exec
