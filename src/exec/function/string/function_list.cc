// String functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterLowerUpper(FunctionRegistry& registry);
void RegisterLength(FunctionRegistry& registry);
void RegisterConcat(FunctionRegistry& registry);
void RegisterSubstring(FunctionRegistry& registry);
void RegisterTrim(FunctionRegistry& registry);
void RegisterReplace(FunctionRegistry& registry);
void RegisterStartsWithContains(FunctionRegistry& registry);
void RegisterPosition(FunctionRegistry& registry);
void RegisterSplitPart(FunctionRegistry& registry);
void RegisterLeftRight(FunctionRegistry& registry);
void RegisterReverse(FunctionRegistry& registry);
void RegisterPad(FunctionRegistry& registry);
void RegisterRepeat(FunctionRegistry& registry);
void RegisterLike(FunctionRegistry& registry);
void RegisterRegexp(FunctionRegistry& registry);
void RegisterInitcap(FunctionRegistry& registry);
void RegisterAsciiChr(FunctionRegistry& registry);
void RegisterMd5(FunctionRegistry& registry);
void RegisterHmacSha256(FunctionRegistry& registry);
void RegisterSecret(FunctionRegistry& registry);

void RegisterStringFunctions(FunctionRegistry& registry) {
  RegisterLowerUpper(registry);
  RegisterLength(registry);
  RegisterConcat(registry);
  RegisterSubstring(registry);
  RegisterTrim(registry);
  RegisterReplace(registry);
  RegisterStartsWithContains(registry);
  RegisterPosition(registry);
  RegisterSplitPart(registry);
  RegisterLeftRight(registry);
  RegisterReverse(registry);
  RegisterPad(registry);
  RegisterRepeat(registry);
  RegisterLike(registry);
  RegisterRegexp(registry);
  RegisterInitcap(registry);
  RegisterAsciiChr(registry);
  RegisterMd5(registry);
  RegisterHmacSha256(registry);
  RegisterSecret(registry);
}

}  // namespace tarn::exec
