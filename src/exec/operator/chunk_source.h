// The leaf that scans rows already in memory: VALUES lists, in-memory tables, CTE results.
#pragma once

#include <memory>
#include <vector>

#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Source. Each chunk of 'chunks' is one morsel (morsel i = chunks[i]); chunks are referenced, not
// copied, and must have 'types'. Chunks may carry a selection.
class ChunkSource : public PhysicalOperator {
 public:
  ChunkSource(std::vector<LogicalType> types, std::shared_ptr<const std::vector<DataChunk>> chunks);

  std::string name() const override { return "CHUNK_SOURCE"; }
  std::string ParamsToString() const override;
  bool IsSource() const override { return true; }

  std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(ExecutionContext& context,
                                                             GlobalSinkState* sink_state) const override;
  std::unique_ptr<LocalSourceState> CreateLocalSourceState(ExecutionContext& context,
                                                           GlobalSourceState& global) const override;
  bool NextMorsel(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
                  int64_t& morsel_index) const override;
  bool GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& chunk) const override;
  double Progress(const GlobalSourceState& global) const override;

 private:
  std::shared_ptr<const std::vector<DataChunk>> chunks_;
};

}  // namespace tarn::exec
