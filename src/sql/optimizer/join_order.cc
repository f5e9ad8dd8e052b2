// Rule: the hash join builds its table over the right child; put the smaller estimated side there.
// A projection above a swapped join restores the left ++ right column order.
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

LogicalOperatorPtr OrderJoins(LogicalOperatorPtr plan) {
  for (auto& child : plan->children) child = OrderJoins(std::move(child));
  if (plan->type != LogicalOperatorType::kJoin) return plan;
  auto& join = static_cast<LogicalJoin&>(*plan);
  if (join.join_type != JoinType::kInner || join.left_keys.empty()) return plan;
  uint64_t left_rows = plan->children[0]->estimated_cardinality;
  uint64_t right_rows = plan->children[1]->estimated_cardinality;
  if (left_rows >= right_rows) return plan;
  size_t left_width = plan->children[0]->types.size();
  size_t right_width = plan->children[1]->types.size();
  std::swap(plan->children[0], plan->children[1]);
  std::swap(join.left_keys, join.right_keys);
  for (auto& condition : join.conditions) {
    VisitColumnRefs(*condition, [&](exec::BoundExpression& ref) {
      ref.column_index = ref.column_index < left_width ? ref.column_index + right_width
                                                       : ref.column_index - left_width;
    });
  }
  std::vector<LogicalType> old_types = plan->types;
  plan->types = plan->children[0]->types;
  plan->types.insert(plan->types.end(), plan->children[1]->types.begin(),
                     plan->children[1]->types.end());
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < left_width + right_width; ++i) {
    size_t source = i < left_width ? i + right_width : i - left_width;
    projection->expressions.push_back(MakeColumnRef(source, old_types[i]));
  }
  projection->types = old_types;
  projection->estimated_cardinality = plan->estimated_cardinality;
  projection->children.push_back(std::move(plan));
  return projection;
}

}  // namespace tarn::sql
