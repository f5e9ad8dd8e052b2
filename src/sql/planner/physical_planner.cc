#include "sql/planner/physical_planner.h"

#include "common/error.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::Plan(LogicalOperator& op) {
  switch (op.type) {
    case LogicalOperatorType::kGet:
      return PlanGet(static_cast<LogicalGet&>(op), nullptr);
    case LogicalOperatorType::kValues:
      return PlanValues(static_cast<LogicalValues&>(op));
    case LogicalOperatorType::kFilter:
      return PlanFilter(static_cast<LogicalFilter&>(op));
    case LogicalOperatorType::kProjection:
      return PlanProjection(static_cast<LogicalProjection&>(op));
    case LogicalOperatorType::kAggregate:
      return PlanAggregate(static_cast<LogicalAggregate&>(op));
    case LogicalOperatorType::kJoin:
      return PlanJoin(static_cast<LogicalJoin&>(op));
    case LogicalOperatorType::kOrder:
      return PlanOrder(static_cast<LogicalOrder&>(op), nullptr);
    case LogicalOperatorType::kLimit:
      return PlanLimit(static_cast<LogicalLimit&>(op));
    case LogicalOperatorType::kDistinct:
      return PlanDistinct(static_cast<LogicalDistinct&>(op));
    case LogicalOperatorType::kSetOperation:
      return PlanSetOperation(static_cast<LogicalSetOperation&>(op));
    case LogicalOperatorType::kWindow:
      return PlanWindow(static_cast<LogicalWindow&>(op));
  }
  TARN_CHECK(false);
  return nullptr;
}

exec::ExpressionPtr CombineConjuncts(std::vector<exec::ExpressionPtr> conditions) {
  if (conditions.empty()) return nullptr;
  if (conditions.size() == 1) return std::move(conditions[0]);
  auto conjunction = std::make_unique<exec::BoundExpression>();
  conjunction->kind = exec::ExpressionKind::kAnd;
  conjunction->type = TypeId::kBoolean;
  conjunction->children = std::move(conditions);
  return conjunction;
}

}  // namespace tarn::sql
