// Rule: `left_expr = right_expr` conjuncts of a join become hash keys (hash join, not nested loop).
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

void ExtractJoinKeys(LogicalOperator& plan) {
  for (auto& child : plan.children) ExtractJoinKeys(*child);
  if (plan.type != LogicalOperatorType::kJoin) return;
  auto& join = static_cast<LogicalJoin&>(plan);
  size_t left_width = plan.children[0]->types.size();
  size_t width = left_width + plan.children[1]->types.size();
  std::vector<exec::ExpressionPtr> remaining;
  for (auto& condition : join.conditions) {
    bool is_equality = condition->kind == exec::ExpressionKind::kFunction &&
                       condition->function != nullptr && condition->function->name == "=" &&
                       condition->children.size() == 2 &&
                       condition->children[0]->type == condition->children[1]->type;
    if (is_equality) {
      auto& a = condition->children[0];
      auto& b = condition->children[1];
      bool a_left = ReferencesOnly(*a, 0, left_width), b_right = ReferencesOnly(*b, left_width, width);
      bool a_right = ReferencesOnly(*a, left_width, width), b_left = ReferencesOnly(*b, 0, left_width);
      // Keys must read their side (a constant key belongs in a filter, not the hash table).
      std::vector<size_t> a_columns, b_columns;
      CollectColumnRefs(*a, a_columns);
      CollectColumnRefs(*b, b_columns);
      if (!a_columns.empty() && !b_columns.empty()) {
        if (a_left && b_right) {
          ShiftColumns(*b, -static_cast<int64_t>(left_width));
          join.left_keys.push_back(std::move(a));
          join.right_keys.push_back(std::move(b));
          continue;
        }
        if (a_right && b_left) {
          ShiftColumns(*a, -static_cast<int64_t>(left_width));
          join.left_keys.push_back(std::move(b));
          join.right_keys.push_back(std::move(a));
          continue;
        }
      }
    }
    remaining.push_back(std::move(condition));
  }
  join.conditions = std::move(remaining);
}

}  // namespace tarn::sql
