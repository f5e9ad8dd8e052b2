// median(x) and quantile_cont(x, q): the continuous quantile of the
// non-NULL values of x as DOUBLE, interpolating linearly between the two nearest values as
// PostgreSQL's percentile_cont and DuckDB's quantile_cont do: with the n values sorted, the
// position q * (n - 1) lies between v[lo] and v[hi] and the result is v[lo] + (pos - lo) * (v[hi] -
// v[lo]). median(x) is quantile_cont(x, 0.5). NULL for no rows. q must be the same in every row
// (in practice a constant) and lie in [0, 1]. PostgreSQL's percentile_cont(q) WITHIN GROUP (ORDER
// BY x) is the same computation: the parser rewrites it to quantile_cont(x, q), and with ORDER BY x
// DESC to __percentile_cont_desc(x, q), which is quantile_cont(x, 1 - q). The discrete
// percentile_disc / quantile_disc live in quantile_disc.cc.
//
// Each state keeps its values (a heap vector owned by the state); merging concatenates and the
// result sorts, so it does not depend on the merge order.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

struct QuantileState {
  std::vector<double>* values = nullptr;
  double quantile = 0.5;
};

void AddValue(QuantileState& state, double value) {
  if (state.values == nullptr) state.values = new std::vector<double>();
  state.values->push_back(value);
}

void CheckQuantile(double quantile) {
  if (!(quantile >= 0 && quantile <= 1)) {
    throw Error(ErrorCode::kInvalidArgument,
                "quantile value " + Value::Double(quantile).ToString() + " is not between 0 and 1");
  }
}

// kHasQuantile false: median (one argument).
template <bool kHasQuantile>
void QuantileUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  const Vector& input = *args[0];
  double quantile = 0.5;
  if constexpr (kHasQuantile) {
    const Vector& quantiles = *args[1];
    bool first = true;
    for (size_t i = 0; i < count; ++i) {
      if (quantiles.IsNull(i)) {
        throw Error(ErrorCode::kInvalidArgument, "quantile value must not be NULL");
      }
      double value = ValueAt<double>(quantiles, i);
      if (!first && value != quantile) {
        throw Error(ErrorCode::kNotSupported,
                    "not supported: a quantile that differs between rows (use a constant)");
      }
      quantile = value;
      first = false;
      if (quantiles.IsConstant()) break;
    }
    CheckQuantile(quantile);
  }
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<QuantileState*>(states[i]);
    state.quantile = quantile;
    if (input.IsNull(i)) continue;
    AddValue(state, ValueAt<double>(input, i));
  }
}

void QuantileCombine(uint8_t** source, uint8_t** target, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& from = *reinterpret_cast<QuantileState*>(source[i]);
    auto& to = *reinterpret_cast<QuantileState*>(target[i]);
    if (from.values == nullptr) continue;
    to.quantile = from.quantile;
    if (to.values == nullptr) {
      std::swap(to.values, from.values);  // the source is destroyed after the merge
      continue;
    }
    to.values->insert(to.values->end(), from.values->begin(), from.values->end());
  }
}

template <bool kDescending>
void QuantileFinalize(uint8_t** states, size_t count, Vector& result, size_t offset) {
  double* out = result.data<double>();
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<QuantileState*>(states[i]);
    if (state.values == nullptr || state.values->empty()) {
      result.validity().SetInvalid(offset + i);
      continue;
    }
    std::vector<double>& values = *state.values;
    double quantile = kDescending ? 1 - state.quantile : state.quantile;
    double position = quantile * static_cast<double>(values.size() - 1);
    size_t lower = static_cast<size_t>(std::floor(position));
    size_t upper = static_cast<size_t>(std::ceil(position));
    std::nth_element(values.begin(), values.begin() + lower, values.end());
    double low = values[lower];
    double high = low;
    if (upper != lower) high = *std::min_element(values.begin() + lower + 1, values.end());
    result.validity().SetValid(offset + i);
    out[offset + i] = low + (position - static_cast<double>(lower)) * (high - low);
  }
}

void QuantileDestroy(uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<QuantileState*>(states[i]);
    delete state.values;
    state.values = nullptr;
  }
}

AggregateFunction MakeQuantile(const char* name, bool has_quantile, bool descending = false) {
  AggregateFunction function;
  function.name = name;
  function.arguments = {TypeId::kDouble};
  if (has_quantile) function.arguments.push_back(TypeId::kDouble);
  function.return_type = TypeId::kDouble;
  function.state_size = sizeof(QuantileState);
  function.state_alignment = alignof(QuantileState);
  function.initialize = InitializeStates<QuantileState>;
  function.update = has_quantile ? QuantileUpdate<true> : QuantileUpdate<false>;
  function.combine = QuantileCombine;
  function.finalize = descending ? QuantileFinalize<true> : QuantileFinalize<false>;
  function.destroy = QuantileDestroy;
  return function;
}

}  // namespace

void RegisterQuantile(FunctionRegistry& registry) {
  registry.AddAggregate(MakeQuantile("median", false));
  registry.AddAggregate(MakeQuantile("quantile_cont", true));
  registry.AddAggregate(MakeQuantile("__percentile_cont_desc", true, true));
}

}  // namespace tarn::exec
