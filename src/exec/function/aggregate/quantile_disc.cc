// quantile_disc(x, q): the discrete quantile of the non-NULL values of x, a value of x itself (same
// type), as PostgreSQL's percentile_disc(q) WITHIN GROUP (ORDER BY x) and DuckDB's quantile_disc
// define it: with the n values sorted, the first value whose position reaches the fraction q, i.e.
// v[max(0, ceil(q * n) - 1)]. The parser rewrites percentile_disc(q) WITHIN GROUP (ORDER BY x) to
// quantile_disc(x, q) and the DESC form to __percentile_disc_desc(x, q), which takes the same index
// in descending order. NULL for no rows; q must be constant and lie in [0, 1].
//
// Each state keeps its values in a heap vector; merging concatenates and the result selects with
// nth_element, so it does not depend on the merge order.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

// Values are kept as T; VARCHAR (StringRef input) keeps owned copies.
template <class T>
struct Stored {
  using Type = T;
};
template <>
struct Stored<StringRef> {
  using Type = std::string;
};

template <class T>
struct DiscState {
  std::vector<typename Stored<T>::Type>* values = nullptr;
  double quantile = 0.5;
};

// Reads the (constant) quantile of this batch; throws for NULL, differing or out-of-range values.
double BatchQuantile(const Vector& quantiles, size_t count) {
  double quantile = 0.5;
  for (size_t i = 0; i < count; ++i) {
    if (quantiles.IsNull(i)) {
      throw Error(ErrorCode::kInvalidArgument, "quantile value must not be NULL");
    }
    double value = ValueAt<double>(quantiles, i);
    if (i > 0 && value != quantile) {
      throw Error(ErrorCode::kNotSupported,
                  "not supported: a quantile that differs between rows (use a constant)");
    }
    quantile = value;
    if (quantiles.IsConstant()) break;
  }
  if (!(quantile >= 0 && quantile <= 1)) {
    throw Error(ErrorCode::kInvalidArgument,
                "quantile value " + Value::Double(quantile).ToString() + " is not between 0 and 1");
  }
  return quantile;
}

template <class T>
void DiscUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  if (count == 0) return;
  const Vector& input = *args[0];
  double quantile = BatchQuantile(*args[1], count);
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<DiscState<T>*>(states[i]);
    state.quantile = quantile;
    if (input.IsNull(i)) continue;
    if (state.values == nullptr) state.values = new std::vector<typename Stored<T>::Type>();
    if constexpr (std::is_same_v<T, StringRef>) {
      StringRef value = input.data<StringRef>()[input.IsConstant() ? 0 : i];
      state.values->emplace_back(value.data(), value.size());
    } else {
      state.values->push_back(ValueAt<T>(input, i));
    }
  }
}

template <class T>
void DiscCombine(uint8_t** source, uint8_t** target, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& from = *reinterpret_cast<DiscState<T>*>(source[i]);
    auto& to = *reinterpret_cast<DiscState<T>*>(target[i]);
    if (from.values == nullptr) continue;
    to.quantile = from.quantile;
    if (to.values == nullptr) {
      std::swap(to.values, from.values);  // the source is destroyed after the merge
      continue;
    }
    to.values->insert(to.values->end(), from.values->begin(), from.values->end());
  }
}

template <class T, bool kDescending>
void DiscFinalize(uint8_t** states, size_t count, Vector& result, size_t offset) {
  T* out = result.data<T>();
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<DiscState<T>*>(states[i]);
    if (state.values == nullptr || state.values->empty()) {
      result.validity().SetInvalid(offset + i);
      continue;
    }
    auto& values = *state.values;
    size_t n = values.size();
    // q * n, snapped to an integer when it is one up to rounding (0.3 * 10 is 3, not 3.0000000004).
    double product = state.quantile * static_cast<double>(n);
    double nearest = std::round(product);
    if (std::fabs(product - nearest) <= 1e-9 * std::max(1.0, product)) product = nearest;
    double rank = std::ceil(product);
    size_t index = rank < 1 ? 0 : std::min(n - 1, static_cast<size_t>(rank) - 1);
    if (kDescending) index = n - 1 - index;
    std::nth_element(values.begin(), values.begin() + index, values.end());
    result.validity().SetValid(offset + i);
    if constexpr (std::is_same_v<T, StringRef>) {
      out[offset + i] = result.AddString(values[index]);
    } else {
      out[offset + i] = values[index];
    }
  }
}

template <class T>
void DiscDestroy(uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<DiscState<T>*>(states[i]);
    delete state.values;
    state.values = nullptr;
  }
}

template <class T>
AggregateFunction MakeDisc(const char* name, LogicalType type, bool descending) {
  AggregateFunction function;
  function.name = name;
  function.arguments = {type, TypeId::kDouble};
  function.return_type = type;
  function.state_size = sizeof(DiscState<T>);
  function.state_alignment = alignof(DiscState<T>);
  function.initialize = InitializeStates<DiscState<T>>;
  function.update = DiscUpdate<T>;
  function.combine = DiscCombine<T>;
  function.finalize = descending ? DiscFinalize<T, true> : DiscFinalize<T, false>;
  function.destroy = DiscDestroy<T>;
  if (type.id() == TypeId::kDecimal) function.bind = BindReturnFirstArgument;
  return function;
}

void RegisterDisc(FunctionRegistry& registry, const char* name, bool descending) {
  registry.AddAggregate(MakeDisc<int32_t>(name, TypeId::kInteger, descending));
  registry.AddAggregate(MakeDisc<int64_t>(name, TypeId::kBigint, descending));
  registry.AddAggregate(MakeDisc<int64_t>(name, AnyDecimal(), descending));
  registry.AddAggregate(MakeDisc<double>(name, TypeId::kDouble, descending));
  registry.AddAggregate(MakeDisc<int32_t>(name, TypeId::kDate, descending));
  registry.AddAggregate(MakeDisc<int64_t>(name, TypeId::kTimestamp, descending));
  registry.AddAggregate(MakeDisc<StringRef>(name, TypeId::kVarchar, descending));
}

}  // namespace

void RegisterQuantileDisc(FunctionRegistry& registry) {
  RegisterDisc(registry, "quantile_disc", false);
  RegisterDisc(registry, "__percentile_disc_desc", true);
}

}  // namespace tarn::exec
