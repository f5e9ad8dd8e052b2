// trim/ltrim/rtrim(s[, characters]): removes the given characters (default space) from both ends,
// the start, or the end.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

// kSides: 1 = left, 2 = right, 3 = both.
template <int kSides>
std::string_view TrimText(std::string_view text, std::string_view characters) {
  if (kSides & 1) {
    while (!text.empty() && characters.find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
    }
  }
  if (kSides & 2) {
    while (!text.empty() && characters.find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
    }
  }
  return text;
}

template <int kSides>
struct TrimSpacesKernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    return arena.AddString(TrimText<kSides>(input.view(), " "));
  }
};

template <int kSides>
struct TrimCharactersKernel {
  static StringRef Apply(StringRef input, StringRef characters, Arena& arena) {
    return arena.AddString(TrimText<kSides>(input.view(), characters.view()));
  }
};

template <int kSides>
void Register(FunctionRegistry& registry, const char* name) {
  registry.AddScalar(MakeScalar(name, {TypeId::kVarchar}, TypeId::kVarchar,
                                UnaryStringFunction<StringRef, TrimSpacesKernel<kSides>>));
  registry.AddScalar(
      MakeScalar(name, {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kVarchar,
                 BinaryStringFunction<StringRef, StringRef, TrimCharactersKernel<kSides>>));
}

}  // namespace

void RegisterTrim(FunctionRegistry& registry) {
  Register<3>(registry, "trim");
  Register<3>(registry, "btrim");
  Register<1>(registry, "ltrim");
  Register<2>(registry, "rtrim");
}

}  // namespace tarn::exec
