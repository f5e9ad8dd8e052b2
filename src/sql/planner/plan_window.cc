// Rule: WINDOW -> WINDOW (one physical operator per OVER clause).
#include "exec/operator/window.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanWindow(LogicalWindow& op) {
  return std::make_unique<exec::Window>(Plan(*op.children[0]), std::move(op.partitions),
                                        std::move(op.orders), std::move(op.functions));
}

}  // namespace tarn::sql
