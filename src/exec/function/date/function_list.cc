// Date functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterDateFunctions(FunctionRegistry& registry) {}

}  // namespace tarn::exec
