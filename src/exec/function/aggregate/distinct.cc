// count(DISTINCT x), sum(DISTINCT x), avg(DISTINCT x): each state owns a hash set of the values
// seen. Merging is a set union, so the result does not depend on merge order; DOUBLE sums add the
// distinct values in sorted order for the same reason.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_set>

#include "exec/function/aggregate/aggregate_templates.h"
#include "exec/function/aggregate/compensated_sum.h"

namespace tarn::exec {
namespace {

// Fixed-width values are kept as their 64-bit pattern (doubles normalized: -0 = 0, one NaN).
template <class In>
int64_t KeyOf(In value) {
  if constexpr (std::is_same_v<In, double>) {
    if (value == 0) value = 0;
    if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
    int64_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
  } else {
    return static_cast<int64_t>(value);
  }
}

template <class Key>
struct DistinctState {
  std::unordered_set<Key>* values = nullptr;
};

template <class Key>
struct DistinctOperatorBase {
  static void Insert(DistinctState<Key>& state, Key key) {
    if (state.values == nullptr) state.values = new std::unordered_set<Key>();
    state.values->insert(std::move(key));
  }
  static void Combine(const DistinctState<Key>& source, DistinctState<Key>& target) {
    if (source.values == nullptr) return;
    for (const Key& key : *source.values) Insert(target, key);
  }
  static void Destroy(DistinctState<Key>& state) {
    delete state.values;
    state.values = nullptr;
  }
};

struct CountDistinctOperator : DistinctOperatorBase<int64_t> {
  template <class In>
  static void Update(DistinctState<int64_t>& state, In value) {
    Insert(state, KeyOf(value));
  }
  static bool Finalize(const DistinctState<int64_t>& state, int64_t& out) {
    out = state.values == nullptr ? 0 : static_cast<int64_t>(state.values->size());
    return true;
  }
};

struct CountDistinctStringOperator : DistinctOperatorBase<std::string> {
  static void Update(DistinctState<std::string>& state, StringRef value) {
    Insert(state, value.ToString());
  }
  static bool Finalize(const DistinctState<std::string>& state, int64_t& out) {
    out = state.values == nullptr ? 0 : static_cast<int64_t>(state.values->size());
    return true;
  }
};

// kAverage false: sum; true: avg. In: INTEGER/BIGINT/DECIMAL (exact) or DOUBLE.
template <class In, bool kAverage>
struct SumDistinctOperator : DistinctOperatorBase<int64_t> {
  static void Update(DistinctState<int64_t>& state, In value) { Insert(state, KeyOf(value)); }
  template <class Out>
  static bool Finalize(const DistinctState<int64_t>& state, Out& out) {
    if (state.values == nullptr || state.values->empty()) return false;
    double count = static_cast<double>(state.values->size());
    if constexpr (std::is_same_v<In, double>) {
      std::vector<double> values;
      values.reserve(state.values->size());
      for (int64_t bits : *state.values) {
        double value;
        std::memcpy(&value, &bits, sizeof(value));
        values.push_back(value);
      }
      std::sort(values.begin(), values.end());
      CompensatedSum sum;
      for (double value : values) sum.Add(value);
      out = static_cast<Out>(kAverage ? sum.Value() / count : sum.Value());
    } else {
      __int128 sum = 0;
      for (int64_t value : *state.values) sum += value;
      if constexpr (kAverage) {
        out = static_cast<Out>(static_cast<double>(sum) / count);
      } else {
        if (sum > INT64_MAX || sum < INT64_MIN) {
          throw Error(ErrorCode::kOutOfRange, "bigint out of range in sum");
        }
        out = static_cast<Out>(sum);
      }
    }
    return true;
  }
};

template <class Op, class Out>
struct FinalizeAs : Op {
  static bool Finalize(const DistinctState<int64_t>& state, Out& out) {
    return Op::template Finalize<Out>(state, out);
  }
};

template <class In, class Out, class Op>
AggregateFunction MakeDistinct(const char* name, LogicalType argument, LogicalType return_type) {
  AggregateFunction function =
      MakeUnaryAggregate<DistinctState<int64_t>, In, Out, Op>(name, argument, return_type);
  function.distinct = true;
  return function;
}

std::unique_ptr<FunctionData> BindDecimalSumDistinct(const std::vector<LogicalType>& types,
                                                     LogicalType& return_type) {
  return_type = LogicalType::Decimal(kMaxDecimalWidth, types[0].scale());
  return nullptr;
}

}  // namespace

void RegisterDistinctAggregates(FunctionRegistry& registry) {
  registry.AddAggregate(MakeDistinct<uint8_t, int64_t, CountDistinctOperator>(
      "count", TypeId::kBoolean, TypeId::kBigint));
  registry.AddAggregate(MakeDistinct<int32_t, int64_t, CountDistinctOperator>(
      "count", TypeId::kInteger, TypeId::kBigint));
  registry.AddAggregate(MakeDistinct<int64_t, int64_t, CountDistinctOperator>(
      "count", TypeId::kBigint, TypeId::kBigint));
  registry.AddAggregate(MakeDistinct<int64_t, int64_t, CountDistinctOperator>(
      "count", AnyDecimal(), TypeId::kBigint));
  registry.AddAggregate(MakeDistinct<double, int64_t, CountDistinctOperator>(
      "count", TypeId::kDouble, TypeId::kBigint));
  AggregateFunction strings =
      MakeUnaryAggregate<DistinctState<std::string>, StringRef, int64_t,
                         CountDistinctStringOperator>("count", TypeId::kVarchar, TypeId::kBigint);
  strings.distinct = true;
  registry.AddAggregate(std::move(strings));
  registry.AddAggregate(MakeDistinct<int32_t, int64_t, CountDistinctOperator>(
      "count", TypeId::kDate, TypeId::kBigint));
  registry.AddAggregate(MakeDistinct<int64_t, int64_t, CountDistinctOperator>(
      "count", TypeId::kTimestamp, TypeId::kBigint));

  registry.AddAggregate(
      MakeDistinct<int32_t, int64_t, FinalizeAs<SumDistinctOperator<int32_t, false>, int64_t>>(
          "sum", TypeId::kInteger, TypeId::kBigint));
  registry.AddAggregate(
      MakeDistinct<int64_t, int64_t, FinalizeAs<SumDistinctOperator<int64_t, false>, int64_t>>(
          "sum", TypeId::kBigint, TypeId::kBigint));
  AggregateFunction decimal_sum =
      MakeDistinct<int64_t, int64_t, FinalizeAs<SumDistinctOperator<int64_t, false>, int64_t>>(
          "sum", AnyDecimal(), LogicalType::Decimal(kMaxDecimalWidth, 0));
  decimal_sum.bind = BindDecimalSumDistinct;
  registry.AddAggregate(std::move(decimal_sum));
  registry.AddAggregate(
      MakeDistinct<double, double, FinalizeAs<SumDistinctOperator<double, false>, double>>(
          "sum", TypeId::kDouble, TypeId::kDouble));

  registry.AddAggregate(
      MakeDistinct<int32_t, double, FinalizeAs<SumDistinctOperator<int32_t, true>, double>>(
          "avg", TypeId::kInteger, TypeId::kDouble));
  registry.AddAggregate(
      MakeDistinct<int64_t, double, FinalizeAs<SumDistinctOperator<int64_t, true>, double>>(
          "avg", TypeId::kBigint, TypeId::kDouble));
  registry.AddAggregate(
      MakeDistinct<double, double, FinalizeAs<SumDistinctOperator<double, true>, double>>(
          "avg", TypeId::kDouble, TypeId::kDouble));
}

}  // namespace tarn::exec
