// ascii(s): the Unicode code point of the first character of s (0 for ''); chr(n): the character
// with code point n (PostgreSQL with UTF-8: 0, surrogates and values above U+10FFFF are errors).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct AsciiKernel {
  static int32_t Apply(StringRef input) {
    std::string_view text = input.view();
    if (text.empty()) return 0;
    auto lead = static_cast<unsigned char>(text[0]);
    size_t length = std::min(Utf8CharLength(lead), text.size());
    if (length == 1) return lead;
    int32_t code = lead & (0x7F >> length);
    for (size_t i = 1; i < length; ++i) code = (code << 6) | (text[i] & 0x3F);
    return code;
  }
};

void ChrKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  int64_t row =
      ExecuteUnary<int32_t, StringRef>(*args[0], count, result, [](int32_t code, StringRef& out) {
        char bytes[4];
        uint32_t length;
        if (code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        if (code < 0x80) {
          bytes[0] = static_cast<char>(code);
          length = 1;
        } else if (code < 0x800) {
          bytes[0] = static_cast<char>(0xC0 | (code >> 6));
          bytes[1] = static_cast<char>(0x80 | (code & 0x3F));
          length = 2;
        } else if (code < 0x10000) {
          bytes[0] = static_cast<char>(0xE0 | (code >> 12));
          bytes[1] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          bytes[2] = static_cast<char>(0x80 | (code & 0x3F));
          length = 3;
        } else {
          bytes[0] = static_cast<char>(0xF0 | (code >> 18));
          bytes[1] = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
          bytes[2] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          bytes[3] = static_cast<char>(0x80 | (code & 0x3F));
          length = 4;
        }
        out = StringRef(bytes, length);  // at most 4 bytes: stored inline
        return true;
      });
  if (row >= 0) {
    int32_t code = ValueAt<int32_t>(*args[0], row);
    if (code == 0) ThrowAt(call, ErrorCode::kInvalidArgument, "null character not permitted");
    ThrowAt(call, ErrorCode::kInvalidArgument,
            (code > 0x10FFFF ? "requested character too large for encoding: "
                             : "requested character not valid for encoding: ") +
                std::to_string(code));
  }
}

}  // namespace

void RegisterAsciiChr(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("ascii", {TypeId::kVarchar}, TypeId::kInteger,
                                UnaryFunction<StringRef, int32_t, AsciiKernel>));
  registry.AddScalar(MakeScalar("chr", {TypeId::kInteger}, TypeId::kVarchar, ChrKernel));
}

}  // namespace tarn::exec
