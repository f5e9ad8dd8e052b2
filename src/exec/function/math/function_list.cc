// Math functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterMathFunctions(FunctionRegistry& registry) {}

}  // namespace tarn::exec
