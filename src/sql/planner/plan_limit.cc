// Rule: LIMIT -> LIMIT, folded into a TOP_N when its input is an ORDER.
#include "exec/operator/limit.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanLimit(LogicalLimit& op) {
  LogicalOperator& child = *op.children[0];
  if (child.type == LogicalOperatorType::kOrder && op.limit >= 0) {
    return PlanOrder(static_cast<LogicalOrder&>(child), &op);
  }
  uint64_t count = op.limit < 0 ? UINT64_MAX : static_cast<uint64_t>(op.limit);
  return std::make_unique<exec::Limit>(Plan(child), count, static_cast<uint64_t>(op.offset));
}

}  // namespace tarn::sql
