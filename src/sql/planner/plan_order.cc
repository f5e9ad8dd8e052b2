// Rule: ORDER -> SORT, or TOP_N when a LIMIT sits directly above it.
#include "exec/operator/sort.h"
#include "exec/operator/top_n.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanOrder(LogicalOrder& op, const LogicalLimit* limit) {
  auto child = Plan(*op.children[0]);
  if (limit != nullptr) {
    uint64_t count = limit->limit < 0 ? UINT64_MAX : static_cast<uint64_t>(limit->limit);
    return std::make_unique<exec::TopN>(std::move(child), std::move(op.orders), count,
                                        static_cast<uint64_t>(limit->offset));
  }
  return std::make_unique<exec::Sort>(std::move(child), std::move(op.orders));
}

}  // namespace tarn::sql
