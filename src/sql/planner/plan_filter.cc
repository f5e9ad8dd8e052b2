// Rule: FILTER -> FILTER, or a filter inside the TABLE_SCAN when directly above a GET.
#include "exec/operator/filter.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanFilter(LogicalFilter& op) {
  auto predicate = CombineConjuncts(std::move(op.conditions));
  LogicalOperator& child = *op.children[0];
  if (predicate == nullptr) return Plan(child);
  if (child.type == LogicalOperatorType::kGet) {
    return PlanGet(static_cast<LogicalGet&>(child), std::move(predicate));
  }
  return std::make_unique<exec::Filter>(Plan(child), std::move(predicate));
}

}  // namespace tarn::sql
