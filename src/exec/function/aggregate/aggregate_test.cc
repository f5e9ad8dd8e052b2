#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "exec/function/function_resolution.h"
#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using testing::MakeFlat;

// Drives one aggregate the way the hash aggregate does: states in a byte buffer, one state pointer
// per row.
class AggregateRunner {
 public:
  AggregateRunner(const std::string& name, std::vector<LogicalType> types, size_t groups,
                  bool distinct = false) {
    std::vector<LogicalType> cast_to;
    function_ = ResolveAggregate(FunctionRegistry::BuiltIn(), name, types, cast_to, distinct);
    EXPECT_NE(function_, nullptr);
    EXPECT_EQ(cast_to, types);
    std::shared_ptr<FunctionData> bind_data;
    return_type_ = BindAggregateFunction(*function_, types, bind_data);
    size_t stride = (function_->state_size + 15) / 16 * 16;
    memory_.resize(stride * groups + 16);
    uint8_t* base = reinterpret_cast<uint8_t*>(
        (reinterpret_cast<uintptr_t>(memory_.data()) + 15) / 16 * 16);
    for (size_t g = 0; g < groups; ++g) states_.push_back(base + g * stride);
    function_->initialize(states_.data(), groups);
  }
  ~AggregateRunner() {
    if (function_->destroy != nullptr) function_->destroy(states_.data(), states_.size());
  }

  // Folds rows of 'args' into the groups listed per row.
  void Update(const std::vector<const Vector*>& args, const std::vector<size_t>& groups) {
    std::vector<uint8_t*> row_states;
    for (size_t g : groups) row_states.push_back(states_[g]);
    function_->update(args, row_states.data(), groups.size());
  }
  // Merges group 'source' into group 'target'.
  void Combine(size_t source, size_t target) {
    uint8_t* from = states_[source];
    uint8_t* to = states_[target];
    function_->combine(&from, &to, 1);
  }
  Value Result(size_t group) {
    Vector result(return_type_);
    uint8_t* state = states_[group];
    function_->finalize(&state, 1, result, 3);
    return result.GetValue(3);
  }

 private:
  const AggregateFunction* function_ = nullptr;
  LogicalType return_type_;
  std::vector<uint8_t> memory_;
  std::vector<uint8_t*> states_;
};

TEST(AggregateTest, EmptyInput) {
  AggregateRunner count("count", {TypeId::kDouble}, 1);
  EXPECT_EQ(count.Result(0).ToString(), "0");
  AggregateRunner count_star("count", {}, 1);
  EXPECT_EQ(count_star.Result(0).ToString(), "0");
  for (const char* name : {"sum", "avg", "min", "max", "stddev", "var_pop", "stddev_pop"}) {
    AggregateRunner runner(name, {TypeId::kDouble}, 1);
    EXPECT_TRUE(runner.Result(0).is_null()) << name;
  }
}

TEST(AggregateTest, NullsAreSkipped) {
  Vector input = MakeFlat(TypeId::kInteger, {Value::Integer(4), Value::Null(TypeId::kInteger),
                                             Value::Integer(8)});
  std::vector<size_t> groups = {0, 0, 0};
  AggregateRunner sum("sum", {TypeId::kInteger}, 1);
  sum.Update({&input}, groups);
  EXPECT_EQ(sum.Result(0), Value::Bigint(12));
  AggregateRunner count("count", {TypeId::kInteger}, 1);
  count.Update({&input}, groups);
  EXPECT_EQ(count.Result(0), Value::Bigint(2));
  AggregateRunner count_star("count", {}, 1);
  count_star.Update({}, groups);
  EXPECT_EQ(count_star.Result(0), Value::Bigint(3));
  AggregateRunner avg("avg", {TypeId::kInteger}, 1);
  avg.Update({&input}, groups);
  EXPECT_EQ(avg.Result(0), Value::Double(6.0));
  AggregateRunner min("min", {TypeId::kInteger}, 1);
  min.Update({&input}, groups);
  EXPECT_EQ(min.Result(0), Value::Integer(4));
}

