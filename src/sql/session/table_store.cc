#include "sql/session/table_store.h"

#include "common/error.h"

namespace tarn::sql {

namespace {

// A new snapshot with 'table's schema and no rows.
std::shared_ptr<MaterializedTable> EmptyLike(const MaterializedTable& table) {
  auto copy = std::make_shared<MaterializedTable>();
  copy->columns = table.columns;
  copy->not_null = table.not_null;
  copy->defaults = table.defaults;
  copy->unique_keys = table.unique_keys;
  return copy;
}

// Appends 'rows' to 'chunks'; small chunks (many one-row INSERTs) are merged so scans stay fast.
void AppendChunks(std::vector<exec::DataChunk>& chunks, std::vector<exec::DataChunk> rows,
                  const std::vector<LogicalType>& types) {
  for (auto& chunk : rows) {
    if (chunk.size() == 0) continue;
    if (!chunks.empty() && chunks.back().size() + chunk.size() <= exec::kVectorSize &&
        chunk.size() < exec::kVectorSize / 4) {
      // The last chunk may be shared with an older snapshot: build a merged copy.
      const exec::DataChunk& last = chunks.back();
      exec::DataChunk merged(types);
      size_t count = 0;
      const exec::DataChunk* parts[] = {&last, &chunk};
      for (const exec::DataChunk* part : parts) {
        for (size_t row = 0; row < part->size(); ++row, ++count) {
          for (size_t column = 0; column < types.size(); ++column) {
            merged.column(column).SetValue(count,
                                           part->column(column).GetValue(part->RowIndex(row)));
          }
        }
      }
      merged.SetPhysicalSize(count);
      chunks.back() = std::move(merged);
      continue;
    }
    chunks.push_back(std::move(chunk));
  }
}

}  // namespace

std::shared_ptr<const MaterializedTable> MemoryTableStore::Find(const std::string& name) {
  auto entry = catalog_.tables.find(name);
  return entry == catalog_.tables.end() ? nullptr : entry->second;
}

void MemoryTableStore::Create(const std::string& name, std::shared_ptr<MaterializedTable> table) {
  catalog_.views.erase(name);
  if (!table->chunks.empty()) {
    std::vector<exec::DataChunk> rows = std::move(table->chunks);
    table->chunks.clear();
    std::vector<LogicalType> types;
    for (const auto& column : table->columns) types.push_back(column.type);
    AppendChunks(table->chunks, std::move(rows), types);
  }
  catalog_.tables[name] = std::move(table);
}

bool MemoryTableStore::Append(const std::string& name, const MaterializedTable& /*base*/,
                              std::vector<exec::DataChunk> rows) {
  auto entry = catalog_.tables.find(name);
  TARN_CHECK(entry != catalog_.tables.end());
  const MaterializedTable& table = *entry->second;
  auto updated = EmptyLike(table);
  for (const auto& chunk : table.chunks) {
    exec::DataChunk copy;
    copy.Reference(chunk);
    updated->chunks.push_back(std::move(copy));
  }
  std::vector<LogicalType> types;
  for (const auto& column : table.columns) types.push_back(column.type);
  AppendChunks(updated->chunks, std::move(rows), types);
  entry->second = std::move(updated);  // running queries keep the old snapshot
  return true;
}

bool MemoryTableStore::Overwrite(const std::string& name, const MaterializedTable& /*base*/,
                                 std::vector<exec::DataChunk> rows,
                                 const std::string& /*operation*/) {
  auto entry = catalog_.tables.find(name);
  TARN_CHECK(entry != catalog_.tables.end());
  auto updated = EmptyLike(*entry->second);
  std::vector<LogicalType> types;
  for (const auto& column : updated->columns) types.push_back(column.type);
  AppendChunks(updated->chunks, std::move(rows), types);
  entry->second = std::move(updated);
  return true;
}

bool MemoryTableStore::Drop(const std::string& name) { return catalog_.tables.erase(name) > 0; }

}  // namespace tarn::sql
