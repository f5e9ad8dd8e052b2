// Rule: UNION ALL -> UNION_ALL; UNION -> UNION_ALL under a DISTINCT aggregate. INTERSECT ALL /
// EXCEPT ALL reach the planner as one child whose last column is each row's copy count (see
// bind_set_operation.cc) -> REPLICATE.
#include "common/error.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/replicate.h"
#include "exec/operator/union_all.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanSetOperation(LogicalSetOperation& op) {
  if (op.set_type == SetOperationType::kExcept || op.set_type == SetOperationType::kIntersect) {
    TARN_CHECK(op.children.size() == 1);
    return std::make_unique<exec::Replicate>(Plan(*op.children[0]));
  }
  std::vector<exec::PhysicalOperatorPtr> children;
  for (auto& child : op.children) children.push_back(Plan(*child));
  exec::PhysicalOperatorPtr result = std::make_unique<exec::UnionAll>(std::move(children));
  if (op.set_type == SetOperationType::kUnion) {
    std::vector<exec::ExpressionPtr> groups;
    for (size_t i = 0; i < op.types.size(); ++i) groups.push_back(MakeColumnRef(i, op.types[i]));
    result = std::make_unique<exec::HashAggregate>(std::move(result), std::move(groups),
                                                   std::vector<exec::AggregateExpression>{},
                                                   op.estimated_cardinality);
  }
  return result;
}

}  // namespace tarn::sql
