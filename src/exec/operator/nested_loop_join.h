// Joins on arbitrary conditions (and CROSS JOIN): compares every probe row with every build row.
#pragma once

#include "exec/expression/bound_expression.h"
#include "exec/operator/join_type.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Sink (children[1], materialized in morsel order) and streaming (children[0]). 'condition' is over
// the concatenated row (left columns, then right columns); null means every pair matches (CROSS).
// Supports kInner, kLeft, kRight, kFull, kSemi, kAnti (kMark is not supported: throws
// kNotSupported at construction). Output columns per JoinType (join_type.h); for each probe row,
// matches come out in build order.
class NestedLoopJoin : public PhysicalOperator {
 public:
  NestedLoopJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right, JoinType join_type,
                 ExpressionPtr condition = nullptr, uint64_t estimated_cardinality = 0);
  ~NestedLoopJoin() override;

  std::string name() const override { return "NESTED_LOOP_JOIN"; }
  std::string ParamsToString() const override;
  bool IsSink() const override { return true; }
  bool IsStreaming() const override { return true; }

  std::unique_ptr<GlobalSinkState> CreateGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> CreateLocalSinkState(ExecutionContext& context,
                                                       GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, const DataChunk& chunk, GlobalSinkState& global,
                  LocalSinkState& local) const override;
  void FinishMorsel(ExecutionContext& context, int64_t morsel_index, GlobalSinkState& global,
                    LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;

  std::unique_ptr<OperatorState> CreateOperatorState(ExecutionContext& context,
                                                     GlobalSinkState* sink_state) const override;
  OperatorResult Execute(ExecutionContext& context, const DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  bool HasFinalOutput() const override;
  OperatorResult FinalExecute(ExecutionContext& context, DataChunk& output,
                              OperatorState& state) const override;

 private:
  JoinType join_type_;
  ExpressionPtr condition_;
  std::vector<LogicalType> left_types_;
  std::vector<LogicalType> right_types_;
};

}  // namespace tarn::exec
