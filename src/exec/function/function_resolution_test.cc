#include "exec/function/function_resolution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;

TEST(FunctionResolutionTest, ExactMatchNeedsNoCast) {
  std::vector<LogicalType> cast_to;
  const ScalarFunction* function = ResolveScalar(FunctionRegistry::BuiltIn(), "+",
                                                 {TypeId::kBigint, TypeId::kBigint}, cast_to);
  ASSERT_NE(function, nullptr);
  EXPECT_EQ(function->return_type, LogicalType(TypeId::kBigint));
  EXPECT_THAT(cast_to, ElementsAre(LogicalType(TypeId::kBigint), LogicalType(TypeId::kBigint)));
}

TEST(FunctionResolutionTest, CheapestImplicitCastWins) {
  std::vector<LogicalType> cast_to;
  const auto& registry = FunctionRegistry::BuiltIn();
  ASSERT_NE(ResolveScalar(registry, "+", {TypeId::kInteger, TypeId::kBigint}, cast_to), nullptr);
  EXPECT_THAT(cast_to, ElementsAre(LogicalType(TypeId::kBigint), LogicalType(TypeId::kBigint)));
  ASSERT_NE(ResolveScalar(registry, "*", {TypeId::kDouble, TypeId::kInteger}, cast_to), nullptr);
  EXPECT_THAT(cast_to, ElementsAre(LogicalType(TypeId::kDouble), LogicalType(TypeId::kDouble)));
  ASSERT_NE(ResolveScalar(registry, "<", {TypeId::kDate, TypeId::kTimestamp}, cast_to), nullptr);
  EXPECT_EQ(cast_to[0], LogicalType(TypeId::kTimestamp));
  ASSERT_NE(ResolveScalar(registry, "=", {LogicalType::Decimal(10, 2), TypeId::kInteger},
                          cast_to),
            nullptr);
  EXPECT_THAT(cast_to, ElementsAre(LogicalType::Decimal(10, 2), LogicalType::Decimal(10, 0)));
  const ScalarFunction* function = ResolveScalar(registry, "UPPER", {TypeId::kNull}, cast_to);
  ASSERT_NE(function, nullptr);
  EXPECT_EQ(cast_to[0], LogicalType(TypeId::kVarchar));
}

TEST(FunctionResolutionTest, NoMatchReturnsNull) {
  std::vector<LogicalType> cast_to;
  const auto& registry = FunctionRegistry::BuiltIn();
  EXPECT_EQ(ResolveScalar(registry, "+", {TypeId::kVarchar, TypeId::kInteger}, cast_to), nullptr);
  EXPECT_EQ(ResolveScalar(registry, "no_such_function", {}, cast_to), nullptr);
  EXPECT_EQ(ResolveScalar(registry, "abs", {TypeId::kInteger, TypeId::kInteger}, cast_to),
            nullptr);
}

TEST(FunctionResolutionTest, VarargsUnifyDecimals) {
  std::vector<LogicalType> cast_to;
  const ScalarFunction* function =
      ResolveScalar(FunctionRegistry::BuiltIn(), "coalesce",
                    {LogicalType::Decimal(10, 2), LogicalType::Decimal(12, 4)}, cast_to);
  ASSERT_NE(function, nullptr);
  EXPECT_EQ(cast_to[0], cast_to[1]);
  EXPECT_EQ(cast_to[0].scale(), 4);
  std::shared_ptr<FunctionData> bind_data;
  EXPECT_EQ(BindScalarFunction(*function, cast_to, bind_data), cast_to[0]);
}

TEST(FunctionResolutionTest, AggregatesAndDistinct) {
  std::vector<LogicalType> cast_to;
  const auto& registry = FunctionRegistry::BuiltIn();
  const AggregateFunction* sum = ResolveAggregate(registry, "sum", {TypeId::kInteger}, cast_to);
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->return_type, LogicalType(TypeId::kBigint));
  const AggregateFunction* count_distinct =
      ResolveAggregate(registry, "count", {TypeId::kVarchar}, cast_to, true);
  ASSERT_NE(count_distinct, nullptr);
  EXPECT_TRUE(count_distinct->distinct);
  const AggregateFunction* max_distinct =
      ResolveAggregate(registry, "max", {TypeId::kDouble}, cast_to, true);
  ASSERT_NE(max_distinct, nullptr);
  EXPECT_FALSE(max_distinct->distinct);
  const AggregateFunction* stddev = ResolveAggregate(registry, "stddev", {TypeId::kInteger}, cast_to);
  ASSERT_NE(stddev, nullptr);
  EXPECT_EQ(cast_to[0], LogicalType(TypeId::kDouble));
  std::shared_ptr<FunctionData> bind_data;
  const AggregateFunction* decimal_sum =
      ResolveAggregate(registry, "sum", {LogicalType::Decimal(9, 2)}, cast_to);
  ASSERT_NE(decimal_sum, nullptr);
  EXPECT_EQ(BindAggregateFunction(*decimal_sum, cast_to, bind_data), LogicalType::Decimal(18, 2));
  EXPECT_TRUE(registry.IsAggregate("AVG"));
  EXPECT_FALSE(registry.IsAggregate("abs"));
}

}  // namespace
}  // namespace tarn::exec
