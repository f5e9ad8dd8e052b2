// nullif(a, b): NULL when a = b, else a.
#include "exec/function/comparison/compare_values.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

void NullIfKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  const Vector& left = *args[0];
  const Vector& right = *args[1];
  result.Reset();
  DispatchPhysical(result.type().id(), [&](auto tag) {
    using T = decltype(tag);
    T* out = result.data<T>();
    for (size_t i = 0; i < count; ++i) {
      if (left.IsNull(i)) {
        result.validity().SetInvalid(i);
        continue;
      }
      T value = ValueAt<T>(left, i);
      if (!right.IsNull(i) && ValueEquals(value, ValueAt<T>(right, i))) {
        result.validity().SetInvalid(i);
        continue;
      }
      if constexpr (std::is_same_v<T, StringRef>) {
        out[i] = result.AddString(value.view());
      } else {
        out[i] = value;
      }
    }
  });
}

}  // namespace

void RegisterNullIf(FunctionRegistry& registry) {
  for (LogicalType type : AllValueTypes()) {
    ScalarFunction function = MakeScalar("nullif", {type, type}, type, NullIfKernel);
    function.null_propagating = false;
    if (type.id() == TypeId::kDecimal) function.bind = BindReturnFirstArgument;
    registry.AddScalar(std::move(function));
  }
}

}  // namespace tarn::exec
