// Date and time functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterExtract(FunctionRegistry& registry);
void RegisterDateTrunc(FunctionRegistry& registry);
void RegisterDateArithmetic(FunctionRegistry& registry);
void RegisterCurrentTime(FunctionRegistry& registry);
void RegisterFormatFunctions(FunctionRegistry& registry);
void RegisterInterval(FunctionRegistry& registry);

void RegisterDateFunctions(FunctionRegistry& registry) {
  RegisterExtract(registry);
  RegisterDateTrunc(registry);
  RegisterDateArithmetic(registry);
  RegisterCurrentTime(registry);
  RegisterFormatFunctions(registry);
  RegisterInterval(registry);
}

}  // namespace tarn::exec
