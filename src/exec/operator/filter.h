// WHERE / HAVING: keeps the rows where a boolean expression is TRUE by narrowing the selection.
#pragma once

#include "exec/expression/bound_expression.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Streaming. Output = input columns (referenced, not copied) with a narrower selection.
class Filter : public PhysicalOperator {
 public:
  Filter(PhysicalOperatorPtr child, ExpressionPtr predicate);

  std::string name() const override { return "FILTER"; }
  std::string ParamsToString() const override;
  bool IsStreaming() const override { return true; }

  std::unique_ptr<OperatorState> CreateOperatorState(ExecutionContext& context,
                                                     GlobalSinkState* sink_state) const override;
  OperatorResult Execute(ExecutionContext& context, const DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;

 private:
  ExpressionPtr predicate_;
};

}  // namespace tarn::exec
