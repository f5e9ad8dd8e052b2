#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/operator/filter.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/operator_test_fixture.h"
#include "exec/operator/projection.h"
#include "exec/operator/union_all.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::Call;
using testing::ColumnRef;
using testing::Constant;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

const std::vector<LogicalType> kTypes = {TypeId::kBigint, TypeId::kDouble};

PhysicalOperatorPtr Input() {
  return Source(kTypes,
                {{Value::Bigint(1), Value::Double(0.5)},
                 {Value::Bigint(2), Value::Null(TypeId::kDouble)},
                 {Value::Bigint(3), Value::Double(3.5)},
                 {Value::Bigint(4), Value::Double(-1)}},
                3);
}

PhysicalOperatorPtr GreaterThanZero(PhysicalOperatorPtr input) {
  return std::make_unique<Filter>(
      std::move(input), Call(">", ColumnRef(1, TypeId::kDouble), Constant(Value::Double(0))));
}

TEST(FilterTest, KeepsRowsWhereThePredicateIsTrue) {
  auto plan = GreaterThanZero(Input());
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("1|0.5", "3|3.5"));
}

TEST(ProjectionTest, EvaluatesExpressionsOverFilteredRows) {
  std::vector<ExpressionPtr> expressions;
  expressions.push_back(Call("+", ColumnRef(1, TypeId::kDouble), Constant(Value::Double(1))));
  expressions.push_back(ColumnRef(0, TypeId::kBigint));
  Projection plan(GreaterThanZero(Input()), std::move(expressions));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(plan)), ElementsAre("1.5|1", "4.5|3"));
}

TEST(FilterTest, AggregateSeesOnlySelectedRows) {
  std::vector<AggregateExpression> aggregates;
  std::vector<ExpressionPtr> args;
  args.push_back(ColumnRef(1, TypeId::kDouble));
  aggregates.push_back(testing::Aggregate(testing::SumDouble(), std::move(args)));
  aggregates.push_back(testing::Aggregate(testing::CountStar(), {}));
  HashAggregate plan(GreaterThanZero(Input()), {}, std::move(aggregates));
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(plan)), ElementsAre("4|2"));
}

TEST(UnionAllTest, ChildrenInOrderThroughSharedOperators) {
  std::vector<PhysicalOperatorPtr> children;
  children.push_back(Input());
  children.push_back(Source(kTypes, {{Value::Bigint(9), Value::Double(9)}}));
  children.push_back(Input());
  auto plan = GreaterThanZero(std::make_unique<UnionAll>(std::move(children)));
  for (size_t threads : {1, 2}) {
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("1|0.5", "3|3.5", "9|9", "1|0.5", "3|3.5"));
  }
}

}  // namespace
}  // namespace tarn::exec
