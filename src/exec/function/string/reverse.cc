// reverse(s): the characters of s in reverse order (UTF-8 sequences kept intact).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct ReverseKernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    std::string_view text = input.view();
    char* out = reinterpret_cast<char*>(arena.Allocate(text.size() + 1, 1));
    size_t write = text.size();
    for (size_t read = 0; read < text.size();) {
      size_t length = std::min(Utf8CharLength(static_cast<unsigned char>(text[read])),
                               text.size() - read);
      write -= length;
      std::memcpy(out + write, text.data() + read, length);
      read += length;
    }
    return StringRef(out, static_cast<uint32_t>(text.size()));
  }
};

}  // namespace

void RegisterReverse(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("reverse", {TypeId::kVarchar}, TypeId::kVarchar,
                                UnaryStringFunction<StringRef, ReverseKernel>));
}

}  // namespace tarn::exec
