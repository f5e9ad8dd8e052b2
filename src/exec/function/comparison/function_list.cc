// Comparison functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterComparisonOperators(FunctionRegistry& registry);
void RegisterGreatestLeast(FunctionRegistry& registry);

void RegisterComparisonFunctions(FunctionRegistry& registry) {
  RegisterComparisonOperators(registry);
  RegisterGreatestLeast(registry);
}

}  // namespace tarn::exec
