// starts_with(s, prefix), ends_with(s, suffix), contains(s, needle) -> BOOLEAN.
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct StartsWithKernel {
  static uint8_t Apply(StringRef s, StringRef prefix) { return s.view().starts_with(prefix.view()); }
};
struct EndsWithKernel {
  static uint8_t Apply(StringRef s, StringRef suffix) { return s.view().ends_with(suffix.view()); }
};
struct ContainsKernel {
  static uint8_t Apply(StringRef s, StringRef needle) {
    return s.view().find(needle.view()) != std::string_view::npos;
  }
};

}  // namespace

void RegisterStartsWithContains(FunctionRegistry& registry) {
  auto add = [&](const char* name, ScalarKernel kernel) {
    registry.AddScalar(
        MakeScalar(name, {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kBoolean, kernel));
  };
  add("starts_with", BinaryFunction<StringRef, StringRef, uint8_t, StartsWithKernel>);
  add("ends_with", BinaryFunction<StringRef, StringRef, uint8_t, EndsWithKernel>);
  add("contains", BinaryFunction<StringRef, StringRef, uint8_t, ContainsKernel>);
}

}  // namespace tarn::exec
