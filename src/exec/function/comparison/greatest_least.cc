// greatest(a, b, ...) and least(a, b, ...): the largest/smallest non-NULL argument; NULL only when
// every argument is NULL (PostgreSQL).
#include "exec/function/comparison/compare_values.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

template <bool kGreatest>
void GreatestLeastKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                         size_t count, Vector& result) {
  result.Reset();
  DispatchPhysical(result.type().id(), [&](auto tag) {
    using T = decltype(tag);
    T* out = result.data<T>();
    for (size_t i = 0; i < count; ++i) {
      bool found = false;
      T best{};
      for (const Vector* arg : args) {
        if (arg->IsNull(i)) continue;
        T value = ValueAt<T>(*arg, i);
        bool better = kGreatest ? ValueLess(best, value) : ValueLess(value, best);
        if (!found || better) {
          best = value;
          found = true;
        }
      }
      if (!found) {
        result.validity().SetInvalid(i);
        continue;
      }
      if constexpr (std::is_same_v<T, StringRef>) {
        out[i] = result.AddString(best.view());
      } else {
        out[i] = best;
      }
    }
  });
}

}  // namespace

void RegisterGreatestLeast(FunctionRegistry& registry) {
  for (LogicalType type : AllValueTypes()) {
    for (bool greatest : {true, false}) {
      ScalarFunction function =
          MakeScalar(greatest ? "greatest" : "least", {type}, type,
                     greatest ? GreatestLeastKernel<true> : GreatestLeastKernel<false>);
      function.varargs = type;
      function.null_propagating = false;
      if (type.id() == TypeId::kDecimal) function.bind = BindReturnFirstArgument;
      registry.AddScalar(std::move(function));
    }
  }
}

}  // namespace tarn::exec
