// lpad(s, length[, fill]), rpad(...): pads with 'fill' (default ' ') to 'length' characters, or
// truncates s to 'length' characters when it is longer (PostgreSQL).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

constexpr int64_t kMaxPadLength = 64 * 1024 * 1024;

template <bool kLeft>
bool Pad(StringRef input, int64_t length, std::string_view fill, std::string& buffer) {
  if (length > kMaxPadLength) return false;
  std::string_view text = input.view();
  buffer.clear();
  if (length <= 0) return true;
  int64_t characters = Utf8Length(text);
  if (characters >= length || fill.empty()) {
    buffer.append(text.substr(0, Utf8Advance(text, std::min(characters, length))));
    return true;
  }
  std::string padding;
  int64_t missing = length - characters;
  size_t fill_position = 0;
  while (missing > 0) {
    size_t step = Utf8CharLength(static_cast<unsigned char>(fill[fill_position]));
    step = std::min(step, fill.size() - fill_position);
    padding.append(fill.substr(fill_position, step));
    fill_position += step;
    if (fill_position >= fill.size()) fill_position = 0;
    --missing;
  }
  if (kLeft) {
    buffer = padding;
    buffer.append(text);
  } else {
    buffer.append(text);
    buffer.append(padding);
  }
  return true;
}

template <bool kLeft>
void PadKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  std::string buffer;
  int64_t row;
  if (args.size() == 2) {
    row = ExecuteBinary<StringRef, int64_t, StringRef>(
        *args[0], *args[1], count, result, [&](StringRef s, int64_t length, StringRef& out) {
          if (!Pad<kLeft>(s, length, " ", buffer)) return false;
          out = result.AddString(buffer);
          return true;
        });
  } else {
    row = ExecuteTernary<StringRef, int64_t, StringRef, StringRef>(
        *args[0], *args[1], *args[2], count, result,
        [&](StringRef s, int64_t length, StringRef fill, StringRef& out) {
          if (!Pad<kLeft>(s, length, fill.view(), buffer)) return false;
          out = result.AddString(buffer);
          return true;
        });
  }
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "requested length too large");
}

}  // namespace

void RegisterPad(FunctionRegistry& registry) {
  for (bool left : {true, false}) {
    const char* name = left ? "lpad" : "rpad";
    ScalarKernel kernel = left ? PadKernel<true> : PadKernel<false>;
    registry.AddScalar(
        MakeScalar(name, {TypeId::kVarchar, TypeId::kBigint}, TypeId::kVarchar, kernel));
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kBigint, TypeId::kVarchar},
                                  TypeId::kVarchar, kernel));
  }
}

}  // namespace tarn::exec
