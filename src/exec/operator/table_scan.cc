#include "exec/operator/table_scan.h"

#include <fmt/format.h>

#include "common/error.h"
#include "exec/expression/expression_executor.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> ProjectedTypes(const format::ScanSource& source,
                                        const std::vector<size_t>& column_ids) {
  std::vector<LogicalType> types;
  for (size_t id : column_ids) {
    TARN_CHECK(id < source.schema().size());
    types.push_back(source.schema()[id].type);
  }
  return types;
}

struct ScanLocalState : LocalSourceState {
  std::unique_ptr<format::ScanSource::LocalState> source_state;
  std::unique_ptr<ExpressionExecutor> filter;
  SelectionVector selection;
};

}  // namespace

TableScan::TableScan(std::shared_ptr<format::ScanSource> source, std::vector<size_t> column_ids,
                     ExpressionPtr filter)
    : PhysicalOperator(PhysicalOperatorType::kTableScan, ProjectedTypes(*source, column_ids),
                       source->EstimatedRows().value_or(0)),
      source_(std::move(source)),
      column_ids_(std::move(column_ids)),
      filter_(std::move(filter)) {
  source_->SetProjection(column_ids_);
}

std::string TableScan::ParamsToString() const {
  std::string out = source_->Describe();
  std::string columns;
  for (size_t id : column_ids_) {
    if (!columns.empty()) columns += ", ";
    columns += source_->schema()[id].name;
  }
  out += "\ncolumns: " + columns;
  if (filter_) out += "\nfilter: " + filter_->ToString();
  std::string pruning = source_->PruningSummary();
  if (!pruning.empty()) out += "\n" + pruning;
  return out;
}

std::unique_ptr<GlobalSourceState> TableScan::CreateGlobalSourceState(ExecutionContext&,
                                                                      GlobalSinkState*) const {
  return std::make_unique<GlobalSourceState>();
}

std::unique_ptr<LocalSourceState> TableScan::CreateLocalSourceState(ExecutionContext&,
                                                                    GlobalSourceState&) const {
  auto state = std::make_unique<ScanLocalState>();
  state->source_state = source_->CreateLocalState();
  if (filter_) state->filter = std::make_unique<ExpressionExecutor>(
      std::vector<const BoundExpression*>{filter_.get()});
  return state;
}

bool TableScan::NextMorsel(ExecutionContext&, GlobalSourceState&, LocalSourceState& local,
                           int64_t& morsel_index) const {
  return source_->NextMorsel(*static_cast<ScanLocalState&>(local).source_state, morsel_index);
}

bool TableScan::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState& local,
                        DataChunk& chunk) const {
  auto& state = static_cast<ScanLocalState&>(local);
  if (!source_->ReadChunk(*state.source_state, chunk)) return false;
  if (state.filter && chunk.size() > 0) {
    size_t count = state.filter->Select(chunk, state.selection);
    if (count != chunk.size()) chunk.SetSelection(state.selection.data(), count);
  }
  return true;
}

double TableScan::Progress(const GlobalSourceState&) const { return source_->Progress(); }

}  // namespace tarn::exec
