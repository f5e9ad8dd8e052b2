// Rule: GET -> TABLE_SCAN (file sources, with any pushed filter) or CHUNK_SOURCE (in-memory tables).
#include "common/error.h"
#include "exec/operator/chunk_source.h"
#include "exec/operator/filter.h"
#include "exec/operator/projection.h"
#include "exec/operator/table_scan.h"
#include "sql/planner/physical_planner.h"
#include "sql/planner/scan_predicates.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanGet(LogicalGet& op, exec::ExpressionPtr filter) {
  if (op.source != nullptr) {
    // The source may skip files and row groups the filter's conjuncts rule out.
    if (filter != nullptr) op.source->SetFilter(ExtractScanPredicates(*filter, op.column_ids));
    return std::make_unique<exec::TableScan>(op.source, op.column_ids, std::move(filter));
  }
  TARN_CHECK(op.table != nullptr);
  std::vector<LogicalType> table_types;
  for (const auto& column : op.table->columns) table_types.push_back(column.type);
  // The chunks are shared with the catalog entry; the plan's shared_ptr keeps them alive.
  std::shared_ptr<const std::vector<exec::DataChunk>> chunks(op.table, &op.table->chunks);
  exec::PhysicalOperatorPtr source = std::make_unique<exec::ChunkSource>(table_types, chunks);
  if (filter != nullptr) {
    // The filter is over the projected columns: project first.
    std::vector<exec::ExpressionPtr> columns;
    for (size_t i = 0; i < op.column_ids.size(); ++i) {
      columns.push_back(MakeColumnRef(op.column_ids[i], op.types[i]));
    }
    source = std::make_unique<exec::Projection>(std::move(source), std::move(columns));
    return std::make_unique<exec::Filter>(std::move(source), std::move(filter));
  }
  bool identity = op.column_ids.size() == table_types.size();
  for (size_t i = 0; identity && i < op.column_ids.size(); ++i) identity = op.column_ids[i] == i;
  if (identity) return source;
  std::vector<exec::ExpressionPtr> columns;
  for (size_t i = 0; i < op.column_ids.size(); ++i) {
    columns.push_back(MakeColumnRef(op.column_ids[i], op.types[i]));
  }
  return std::make_unique<exec::Projection>(std::move(source), std::move(columns));
}

}  // namespace tarn::sql
