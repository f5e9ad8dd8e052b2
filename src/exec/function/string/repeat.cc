// repeat(s, n): s concatenated n times ('' for n <= 0); results over 64 MiB are an error.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

void RepeatKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  int64_t row = ExecuteBinary<StringRef, int64_t, StringRef>(
      *args[0], *args[1], count, result, [&result](StringRef s, int64_t n, StringRef& out) {
        if (n <= 0 || s.empty()) {
          out = StringRef();
          return true;
        }
        if (n > (int64_t{64} << 20) / static_cast<int64_t>(s.size())) return false;
        size_t size = s.size() * static_cast<size_t>(n);
        char* bytes = reinterpret_cast<char*>(result.string_arena().Allocate(size, 1));
        for (int64_t i = 0; i < n; ++i) std::memcpy(bytes + i * s.size(), s.data(), s.size());
        out = StringRef(bytes, static_cast<uint32_t>(size));
        return true;
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "requested length too large");
}

}  // namespace

void RegisterRepeat(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("repeat", {TypeId::kVarchar, TypeId::kBigint}, TypeId::kVarchar,
                                RepeatKernel));
}

}  // namespace tarn::exec
