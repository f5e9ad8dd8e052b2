// Equi-joins: builds a hash table over the build side (children[1]) and streams the probe side
// (children[0]) through it.
#pragma once

#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/operator/join_type.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Sink (build side) and streaming (probe side). probe_keys[i] (over probe columns) = build_keys[i]
// (over build columns), key types equal (the binder casts); NULL keys never match. 'residual' is an
// optional extra condition over the concatenated row (probe columns, then build columns) that a
// matching pair must satisfy. Output columns per JoinType (join_type.h). The build table is built
// per thread and merged in morsel order, so build rows keep input order; matches of a probe row come
// out in build input order. RIGHT/FULL emit unmatched build rows after the probe side, in build
// order. Build memory is reserved on context.memory.
class HashJoin : public PhysicalOperator {
 public:
  HashJoin(PhysicalOperatorPtr probe, PhysicalOperatorPtr build, JoinType join_type,
           std::vector<ExpressionPtr> probe_keys, std::vector<ExpressionPtr> build_keys,
           ExpressionPtr residual = nullptr, uint64_t estimated_cardinality = 0);
  ~HashJoin() override;

  std::string name() const override { return "HASH_JOIN"; }
  std::string ParamsToString() const override;
  bool IsSink() const override { return true; }
  bool IsStreaming() const override { return true; }
  JoinType join_type() const { return join_type_; }

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
  std::vector<ExpressionPtr> probe_keys_;
  std::vector<ExpressionPtr> build_keys_;
  ExpressionPtr residual_;
  std::vector<LogicalType> probe_types_;
  std::vector<LogicalType> build_types_;
};

}  // namespace tarn::exec
