// left(s, n), right(s, n): the first/last n characters; a negative n drops |n| characters from the
// other end (PostgreSQL).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct LeftKernel {
  static StringRef Apply(StringRef s, int64_t n, Arena& arena) {
    std::string_view text = s.view();
    int64_t length = Utf8Length(text);
    int64_t keep = n >= 0 ? std::min(n, length) : std::max<int64_t>(0, length + n);
    return arena.AddString(text.substr(0, Utf8Advance(text, keep)));
  }
};

struct RightKernel {
  static StringRef Apply(StringRef s, int64_t n, Arena& arena) {
    std::string_view text = s.view();
    int64_t length = Utf8Length(text);
    int64_t keep = n >= 0 ? std::min(n, length) : std::max<int64_t>(0, length + n);
    return arena.AddString(text.substr(Utf8Advance(text, length - keep)));
  }
};

}  // namespace

void RegisterLeftRight(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("left", {TypeId::kVarchar, TypeId::kBigint}, TypeId::kVarchar,
                                BinaryStringFunction<StringRef, int64_t, LeftKernel>));
  registry.AddScalar(MakeScalar("right", {TypeId::kVarchar, TypeId::kBigint}, TypeId::kVarchar,
                                BinaryStringFunction<StringRef, int64_t, RightKernel>));
}

}  // namespace tarn::exec
