// The root sink of a query: gathers output chunks in morsel order into compact chunks.
#pragma once

#include <vector>

#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Breaker. Collects its input in morsel order (chunks compacted: no selection, flat columns, small
// chunks merged up to kVectorSize rows). After Finalize, TakeResult() hands the chunks over; as a
// source it re-emits them (one morsel per chunk), e.g. for a materialized CTE.
class ResultCollector : public PhysicalOperator {
 public:
  explicit ResultCollector(PhysicalOperatorPtr child);
  // A collector with no child in the tree: the Executor's own root sink.
  explicit ResultCollector(std::vector<LogicalType> types);
  ~ResultCollector() override;

  std::string name() const override { return "RESULT_COLLECTOR"; }
  bool IsSource() const override { return true; }
  bool IsSink() const override { return true; }

  // Moves the collected chunks out of a finalized global sink state of this operator.
  static std::vector<DataChunk> TakeResult(GlobalSinkState& global);

  std::unique_ptr<GlobalSinkState> CreateGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> CreateLocalSinkState(ExecutionContext& context,
                                                       GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, const DataChunk& chunk, GlobalSinkState& global,
                  LocalSinkState& local) const override;
  void FinishMorsel(ExecutionContext& context, int64_t morsel_index, GlobalSinkState& global,
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
};

}  // namespace tarn::exec
