// initcap(s): the first letter of each word in upper case, the other letters in lower case; words
// are runs of ASCII letters and digits (PostgreSQL). Other bytes, including non-ASCII letters, are
// kept as they are (as lower() and upper() do).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

inline bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct InitcapKernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    std::string_view text = input.view();
    char* out = reinterpret_cast<char*>(arena.Allocate(text.size() + 1, 1));
    bool in_word = false;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (in_word && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (!in_word && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      in_word = IsWordByte(text[i]);
      out[i] = c;
    }
    return StringRef(out, static_cast<uint32_t>(text.size()));
  }
};

}  // namespace

void RegisterInitcap(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("initcap", {TypeId::kVarchar}, TypeId::kVarchar,
                                UnaryStringFunction<StringRef, InitcapKernel>));
}

}  // namespace tarn::exec
