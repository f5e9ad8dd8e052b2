// Generic functions on any type, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterCoalesce(FunctionRegistry& registry);
void RegisterNullIf(FunctionRegistry& registry);

void RegisterGenericFunctions(FunctionRegistry& registry) {
  RegisterCoalesce(registry);
  RegisterNullIf(registry);
}

}  // namespace tarn::exec
