// coalesce(a, b, ...): the first non-NULL argument.
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

void CoalesceKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                    Vector& result) {
  result.Reset();
  DispatchPhysical(result.type().id(), [&](auto tag) {
    using T = decltype(tag);
    T* out = result.data<T>();
    for (size_t i = 0; i < count; ++i) {
      const Vector* chosen = nullptr;
      for (const Vector* arg : args) {
        if (!arg->IsNull(i)) {
          chosen = arg;
          break;
        }
      }
      if (chosen == nullptr) {
        result.validity().SetInvalid(i);
      } else if constexpr (std::is_same_v<T, StringRef>) {
        out[i] = result.AddString(ValueAt<T>(*chosen, i).view());
      } else {
        out[i] = ValueAt<T>(*chosen, i);
      }
    }
  });
}

}  // namespace

void RegisterCoalesce(FunctionRegistry& registry) {
  for (LogicalType type : AllValueTypes()) {
    ScalarFunction function = MakeScalar("coalesce", {type}, type, CoalesceKernel);
    function.varargs = type;
    function.null_propagating = false;
    if (type.id() == TypeId::kDecimal) function.bind = BindReturnFirstArgument;
    registry.AddScalar(std::move(function));
  }
}

}  // namespace tarn::exec
