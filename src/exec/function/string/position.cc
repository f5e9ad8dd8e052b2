// strpos(s, needle) and position(needle, s) (the parser's "position(needle IN s)"): 1-based
// character index of the first occurrence, 0 when absent.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

int32_t FindCharacterPosition(StringRef haystack, StringRef needle) {
  std::string_view text = haystack.view();
  size_t found = text.find(needle.view());
  if (found == std::string_view::npos) return 0;
  return static_cast<int32_t>(Utf8Length(text.substr(0, found)) + 1);
}

struct StrposKernel {
  static int32_t Apply(StringRef haystack, StringRef needle) {
    return FindCharacterPosition(haystack, needle);
  }
};
struct PositionKernel {
  static int32_t Apply(StringRef needle, StringRef haystack) {
    return FindCharacterPosition(haystack, needle);
  }
};

}  // namespace

void RegisterPosition(FunctionRegistry& registry) {
  for (const char* name : {"strpos", "instr"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kInteger,
                                  BinaryFunction<StringRef, StringRef, int32_t, StrposKernel>));
  }
  registry.AddScalar(MakeScalar("position", {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kInteger,
                                BinaryFunction<StringRef, StringRef, int32_t, PositionKernel>));
}

}  // namespace tarn::exec
