// lower(s), upper(s): Unicode simple case mapping (as PostgreSQL in a UTF-8 database and DuckDB do),
// through glibc's C.UTF-8 tables; ASCII runs take a fast path. Bytes that are not valid UTF-8 are
// kept as they are.
#include <locale.h>
#include <wctype.h>

#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

// The C.UTF-8 character classes, created once (null if the C library lacks them: ASCII only).
locale_t Utf8Locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when it is not valid UTF-8.
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& code_point) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char lead = byte(0);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return 0;
  code_point = lead & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(k) & 0x3F);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kMinimum[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

size_t EncodeUtf8(uint32_t code_point, char* out) {
  if (code_point < 0x80) {
    out[0] = static_cast<char>(code_point);
    return 1;
  }
  if (code_point < 0x800) {
    out[0] = static_cast<char>(0xC0 | (code_point >> 6));
    out[1] = static_cast<char>(0x80 | (code_point & 0x3F));
    return 2;
  }
  if (code_point < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (code_point >> 12));
    out[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (code_point & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (code_point >> 18));
  out[1] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (code_point & 0x3F));
  return 4;
}

template <bool kUpper>
struct CaseKernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    std::string_view text = input.view();
    // A mapped character is at most 1.5 times as long as its source (2-byte <-> 3-byte pairs).
    char* out = reinterpret_cast<char*>(arena.Allocate(text.size() + text.size() / 2 + 4, 1));
    const locale_t locale = Utf8Locale();
    size_t length = 0;
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (static_cast<unsigned char>(c) < 0x80 || locale == static_cast<locale_t>(0)) {
        if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        out[length++] = c;
        ++i;
        continue;
      }
      uint32_t code_point = 0;
      size_t consumed = DecodeUtf8(text, i, code_point);
      if (consumed == 0) {
        out[length++] = c;
        ++i;
        continue;
      }
      wint_t mapped = kUpper ? towupper_l(static_cast<wint_t>(code_point), locale)
                             : towlower_l(static_cast<wint_t>(code_point), locale);
      length += EncodeUtf8(static_cast<uint32_t>(mapped), out + length);
      i += consumed;
    }
    return StringRef(out, static_cast<uint32_t>(length));
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
