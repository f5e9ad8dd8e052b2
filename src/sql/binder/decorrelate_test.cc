// Correlated subqueries become joins with no correlated column left in the plan; equality
// correlation turns into hash-join keys; comma joins are joined along their conditions.
#include "sql/binder/decorrelate.h"

#include <gtest/gtest.h>

#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

SessionCatalog ThreeTables() {
  SessionCatalog catalog;
  for (const char* name : {"t1", "t2", "t3"}) {
    auto table = std::make_shared<MaterializedTable>();
    table->columns = {{"a", TypeId::kInteger}, {"b", TypeId::kInteger}};
    catalog.tables[name] = table;
  }
  return catalog;
}

LogicalOperatorPtr Plan(const SessionCatalog& catalog, const std::string& sql) {
  auto statements = ParseStatements(sql);
  const auto& select = static_cast<const SelectStatement&>(*statements[0]);
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  return binder.BindQuery(*select.node).plan;
}

size_t CountJoins(const LogicalOperator& op, bool with_keys) {
  size_t count = 0;
  if (op.type == LogicalOperatorType::kJoin) {
    const auto& join = static_cast<const LogicalJoin&>(op);
    count += with_keys ? !join.left_keys.empty() : join.left_keys.empty();
  }
  for (const auto& child : op.children) count += CountJoins(*child, with_keys);
  return count;
}

bool ReadsPlaceholder(const LogicalOperator& op) {
  bool found = false;
  auto& mutable_op = const_cast<LogicalOperator&>(op);
  ForEachExpression(mutable_op, [&](exec::ExpressionPtr& expression) {
    VisitColumnRefs(*expression, [&](exec::BoundExpression& ref) {
      found = found || ref.column_index >= kCorrelatedColumnBase;
    });
  });
  for (const auto& child : op.children) found = found || ReadsPlaceholder(*child);
  return found;
}

TEST(DecorrelateTest, NoCorrelatedOrPendingColumnSurvivesBinding) {
  SessionCatalog catalog = ThreeTables();
  for (const char* sql :
       {"SELECT a, (SELECT count(*) FROM t2 WHERE t2.b < t1.b) FROM t1",
        "SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.a = t1.a) OR b > 3",
        "SELECT a, b NOT IN (SELECT b FROM t2 WHERE t2.a = t1.a) FROM t1",
        "SELECT a, sum((SELECT max(b) FROM t2 WHERE t2.a = t1.a)) FROM t1 GROUP BY a",
        "SELECT a FROM t1 WHERE (SELECT count(*) FROM t2 WHERE t2.a = t1.a AND "
        "EXISTS (SELECT 1 FROM t3 WHERE t3.b = t1.b AND t3.a = t2.a)) > 0"}) {
    SCOPED_TRACE(sql);
    auto plan = Plan(catalog, sql);
    EXPECT_FALSE(IsCorrelated(*plan));
    EXPECT_FALSE(ReadsPlaceholder(*plan));
  }
}

TEST(DecorrelateTest, EqualityCorrelationBecomesHashJoins) {
  SessionCatalog catalog = ThreeTables();
  auto plan = Optimize(Plan(catalog, "SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.a = t1.a)"));
  // The domain joins the subquery's table on t2.a = domain.a, and the result joins back on
  // the (null-safe) key: both have hash keys, no nested loop remains.
  EXPECT_EQ(CountJoins(*plan, false), 0u) << plan->ToString();
  EXPECT_EQ(CountJoins(*plan, true), 2u) << plan->ToString();
}

TEST(DecorrelateTest, CopyPlanIsDeep) {
  SessionCatalog catalog = ThreeTables();
  auto plan = Plan(catalog, "SELECT a, count(*) FROM t1 JOIN t2 USING (a) WHERE t1.b > 1 GROUP BY a ORDER BY 2 LIMIT 3");
  auto copy = CopyPlan(*plan);
  EXPECT_EQ(copy->ToString(), plan->ToString());
  plan.reset();
  EXPECT_FALSE(copy->ToString().empty());
}

TEST(DecorrelateTest, CommaJoinsFollowTheirConditions) {
  SessionCatalog catalog = ThreeTables();
  // Written order t1, t2, t3 with conditions t1-t3 and t3-t2: t1 x t2 would be a cross product.
  auto plan = Optimize(
      Plan(catalog, "SELECT * FROM t1, t2, t3 WHERE t1.a = t3.a AND t3.b = t2.b"));
  EXPECT_EQ(CountJoins(*plan, false), 0u) << plan->ToString();
  EXPECT_EQ(CountJoins(*plan, true), 2u) << plan->ToString();
  EXPECT_EQ(plan->types.size(), 6u);
}

}  // namespace
}  // namespace tarn::sql
