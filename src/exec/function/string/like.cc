// s LIKE pattern [ESCAPE e], ILIKE (ASCII case-insensitive), and their NOT forms, registered as
// like/not_like/ilike/not_ilike with 2 or 3 arguments. '%' matches any run of characters, '_' one
// character; the escape character (default '\', as in PostgreSQL) makes the next one literal. An
// escape character at the very end of a pattern matches itself.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

inline char Fold(char c, bool case_insensitive) {
  return case_insensitive && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// Iterative matcher: on a mismatch it backtracks to the last '%' and lets it swallow one more
// character, which is linear in practice and never recursive.
bool LikeMatch(std::string_view text, std::string_view pattern, int escape, bool fold) {
  size_t t = 0;
  size_t p = 0;
  size_t star_pattern = std::string_view::npos;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '%') {
        star_pattern = ++p;
        star_text = t;
        continue;
      }
      if (c == '_') {
        t += Utf8CharLength(static_cast<unsigned char>(text[t]));
        ++p;
        continue;
      }
      size_t width = 1;
      if (escape >= 0 && c == static_cast<char>(escape) && p + 1 < pattern.size()) {
        c = pattern[p + 1];
        width = 2;
      }
      if (Fold(text[t], fold) == Fold(c, fold)) {
        ++t;
        p += width;
        continue;
      }
    }
    if (star_pattern == std::string_view::npos) return false;
    star_text += Utf8CharLength(static_cast<unsigned char>(text[star_text]));
    t = star_text;
    p = star_pattern;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

template <bool kFold, bool kNegated>
void LikeKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                Vector& result) {
  if (args.size() == 2) {
    ExecuteBinary<StringRef, StringRef, uint8_t>(
        *args[0], *args[1], count, result, [](StringRef s, StringRef pattern, uint8_t& out) {
          out = LikeMatch(s.view(), pattern.view(), '\\', kFold) != kNegated;
          return true;
        });
    return;
  }
  int64_t row = ExecuteTernary<StringRef, StringRef, StringRef, uint8_t>(
      *args[0], *args[1], *args[2], count, result,
      [](StringRef s, StringRef pattern, StringRef escape, uint8_t& out) {
        if (escape.size() > 1) return false;
        int escape_char = escape.empty() ? -1 : static_cast<unsigned char>(escape.data()[0]);
        out = LikeMatch(s.view(), pattern.view(), escape_char, kFold) != kNegated;
        return true;
      });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument, "invalid escape string: must be one character");
  }
}

template <bool kFold, bool kNegated>
void Register(FunctionRegistry& registry, const char* name) {
  registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kBoolean,
                                LikeKernel<kFold, kNegated>));
  registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar},
                                TypeId::kBoolean, LikeKernel<kFold, kNegated>));
}

}  // namespace

void RegisterLike(FunctionRegistry& registry) {
  Register<false, false>(registry, "like");
  Register<false, true>(registry, "not_like");
  Register<true, false>(registry, "ilike");
  Register<true, true>(registry, "not_ilike");
}

}  // namespace tarn::exec
