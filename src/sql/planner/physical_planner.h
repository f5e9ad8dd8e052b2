// Turns an optimized logical plan (logical_operator.h) into exec physical operators. One rule per
// logical operator, each in plan_<name>.cc.
#pragma once

#include "exec/operator/physical_operator.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

// Stateless. Plan() consumes the logical plan's expressions (moves them into the operators).
class PhysicalPlanner {
 public:
  // Throws Error(kNotSupported) for logical shapes without a physical operator yet.
  exec::PhysicalOperatorPtr Plan(LogicalOperator& op);

 private:
  exec::PhysicalOperatorPtr PlanGet(LogicalGet& op, exec::ExpressionPtr filter);
  exec::PhysicalOperatorPtr PlanValues(LogicalValues& op);
  exec::PhysicalOperatorPtr PlanFilter(LogicalFilter& op);
  exec::PhysicalOperatorPtr PlanProjection(LogicalProjection& op);
  exec::PhysicalOperatorPtr PlanAggregate(LogicalAggregate& op);
  exec::PhysicalOperatorPtr PlanJoin(LogicalJoin& op);
  exec::PhysicalOperatorPtr PlanOrder(LogicalOrder& op, const LogicalLimit* limit);
  exec::PhysicalOperatorPtr PlanLimit(LogicalLimit& op);
  exec::PhysicalOperatorPtr PlanDistinct(LogicalDistinct& op);
  exec::PhysicalOperatorPtr PlanSetOperation(LogicalSetOperation& op);
  exec::PhysicalOperatorPtr PlanWindow(LogicalWindow& op);
};

// AND of 'conditions' (nullptr when empty, the single condition when one).
exec::ExpressionPtr CombineConjuncts(std::vector<exec::ExpressionPtr> conditions);

}  // namespace tarn::sql
