#include <gtest/gtest.h>

#include "sql/binder/binder.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

SessionCatalog TableCatalog() {
  SessionCatalog catalog;
  auto table = std::make_shared<MaterializedTable>();
  table->columns = {{"a", TypeId::kDouble}, {"b", TypeId::kDouble}, {"k", TypeId::kBigint}};
  catalog.tables["t"] = table;
  return catalog;
}

LogicalOperatorPtr OptimizedPlan(const std::string& sql) {
  SessionCatalog catalog = TableCatalog();
  auto statements = ParseStatements(sql);
  const auto& select = static_cast<const SelectStatement&>(*statements[0]);
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  BoundQuery query = binder.BindQuery(*select.node);
  return Optimize(std::move(query.plan));
}

// Function nodes named 'name' in one expression.
size_t CountCalls(const exec::BoundExpression& expression, const std::string& name) {
  size_t count = expression.kind == exec::ExpressionKind::kFunction &&
                         expression.function != nullptr && expression.function->name == name
                     ? 1
                     : 0;
  for (const auto& child : expression.children) count += CountCalls(*child, name);
  return count;
}

// Function nodes named 'name' anywhere in the plan.
size_t CountCalls(LogicalOperator& plan, const std::string& name) {
  size_t count = 0;
  ForEachExpression(plan, [&](exec::ExpressionPtr& expression) {
    count += CountCalls(*expression, name);
  });
  for (auto& child : plan.children) count += CountCalls(*child, name);
  return count;
}

size_t CountOperators(const LogicalOperator& plan, LogicalOperatorType type) {
  size_t count = plan.type == type ? 1 : 0;
  for (const auto& child : plan.children) count += CountOperators(*child, type);
  return count;
}

TEST(CommonSubexpressionsTest, ProjectionComputesRepeatedExpressionOnce) {
  auto plan = OptimizedPlan("SELECT a*b+1, (a*b+1)*2, a*b FROM t");
  EXPECT_EQ(CountCalls(*plan, "*"), 2u);  // a*b once, (..)*2 once
  EXPECT_EQ(CountCalls(*plan, "+"), 1u);
  EXPECT_EQ(plan->types.size(), 3u);
}

TEST(CommonSubexpressionsTest, AggregateArgumentsShareOneProjection) {
  auto plan = OptimizedPlan("SELECT sum(a*b), avg(a*b), max(a*b) FROM t GROUP BY k");
  EXPECT_EQ(CountCalls(*plan, "*"), 1u);
  const LogicalOperator* op = plan.get();
  while (op->type != LogicalOperatorType::kAggregate) op = op->children[0].get();
  EXPECT_EQ(op->children[0]->type, LogicalOperatorType::kProjection);
}

TEST(CommonSubexpressionsTest, NothingRepeatedLeavesPlanAlone) {
  auto plan = OptimizedPlan("SELECT a*b, a+b FROM t");
  EXPECT_EQ(CountOperators(*plan, LogicalOperatorType::kProjection), 1u);
}

TEST(CommonSubexpressionsTest, LazyBranchesAreNotHoisted) {
  // a / b only runs where b <> 0; computing it for every row could divide by zero.
  auto plan = OptimizedPlan(
      "SELECT CASE WHEN b <> 0 THEN a / b END, CASE WHEN b <> 0 THEN a / b + 1 END FROM t");
  EXPECT_EQ(CountCalls(*plan, "/"), 2u);
  EXPECT_EQ(CountCalls(*plan, "<>"), 1u);  // the first WHEN runs for every row: shared
}

// Two calls f(#0) over a one-column VALUES, hoisted or not depending on f's determinism.
LogicalOperatorPtr TwoCallsOf(const exec::ScalarFunction& function) {
  auto values = std::make_unique<LogicalValues>();
  values->types = {TypeId::kDouble};
  values->rows = {{exec::Value::Double(1)}};
  auto projection = std::make_unique<LogicalProjection>();
  for (int i = 0; i < 2; ++i) {
    auto call = std::make_unique<exec::BoundExpression>();
    call->kind = exec::ExpressionKind::kFunction;
    call->type = TypeId::kDouble;
    call->function = &function;
    call->children.push_back(MakeColumnRef(0, TypeId::kDouble));
    projection->types.push_back(TypeId::kDouble);
    projection->expressions.push_back(std::move(call));
  }
  projection->children.push_back(std::move(values));
  return ReuseCommonSubexpressions(std::move(projection));
}

TEST(CommonSubexpressionsTest, NonDeterministicCallsAreNotShared) {
  exec::ScalarFunction function;
  function.name = "f";
  function.return_type = TypeId::kDouble;
  auto shared = TwoCallsOf(function);
  EXPECT_EQ(CountCalls(*shared, "f"), 1u);
  function.deterministic = false;  // e.g. random()
  auto separate = TwoCallsOf(function);
  EXPECT_EQ(CountCalls(*separate, "f"), 2u);
  EXPECT_EQ(separate->children[0]->type, LogicalOperatorType::kValues);
}

}  // namespace
}  // namespace tarn::sql
