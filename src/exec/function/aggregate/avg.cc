// avg(x) -> DOUBLE: NULL for no non-NULL rows. Integers and decimals sum exactly in 128 bits and
// divide once; doubles use a compensated sum.
#include "exec/function/aggregate/aggregate_templates.h"
#include "exec/function/aggregate/compensated_sum.h"

namespace tarn::exec {
namespace {

struct IntegerAverageState {
  __int128 sum = 0;
  int64_t count = 0;
  int64_t divisor = 1;  // 10^scale for DECIMAL input, set by the first update
};

struct IntegerAverageOperator {
  template <class In>
  static void Update(IntegerAverageState& state, In value) {
    state.sum += value;
    ++state.count;
  }
  static void Combine(const IntegerAverageState& source, IntegerAverageState& target) {
    target.sum += source.sum;
    target.count += source.count;
    if (source.count > 0) target.divisor = source.divisor;
  }
  static bool Finalize(const IntegerAverageState& state, double& out) {
    if (state.count == 0) return false;
    out = static_cast<double>(state.sum) / static_cast<double>(state.count);
    if (state.divisor != 1) out /= static_cast<double>(state.divisor);
    return true;
  }
};

// DECIMAL input: remembers the scale from the argument vector, then the integer loop.
void DecimalAverageUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  int64_t divisor = PowerOfTen(args[0]->type().scale());
  for (size_t i = 0; i < count; ++i) {
    reinterpret_cast<IntegerAverageState*>(states[i])->divisor = divisor;
  }
  UnaryUpdate<IntegerAverageState, int64_t, IntegerAverageOperator>(args, states, count);
}

struct DoubleAverageState {
  CompensatedSum sum;
  int64_t count = 0;
};

struct DoubleAverageOperator {
  static void Update(DoubleAverageState& state, double value) {
    state.sum.Add(value);
    ++state.count;
  }
  static void Combine(const DoubleAverageState& source, DoubleAverageState& target) {
    target.sum.Merge(source.sum);
    target.count += source.count;
  }
  static bool Finalize(const DoubleAverageState& state, double& out) {
    if (state.count == 0) return false;
    out = state.sum.Value() / static_cast<double>(state.count);
    return true;
  }
};

}  // namespace

void RegisterAvg(FunctionRegistry& registry) {
  for (const char* name : {"avg", "mean"}) {
    registry.AddAggregate(
        MakeUnaryAggregate<IntegerAverageState, int32_t, double, IntegerAverageOperator>(
            name, TypeId::kInteger, TypeId::kDouble));
    registry.AddAggregate(
        MakeUnaryAggregate<IntegerAverageState, int64_t, double, IntegerAverageOperator>(
            name, TypeId::kBigint, TypeId::kDouble));
    AggregateFunction decimal =
        MakeUnaryAggregate<IntegerAverageState, int64_t, double, IntegerAverageOperator>(
            name, AnyDecimal(), TypeId::kDouble);
    decimal.update = DecimalAverageUpdate;
    registry.AddAggregate(std::move(decimal));
    registry.AddAggregate(
        MakeUnaryAggregate<DoubleAverageState, double, double, DoubleAverageOperator>(
            name, TypeId::kDouble, TypeId::kDouble));
  }
}

}  // namespace tarn::exec
