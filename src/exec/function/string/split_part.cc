// split_part(s, delimiter, n): the n-th field (1-based; negative counts from the end); '' when out
// of range; n = 0 is an error (PostgreSQL).
#include "exec/function/string/string_kernels.h"

#include <vector>

namespace tarn::exec {
namespace {

void SplitPartKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                     Vector& result) {
  std::vector<std::string_view> fields;
  int64_t row = ExecuteTernary<StringRef, StringRef, int64_t, StringRef>(
      *args[0], *args[1], *args[2], count, result,
      [&](StringRef s, StringRef delimiter, int64_t n, StringRef& out) {
        if (n == 0) return false;
        std::string_view text = s.view();
        std::string_view separator = delimiter.view();
        fields.clear();
        if (separator.empty()) {
          fields.push_back(text);
        } else {
          size_t position = 0;
          while (true) {
            size_t found = text.find(separator, position);
            if (found == std::string_view::npos) break;
            fields.push_back(text.substr(position, found - position));
            position = found + separator.size();
          }
          fields.push_back(text.substr(position));
        }
        int64_t size = static_cast<int64_t>(fields.size());
        int64_t index = n > 0 ? n - 1 : size + n;
        out = (index >= 0 && index < size) ? result.AddString(fields[index]) : StringRef();
        return true;
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kInvalidArgument, "field position must not be zero");
}

}  // namespace

void RegisterSplitPart(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("split_part",
                                {TypeId::kVarchar, TypeId::kVarchar, TypeId::kBigint},
                                TypeId::kVarchar, SplitPartKernel));
}

}  // namespace tarn::exec
