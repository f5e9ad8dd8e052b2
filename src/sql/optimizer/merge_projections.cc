// Rule: a projection directly over another projection becomes one (the inner expressions are
// substituted), unless that would evaluate a non-trivial inner expression more than once.
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

bool IsTrivial(const exec::BoundExpression& expression) {
  return expression.kind == exec::ExpressionKind::kColumnRef ||
         expression.kind == exec::ExpressionKind::kConstant;
}

}  // namespace

LogicalOperatorPtr MergeProjections(LogicalOperatorPtr plan) {
  for (auto& child : plan->children) child = MergeProjections(std::move(child));
  if (plan->type != LogicalOperatorType::kProjection ||
      plan->children[0]->type != LogicalOperatorType::kProjection) {
    return plan;
  }
  auto& outer = static_cast<LogicalProjection&>(*plan);
  auto& inner = static_cast<LogicalProjection&>(*plan->children[0]);
  std::vector<size_t> uses(inner.expressions.size(), 0);
  for (const auto& expression : outer.expressions) {
    std::vector<size_t> columns;
    CollectColumnRefs(*expression, columns);
    for (size_t column : columns) ++uses[column];
  }
  for (size_t i = 0; i < uses.size(); ++i) {
    if (uses[i] > 1 && !IsTrivial(*inner.expressions[i])) return plan;
  }
  for (auto& expression : outer.expressions) {
    std::string alias = expression->alias;
    expression = SubstituteColumns(*expression, inner.expressions);
    expression->alias = alias;
  }
  LogicalOperatorPtr grandchild = std::move(inner.children[0]);
  plan->children[0] = std::move(grandchild);
  return plan;
}

}  // namespace tarn::sql