TEST(AggregateTest, SingleRowSampleStddevIsNull) {
  Vector input = MakeFlat(TypeId::kDouble, {Value::Double(3.0)});
  AggregateRunner stddev("stddev", {TypeId::kDouble}, 1);
  stddev.Update({&input}, {0});
  EXPECT_TRUE(stddev.Result(0).is_null());
  AggregateRunner var_pop("var_pop", {TypeId::kDouble}, 1);
  var_pop.Update({&input}, {0});
  EXPECT_EQ(var_pop.Result(0), Value::Double(0.0));
}

TEST(AggregateTest, GroupsAndCombineOrder) {
  // Values 1..6 split over groups 0 and 1, then 1 merged into 0: like one group of 1..6.
  std::vector<Value> values;
  for (int i = 1; i <= 6; ++i) values.push_back(Value::Double(i));
  Vector input = MakeFlat(TypeId::kDouble, values);
  std::vector<size_t> groups = {0, 1, 0, 1, 1, 0};
  AggregateRunner variance("var_samp", {TypeId::kDouble}, 2);
  variance.Update({&input}, groups);
  variance.Combine(1, 0);
  EXPECT_NEAR(variance.Result(0).double_value(), 3.5, 1e-15);  // sample variance of 1..6
  AggregateRunner max("max", {TypeId::kDouble}, 2);
  max.Update({&input}, groups);
  EXPECT_EQ(max.Result(1), Value::Double(5.0));
  max.Combine(1, 0);
  EXPECT_EQ(max.Result(0), Value::Double(6.0));
}

TEST(AggregateTest, VarianceOfLargeOffsetIsStable) {
  // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, sample variance 30 (catastrophic for sum of squares).
  std::vector<Value> values;
  for (double x : {4.0, 7.0, 13.0, 16.0}) values.push_back(Value::Double(1e9 + x));
  Vector input = MakeFlat(TypeId::kDouble, values);
  AggregateRunner whole("var_samp", {TypeId::kDouble}, 1);
  whole.Update({&input}, {0, 0, 0, 0});
  EXPECT_NEAR(whole.Result(0).double_value(), 30.0, 1e-9);
  AggregateRunner split("stddev_samp", {TypeId::kDouble}, 2);
  split.Update({&input}, {0, 1, 1, 0});
  split.Combine(1, 0);
  EXPECT_NEAR(split.Result(0).double_value(), std::sqrt(30.0), 1e-9);
}

TEST(AggregateTest, MinMaxStringsOutliveTheirBatch) {
  AggregateRunner min("min", {TypeId::kVarchar}, 1);
  AggregateRunner max("max", {TypeId::kVarchar}, 1);
  {
    Vector batch = MakeFlat(TypeId::kVarchar, {Value::Varchar("pear is a long fruit name"),
                                               Value::Varchar("apple is also long enough")});
    min.Update({&batch}, {0, 0});
    max.Update({&batch}, {0, 0});
  }
  Vector batch = MakeFlat(TypeId::kVarchar, {Value::Varchar("zz")});
  max.Update({&batch}, {0});
  EXPECT_EQ(min.Result(0).string(), "apple is also long enough");
  EXPECT_EQ(max.Result(0).string(), "zz");
}

TEST(AggregateTest, SumOverflowAndDecimal) {
  Vector big = MakeFlat(TypeId::kBigint, {Value::Bigint(INT64_MAX), Value::Bigint(1)});
  AggregateRunner sum("sum", {TypeId::kBigint}, 1);
  sum.Update({&big}, {0, 0});
  EXPECT_THROW(sum.Result(0), Error);
  Vector decimals = MakeFlat(LogicalType::Decimal(5, 2),
                             {Value::Decimal(125, 5, 2), Value::Decimal(-25, 5, 2)});
  AggregateRunner decimal_sum("sum", {LogicalType::Decimal(5, 2)}, 1);
  decimal_sum.Update({&decimals}, {0, 0});
  EXPECT_EQ(decimal_sum.Result(0).ToString(), "1.00");
  AggregateRunner decimal_avg("avg", {LogicalType::Decimal(5, 2)}, 1);
  decimal_avg.Update({&decimals}, {0, 0});
  EXPECT_EQ(decimal_avg.Result(0), Value::Double(0.5));
}

