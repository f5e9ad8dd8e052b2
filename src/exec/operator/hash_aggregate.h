// GROUP BY, DISTINCT and ungrouped aggregates: folds input rows into one state per group.
#pragma once

#include <memory>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/function/function.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// One aggregate call of the select list: function(arguments...).
struct AggregateExpression {
  AggregateFunction function;          // a copy of the registry entry, return type resolved
  std::vector<ExpressionPtr> arguments;  // over the aggregate's input columns; empty for count(*)
  std::string ToString() const;
};

// Breaker (sink then source). Output: one row per group — the group key values (in 'groups'
// order) then one column per aggregate (function.return_type). With no groups it outputs exactly
// one row, even for empty input (count = 0, others NULL as their finalize decides). With no
// aggregates it is DISTINCT over the group keys. NULL keys form one group.
//
// Determinism: each thread folds a morsel into a thread-local table; finished morsel tables are
// merged into the global table strictly in morsel order, so floating-point states combine in the
// same order for any thread count. Groups come out in the global table's first-seen order (the
// planner adds a Sort for ORDER BY). Memory of the tables is reserved on context.memory; exceeding
// the limit throws Error(kOutOfMemory).
class HashAggregate : public PhysicalOperator {
 public:
  HashAggregate(PhysicalOperatorPtr child, std::vector<ExpressionPtr> groups,
                std::vector<AggregateExpression> aggregates, uint64_t estimated_cardinality = 0);
  ~HashAggregate() override;

  std::string name() const override;  // "HASH_AGGREGATE" or "DISTINCT"
  std::string ParamsToString() const override;
  bool IsSource() const override { return true; }
  bool IsSink() const override { return true; }

  std::unique_ptr<GlobalSinkState> CreateGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> CreateLocalSinkState(ExecutionContext& context,
                                                       GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, const DataChunk& chunk, GlobalSinkState& global,
                  LocalSinkState& local) const override;
  void FinishMorsel(ExecutionContext& context, int64_t morsel_index, GlobalSinkState& global,
                    LocalSinkState& local) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;

  std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(ExecutionContext& context,
                                                             GlobalSinkState* sink_state) const override;
  std::unique_ptr<LocalSourceState> CreateLocalSourceState(ExecutionContext& context,
                                                           GlobalSourceState& global) const override;
  bool NextMorsel(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
                  int64_t& morsel_index) const override;
  bool GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& chunk) const override;

  const std::vector<ExpressionPtr>& groups() const { return groups_; }
  const std::vector<AggregateExpression>& aggregates() const { return aggregates_; }

 private:
  std::vector<ExpressionPtr> groups_;
  std::vector<AggregateExpression> aggregates_;
};

}  // namespace tarn::exec
