// count(*) and count(x): rows, and non-NULL values of x. Never NULL (0 for no rows).
#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

struct CountState {
  int64_t count = 0;
};

void CountStarUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) ++reinterpret_cast<CountState*>(states[i])->count;
}

void CountValuesUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  const Vector& input = *args[0];
  if (input.IsConstant()) {
    if (input.IsNull(0)) return;
    CountStarUpdate(args, states, count);
    return;
  }
  const uint64_t* words = input.validity().words_if_any();
  if (words == nullptr) {
    CountStarUpdate(args, states, count);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    reinterpret_cast<CountState*>(states[i])->count += (words[i >> 6] >> (i & 63)) & 1;
  }
}

struct CountOperator {
  static void Combine(const CountState& source, CountState& target) {
    target.count += source.count;
  }
  static bool Finalize(const CountState& state, int64_t& out) {
    out = state.count;
    return true;
  }
};

AggregateFunction MakeCount(std::vector<LogicalType> arguments) {
  AggregateFunction function;
  function.name = "count";
  function.return_type = TypeId::kBigint;
  function.state_size = sizeof(CountState);
  function.state_alignment = alignof(CountState);
  function.initialize = InitializeStates<CountState>;
  function.update = arguments.empty() ? CountStarUpdate : CountValuesUpdate;
  function.combine = CombineStates<CountState, CountOperator>;
  function.finalize = FinalizeStates<CountState, int64_t, CountOperator>;
  function.arguments = std::move(arguments);
  return function;
}

}  // namespace

void RegisterCount(FunctionRegistry& registry) {
  registry.AddAggregate(MakeCount({}));
  for (LogicalType type : AllValueTypes()) registry.AddAggregate(MakeCount({type}));
  // count_star is the name the binder may use for count(*).
  AggregateFunction star = MakeCount({});
  star.name = "count_star";
  registry.AddAggregate(std::move(star));
}

}  // namespace tarn::exec
