// sum(x): NULL for no non-NULL rows. INTEGER and BIGINT sum to BIGINT through a 128-bit accumulator
// (overflow is reported once, at the end, as "bigint out of range in sum"); DECIMAL(p,s) sums to
// DECIMAL(18,s); DOUBLE uses a compensated sum.
#include "exec/function/aggregate/aggregate_templates.h"
#include "exec/function/aggregate/compensated_sum.h"

namespace tarn::exec {
namespace {

struct IntegerSumState {
  __int128 sum = 0;
  bool has_value = false;
};

struct IntegerSumOperator {
  template <class In>
  static void Update(IntegerSumState& state, In value) {
    state.sum += value;
    state.has_value = true;
  }
  static void Combine(const IntegerSumState& source, IntegerSumState& target) {
    target.sum += source.sum;
    target.has_value |= source.has_value;
  }
  static bool Finalize(const IntegerSumState& state, int64_t& out) {
    if (!state.has_value) return false;
    if (state.sum > INT64_MAX || state.sum < INT64_MIN) {
      throw Error(ErrorCode::kOutOfRange, "bigint out of range in sum");
    }
    out = static_cast<int64_t>(state.sum);
    return true;
  }
};

struct DecimalSumOperator : IntegerSumOperator {
  static bool Finalize(const IntegerSumState& state, int64_t& out) {
    if (!state.has_value) return false;
    if (state.sum > 999999999999999999 || state.sum < -999999999999999999) {
      throw Error(ErrorCode::kOutOfRange, "decimal out of range in sum");
    }
    out = static_cast<int64_t>(state.sum);
    return true;
  }
};

struct DoubleSumState {
  CompensatedSum sum;
  bool has_value = false;
};

struct DoubleSumOperator {
  static void Update(DoubleSumState& state, double value) {
    state.sum.Add(value);
    state.has_value = true;
  }
  static void Combine(const DoubleSumState& source, DoubleSumState& target) {
    target.sum.Merge(source.sum);
    target.has_value |= source.has_value;
  }
  static bool Finalize(const DoubleSumState& state, double& out) {
    out = state.sum.Value();
    return state.has_value;
  }
};

std::unique_ptr<FunctionData> BindDecimalSum(const std::vector<LogicalType>& types,
                                             LogicalType& return_type) {
  return_type = LogicalType::Decimal(kMaxDecimalWidth, types[0].scale());
  return nullptr;
}

}  // namespace

void RegisterSum(FunctionRegistry& registry) {
  registry.AddAggregate(MakeUnaryAggregate<IntegerSumState, int32_t, int64_t, IntegerSumOperator>(
      "sum", TypeId::kInteger, TypeId::kBigint));
  registry.AddAggregate(MakeUnaryAggregate<IntegerSumState, int64_t, int64_t, IntegerSumOperator>(
      "sum", TypeId::kBigint, TypeId::kBigint));
  AggregateFunction decimal =
      MakeUnaryAggregate<IntegerSumState, int64_t, int64_t, DecimalSumOperator>(
          "sum", AnyDecimal(), LogicalType::Decimal(kMaxDecimalWidth, 0));
  decimal.bind = BindDecimalSum;
  registry.AddAggregate(std::move(decimal));
  registry.AddAggregate(MakeUnaryAggregate<DoubleSumState, double, double, DoubleSumOperator>(
      "sum", TypeId::kDouble, TypeId::kDouble));
}

}  // namespace tarn::exec
