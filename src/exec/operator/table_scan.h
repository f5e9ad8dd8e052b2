// The leaf that reads a file format: wraps a format::ScanSource, hands its morsels to the pipeline.
#pragma once

#include <memory>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/operator/physical_operator.h"
#include "format/scan_source.h"

namespace tarn::exec {

// Source. Outputs the columns 'column_ids' (indexes into source->schema()) in that order; the
// projection is pushed into the source (SetProjection is called by the constructor). An optional
// 'filter' over those output columns is applied inside the scan (rows where it is not TRUE are
// dropped by narrowing the selection). Morsels are the ScanSource's morsels.
class TableScan : public PhysicalOperator {
 public:
  TableScan(std::shared_ptr<format::ScanSource> source, std::vector<size_t> column_ids,
            ExpressionPtr filter = nullptr);

  std::string name() const override { return "TABLE_SCAN"; }
  std::string ParamsToString() const override;
  bool IsSource() const override { return true; }
  const format::ScanSource& source() const { return *source_; }

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
  std::shared_ptr<format::ScanSource> source_;
  std::vector<size_t> column_ids_;
  ExpressionPtr filter_;
};

}  // namespace tarn::exec
