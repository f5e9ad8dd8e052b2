// lower(s), upper(s): ASCII case mapping; other bytes are kept as they are.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

template <bool kUpper>
struct CaseKernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    std::string_view text = input.view();
    char* out = reinterpret_cast<char*>(arena.Allocate(text.size() + 1, 1));
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      out[i] = c;
    }
    return StringRef(out, static_cast<uint32_t>(text.size()));
  }
};

}  // namespace

void RegisterLowerUpper(FunctionRegistry& registry) {
  for (const char* name : {"lower", "lcase"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar}, TypeId::kVarchar,
                                  UnaryStringFunction<StringRef, CaseKernel<false>>));
  }
  for (const char* name : {"upper", "ucase"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar}, TypeId::kVarchar,
                                  UnaryStringFunction<StringRef, CaseKernel<true>>));
  }
}

}  // namespace tarn::exec
