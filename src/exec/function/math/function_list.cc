// Math functions, registered in this order (mod() lives with % in arithmetic/modulo.cc, greatest()
// and least() in comparison/).
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterAbsSign(FunctionRegistry& registry);
void RegisterRounding(FunctionRegistry& registry);
void RegisterTranscendental(FunctionRegistry& registry);

void RegisterMathFunctions(FunctionRegistry& registry) {
  RegisterAbsSign(registry);
  RegisterRounding(registry);
  RegisterTranscendental(registry);
}

}  // namespace tarn::exec
