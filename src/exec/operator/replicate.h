// Row replication for INTERSECT ALL / EXCEPT ALL: the binder counts each distinct row's copies on
// both sides and this operator writes the row out as many times as the result keeps.
#pragma once

#include <vector>

#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Streaming. Input: the row's columns, then a BIGINT copy count. Output: the columns only, each
// live input row repeated 'count' times, in input order (a NULL or non-positive count drops the
// row). Copies share the input's vectors through a selection; at most kVectorSize rows per call.
class Replicate : public PhysicalOperator {
 public:
  explicit Replicate(PhysicalOperatorPtr child);

  std::string name() const override { return "REPLICATE"; }
  bool IsStreaming() const override { return true; }

  std::unique_ptr<OperatorState> CreateOperatorState(ExecutionContext& context,
                                                     GlobalSinkState* sink_state) const override;
  OperatorResult Execute(ExecutionContext& context, const DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
};

}  // namespace tarn::exec
