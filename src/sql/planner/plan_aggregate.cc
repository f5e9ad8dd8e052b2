// Rule: AGGREGATE -> HASH_AGGREGATE (groups, then one AggregateExpression per distinct call).
#include "exec/operator/hash_aggregate.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanAggregate(LogicalAggregate& op) {
  std::vector<exec::AggregateExpression> aggregates;
  for (auto& call : op.aggregates) {
    exec::AggregateExpression aggregate;
    aggregate.function = *call.function;
    aggregate.function.return_type = call.return_type;
    aggregate.arguments = std::move(call.arguments);
    aggregates.push_back(std::move(aggregate));
  }
  return std::make_unique<exec::HashAggregate>(Plan(*op.children[0]), std::move(op.groups),
                                               std::move(aggregates), op.estimated_cardinality);
}

exec::PhysicalOperatorPtr PhysicalPlanner::PlanDistinct(LogicalDistinct& op) {
  std::vector<exec::ExpressionPtr> groups;
  for (size_t i = 0; i < op.types.size(); ++i) groups.push_back(MakeColumnRef(i, op.types[i]));
  return std::make_unique<exec::HashAggregate>(Plan(*op.children[0]), std::move(groups),
                                               std::vector<exec::AggregateExpression>{},
                                               op.estimated_cardinality);
}

}  // namespace tarn::sql
