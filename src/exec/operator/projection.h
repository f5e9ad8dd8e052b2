// SELECT-list evaluation: one output column per expression.
#pragma once

#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Streaming. Output column i = expressions[i] over the live input rows (dense, no selection; plain
// column references are shared with the input when it has no selection).
class Projection : public PhysicalOperator {
 public:
  Projection(PhysicalOperatorPtr child, std::vector<ExpressionPtr> expressions);

  std::string name() const override { return "PROJECTION"; }
  std::string ParamsToString() const override;
  bool IsStreaming() const override { return true; }

  std::unique_ptr<OperatorState> CreateOperatorState(ExecutionContext& context,
                                                     GlobalSinkState* sink_state) const override;
  OperatorResult Execute(ExecutionContext& context, const DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;

 private:
  std::vector<ExpressionPtr> expressions_;
};

}  // namespace tarn::exec
