// bool_and(x) / bool_or(x): NULL for no non-NULL rows.
#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

struct BoolState {
  uint8_t value = 0;
  bool has_value = false;
};

template <bool kAnd>
struct BoolOperator {
  static void Update(BoolState& state, uint8_t value) {
    state.value = state.has_value ? (kAnd ? (state.value & value) : (state.value | value)) : value;
    state.has_value = true;
  }
  static void Combine(const BoolState& source, BoolState& target) {
    if (source.has_value) Update(target, source.value);
  }
  static bool Finalize(const BoolState& state, uint8_t& out) {
    out = state.value;
    return state.has_value;
  }
};

}  // namespace

void RegisterBoolAndOr(FunctionRegistry& registry) {
  registry.AddAggregate(MakeUnaryAggregate<BoolState, uint8_t, uint8_t, BoolOperator<true>>(
      "bool_and", TypeId::kBoolean, TypeId::kBoolean));
  registry.AddAggregate(MakeUnaryAggregate<BoolState, uint8_t, uint8_t, BoolOperator<false>>(
      "bool_or", TypeId::kBoolean, TypeId::kBoolean));
}

}  // namespace tarn::exec
