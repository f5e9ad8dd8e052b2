// min(x), max(x) on every type, plus any_value(x)/first(x) (the first non-NULL value in the
// engine's fixed merge order). Strings are copied into memory the state owns, so they outlive the
// batch; destroy frees it. NULL when there are no non-NULL rows.
#include <cstdlib>
#include <cstring>

#include "exec/function/aggregate/aggregate_templates.h"
#include "exec/function/comparison/compare_values.h"

namespace tarn::exec {
namespace {

template <class T>
struct ExtremeState {
  T value{};
  bool has_value = false;
};

// Keeps the preferred value: kMode 0 = min, 1 = max, 2 = first.
template <int kMode>
struct ExtremeOperator {
  template <class T>
  static bool Prefer(T candidate, const ExtremeState<T>& state) {
    if (!state.has_value) return true;
    if constexpr (kMode == 0) return ValueLess(candidate, state.value);
    if constexpr (kMode == 1) return ValueLess(state.value, candidate);
    return false;
  }
  template <class T>
  static void Update(ExtremeState<T>& state, T value) {
    if (Prefer(value, state)) {
      state.value = value;
      state.has_value = true;
    }
  }
  template <class T>
  static void Combine(const ExtremeState<T>& source, ExtremeState<T>& target) {
    if (source.has_value) Update(target, source.value);
  }
  template <class T>
  static bool Finalize(const ExtremeState<T>& state, T& out) {
    out = state.value;
    return state.has_value;
  }
};

// Strings: the value's bytes live in 'owned' (malloc'd) unless they fit inline.
struct StringExtremeState {
  StringRef value;
  char* owned = nullptr;
  uint32_t capacity = 0;
  bool has_value = false;
};

template <int kMode>
struct StringExtremeOperator {
  static void Assign(StringExtremeState& state, StringRef value) {
    state.has_value = true;
    if (value.IsInlined()) {
      state.value = value;
      return;
    }
    if (state.capacity < value.size()) {
      std::free(state.owned);
      state.owned = static_cast<char*>(std::malloc(value.size()));
      if (state.owned == nullptr) throw std::bad_alloc();
      state.capacity = value.size();
    }
    std::memcpy(state.owned, value.data(), value.size());
    state.value = StringRef(state.owned, value.size());
  }
  static void Update(StringExtremeState& state, StringRef value) {
    bool prefer;
    if (!state.has_value) {
      prefer = true;
    } else if constexpr (kMode == 0) {
      prefer = value.Compare(state.value) < 0;
    } else if constexpr (kMode == 1) {
      prefer = value.Compare(state.value) > 0;
    } else {
      prefer = false;
    }
    if (prefer) Assign(state, value);
  }
  static void Combine(const StringExtremeState& source, StringExtremeState& target) {
    if (source.has_value) Update(target, source.value);
  }
  static bool Finalize(const StringExtremeState& state, StringRef& out) {
    out = state.value;
    return state.has_value;
  }
  static void Destroy(StringExtremeState& state) {
    std::free(state.owned);
    state.owned = nullptr;
  }
};

template <int kMode>
void RegisterExtreme(FunctionRegistry& registry, const char* name) {
  using Op = ExtremeOperator<kMode>;
  auto add = [&](LogicalType type, AggregateFunction function) {
    if (type.id() == TypeId::kDecimal) function.bind = BindReturnFirstArgument;
    registry.AddAggregate(std::move(function));
  };
  add(TypeId::kBoolean, MakeUnaryAggregate<ExtremeState<uint8_t>, uint8_t, uint8_t, Op>(
                            name, TypeId::kBoolean, TypeId::kBoolean));
  add(TypeId::kInteger, MakeUnaryAggregate<ExtremeState<int32_t>, int32_t, int32_t, Op>(
                            name, TypeId::kInteger, TypeId::kInteger));
  add(TypeId::kBigint, MakeUnaryAggregate<ExtremeState<int64_t>, int64_t, int64_t, Op>(
                           name, TypeId::kBigint, TypeId::kBigint));
  add(AnyDecimal(), MakeUnaryAggregate<ExtremeState<int64_t>, int64_t, int64_t, Op>(
                        name, AnyDecimal(), AnyDecimal()));
  add(TypeId::kDouble, MakeUnaryAggregate<ExtremeState<double>, double, double, Op>(
                           name, TypeId::kDouble, TypeId::kDouble));
  add(TypeId::kVarchar,
      MakeUnaryAggregate<StringExtremeState, StringRef, StringRef, StringExtremeOperator<kMode>>(
          name, TypeId::kVarchar, TypeId::kVarchar));
  add(TypeId::kDate, MakeUnaryAggregate<ExtremeState<int32_t>, int32_t, int32_t, Op>(
                         name, TypeId::kDate, TypeId::kDate));
  add(TypeId::kTimestamp, MakeUnaryAggregate<ExtremeState<int64_t>, int64_t, int64_t, Op>(
                              name, TypeId::kTimestamp, TypeId::kTimestamp));
}

}  // namespace

void RegisterMinMax(FunctionRegistry& registry) {
  RegisterExtreme<0>(registry, "min");
  RegisterExtreme<1>(registry, "max");
  RegisterExtreme<2>(registry, "any_value");
  RegisterExtreme<2>(registry, "first");
}

}  // namespace tarn::exec