TEST(AggregateTest, CountDistinctMergesSets) {
  Vector input = MakeFlat(TypeId::kVarchar, {Value::Varchar("a"), Value::Varchar("b"),
                                             Value::Varchar("a"), Value::Null(TypeId::kVarchar)});
  AggregateRunner distinct("count", {TypeId::kVarchar}, 2, true);
  distinct.Update({&input}, {0, 0, 1, 1});
  distinct.Combine(1, 0);
  EXPECT_EQ(distinct.Result(0), Value::Bigint(2));
  Vector numbers = MakeFlat(TypeId::kInteger, {Value::Integer(2), Value::Integer(2),
                                               Value::Integer(3)});
  AggregateRunner sum_distinct("sum", {TypeId::kInteger}, 1, true);
  sum_distinct.Update({&numbers}, {0, 0, 0});
  EXPECT_EQ(sum_distinct.Result(0), Value::Bigint(5));
}

TEST(AggregateTest, AverageIsCompensated) {
  // 1e16 + 1 + 1 - 1e16 in this order loses the ones without compensation.
  Vector input = MakeFlat(TypeId::kDouble, {Value::Double(1e16), Value::Double(1.0),
                                            Value::Double(1.0), Value::Double(-1e16)});
  AggregateRunner sum("sum", {TypeId::kDouble}, 1);
  sum.Update({&input}, {0, 0, 0, 0});
  EXPECT_EQ(sum.Result(0), Value::Double(2.0));
}

TEST(AggregateTest, QuantileInterpolatesAndMergesInAnyOrder) {
  Vector input = MakeFlat(TypeId::kDouble, {Value::Double(4), Value::Double(1),
                                            Value::Null(TypeId::kDouble), Value::Double(3),
                                            Value::Double(2)});
  Vector quarter = testing::MakeConstant(TypeId::kDouble, Value::Double(0.25));
  AggregateRunner quantile("quantile_cont", {TypeId::kDouble, TypeId::kDouble}, 3);
  quantile.Update({&input, &quarter}, {0, 1, 1, 1, 0});
  quantile.Combine(1, 0);  // group 0: {4, 2} + {1, 3}; position 0.75 between 1 and 2
  EXPECT_EQ(quantile.Result(0), Value::Double(1.75));
  EXPECT_TRUE(quantile.Result(2).is_null());
  AggregateRunner median("median", {TypeId::kDouble}, 1);
  median.Update({&input}, {0, 0, 0, 0, 0});
  EXPECT_EQ(median.Result(0), Value::Double(2.5));
  Vector bad = testing::MakeConstant(TypeId::kDouble, Value::Double(1.5));
  AggregateRunner invalid("quantile_cont", {TypeId::kDouble, TypeId::kDouble}, 1);
  EXPECT_THROW(invalid.Update({&input, &bad}, {0, 0, 0, 0, 0}), Error);
}

TEST(AggregateTest, StringAggKeepsInputOrderAcrossMerges) {
  Vector input = MakeFlat(TypeId::kVarchar, {Value::Varchar("a"), Value::Varchar("b"),
                                             Value::Null(TypeId::kVarchar), Value::Varchar("c"),
                                             Value::Varchar("a-much-longer-value")});
  Vector separators = MakeFlat(TypeId::kVarchar, {Value::Varchar(","), Value::Varchar(";"),
                                                  Value::Varchar("?"), Value::Varchar("+"),
                                                  Value::Varchar("/")});
  AggregateRunner agg("string_agg", {TypeId::kVarchar, TypeId::kVarchar}, 3);
  // Morsel 0 fills group 0, morsel 1 group 1; merging 1 into 0 appends after, with the first
  // separator of the later part.
  agg.Update({&input, &separators}, {0, 0, 0, 1, 1});
  agg.Combine(1, 0);
  EXPECT_EQ(agg.Result(0), Value::Varchar("a;b+c/a-much-longer-value"));
  EXPECT_TRUE(agg.Result(2).is_null());
  agg.Combine(0, 2);  // into an empty state: takes the value over
  EXPECT_EQ(agg.Result(2), Value::Varchar("a;b+c/a-much-longer-value"));
}

}  // namespace
}  // namespace tarn::exec
