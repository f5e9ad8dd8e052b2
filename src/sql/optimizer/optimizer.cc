#include "sql/optimizer/optimizer.h"

#include <algorithm>

namespace tarn::sql {

LogicalOperatorPtr Optimize(LogicalOperatorPtr plan) {
  FoldConstants(*plan);
  plan = PushDownFilters(std::move(plan));
  plan = ReorderJoins(std::move(plan));
  ExtractJoinKeys(*plan);
  PushDownProjections(*plan);
  EstimateCardinalities(*plan);
  plan = OrderJoins(std::move(plan));
  plan = MergeProjections(std::move(plan));
  plan = ReuseCommonSubexpressions(std::move(plan));
  return plan;
}

void CollectColumnRefs(const exec::BoundExpression& expression, std::vector<size_t>& columns) {
  if (expression.kind == exec::ExpressionKind::kColumnRef) {
    columns.push_back(expression.column_index);
  }
  for (const auto& child : expression.children) CollectColumnRefs(*child, columns);
}

bool ReferencesOnly(const exec::BoundExpression& expression, size_t begin, size_t end) {
  std::vector<size_t> columns;
  CollectColumnRefs(expression, columns);
  return std::all_of(columns.begin(), columns.end(),
                     [&](size_t column) { return column >= begin && column < end; });
}

void ShiftColumns(exec::BoundExpression& expression, int64_t delta) {
  VisitColumnRefs(expression, [delta](exec::BoundExpression& ref) {
    ref.column_index = static_cast<size_t>(static_cast<int64_t>(ref.column_index) + delta);
  });
}

exec::ExpressionPtr SubstituteColumns(const exec::BoundExpression& expression,
                                      const std::vector<exec::ExpressionPtr>& replacements) {
  if (expression.kind == exec::ExpressionKind::kColumnRef) {
    auto copy = replacements[expression.column_index]->Copy();
    copy->alias = expression.alias;
    return copy;
  }
  auto copy = std::make_unique<exec::BoundExpression>();
  copy->kind = expression.kind;
  copy->type = expression.type;
  copy->alias = expression.alias;
  copy->query_offset = expression.query_offset;
  copy->column_index = expression.column_index;
  copy->constant = expression.constant;
  copy->parameter_index = expression.parameter_index;
  copy->function = expression.function;
  copy->bind_data = expression.bind_data;
  copy->try_cast = expression.try_cast;
  copy->negated = expression.negated;
  for (const auto& child : expression.children) {
    copy->children.push_back(SubstituteColumns(*child, replacements));
  }
  return copy;
}

}  // namespace tarn::sql
