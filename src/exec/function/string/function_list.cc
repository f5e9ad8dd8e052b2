// String functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterStringFunctions(FunctionRegistry& registry) {}

}  // namespace tarn::exec
