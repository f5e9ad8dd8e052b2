// replace(s, from, to): every occurrence of 'from' replaced; an empty 'from' changes nothing.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

void ReplaceKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  std::string buffer;
  ExecuteTernary<StringRef, StringRef, StringRef, StringRef>(
      *args[0], *args[1], *args[2], count, result,
      [&](StringRef s, StringRef from, StringRef to, StringRef& out) {
        std::string_view text = s.view();
        std::string_view pattern = from.view();
        if (pattern.empty()) {
          out = result.AddString(text);
          return true;
        }
        buffer.clear();
        size_t position = 0;
        while (true) {
          size_t found = text.find(pattern, position);
          if (found == std::string_view::npos) break;
          buffer.append(text.substr(position, found - position));
          buffer.append(to.view());
          position = found + pattern.size();
        }
        buffer.append(text.substr(position));
        out = result.AddString(buffer);
        return true;
      });
}

}  // namespace

void RegisterReplace(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("replace", {TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar},
                                TypeId::kVarchar, ReplaceKernel));
}

}  // namespace tarn::exec
