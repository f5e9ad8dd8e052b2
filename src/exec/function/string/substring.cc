// substr(s, start[, length]) / substring: 1-based character positions; a start before 1 eats into
// the length as in PostgreSQL (substring('hello', 0, 3) = 'he'); a negative length is an error.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

StringRef Substring(StringRef input, int64_t start, int64_t length, bool has_length) {
  std::string_view text = input.view();
  int64_t end = has_length ? start + length : INT64_MAX;  // exclusive, in characters
  if (has_length && __builtin_add_overflow(start, length, &end)) end = INT64_MAX;
  int64_t first = start < 1 ? 1 : start;
  if (end <= first) return StringRef();
  size_t begin = Utf8Advance(text, first - 1);
  size_t stop = end == INT64_MAX ? text.size() : begin + Utf8Advance(text.substr(begin), end - first);
  return StringRef(text.data() + begin, static_cast<uint32_t>(stop - begin));
}

void SubstringFromKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                         size_t count, Vector& result) {
  ExecuteBinary<StringRef, int64_t, StringRef>(
      *args[0], *args[1], count, result, [&result](StringRef s, int64_t start, StringRef& out) {
        out = result.AddString(Substring(s, start, 0, false).view());
        return true;
      });
}

void SubstringKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                     Vector& result) {
  int64_t row = ExecuteTernary<StringRef, int64_t, int64_t, StringRef>(
      *args[0], *args[1], *args[2], count, result,
      [&result](StringRef s, int64_t start, int64_t length, StringRef& out) {
        if (length < 0) return false;
        out = result.AddString(Substring(s, start, length, true).view());
        return true;
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kInvalidArgument, "negative substring length not allowed");
}

}  // namespace

void RegisterSubstring(FunctionRegistry& registry) {
  for (const char* name : {"substr", "substring"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kBigint}, TypeId::kVarchar,
                                  SubstringFromKernel));
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kBigint, TypeId::kBigint},
                                  TypeId::kVarchar, SubstringKernel));
  }
}

}  // namespace tarn::exec
