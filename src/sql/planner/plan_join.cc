// Rule: JOIN -> HASH_JOIN when it has equality keys, else NESTED_LOOP_JOIN.
#include "exec/operator/hash_join.h"
#include "exec/operator/nested_loop_join.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanJoin(LogicalJoin& op) {
  auto left = Plan(*op.children[0]);
  auto right = Plan(*op.children[1]);
  auto residual = CombineConjuncts(std::move(op.conditions));
  if (!op.left_keys.empty()) {
    return std::make_unique<exec::HashJoin>(std::move(left), std::move(right), op.join_type,
                                            std::move(op.left_keys), std::move(op.right_keys),
                                            std::move(residual), op.estimated_cardinality);
  }
  return std::make_unique<exec::NestedLoopJoin>(std::move(left), std::move(right), op.join_type,
                                                std::move(residual), op.estimated_cardinality);
}

}  // namespace tarn::sql
