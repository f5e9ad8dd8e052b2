// Rule: UNION ALL -> UNION_ALL; UNION -> UNION_ALL under a DISTINCT aggregate.
#include "common/error.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/union_all.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanSetOperation(LogicalSetOperation& op) {
  if (op.set_type == SetOperationType::kExcept || op.set_type == SetOperationType::kIntersect) {
    throw Error(ErrorCode::kNotSupported, std::string("not supported: ") +
                                              (op.set_type == SetOperationType::kExcept
                                                   ? "EXCEPT"
                                                   : "INTERSECT"));
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
