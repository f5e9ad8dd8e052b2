// Rule: VALUES -> CHUNK_SOURCE over the constant rows.
#include "exec/operator/chunk_source.h"
#include "sql/planner/physical_planner.h"

namespace tarn::sql {

exec::PhysicalOperatorPtr PhysicalPlanner::PlanValues(LogicalValues& op) {
  auto chunks = std::make_shared<std::vector<exec::DataChunk>>();
  for (size_t start = 0; start < op.rows.size(); start += exec::kVectorSize) {
    size_t count = std::min(op.rows.size() - start, exec::kVectorSize);
    exec::DataChunk chunk(op.types);
    for (size_t column = 0; column < op.types.size(); ++column) {
      for (size_t row = 0; row < count; ++row) {
        chunk.column(column).SetValue(row, op.rows[start + row][column]);
      }
    }
    chunk.SetPhysicalSize(count);
    chunks->push_back(std::move(chunk));
  }
  return std::make_unique<exec::ChunkSource>(op.types, std::move(chunks));
}

}  // namespace tarn::sql
