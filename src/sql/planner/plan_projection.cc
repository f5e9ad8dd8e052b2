// Rule: PROJECTION -> PROJECTION.
#include "exec/operator/projection.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanProjection(LogicalProjection& op) {
  return std::make_unique<exec::Projection>(Plan(*op.children[0]), std::move(op.expressions));
}

}  // namespace tarn::sql
