#include "ingest/db/db_ingest.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/schema_evolution.h"
#include "catalog/snapshot_commit.h"
#include "catalog/table/column_widening.h"
#include "catalog/table/table_writer.h"
#include "common/error.h"
#include "format/database_scan.h"
#include "storage/lake_layout.h"

namespace tarn::ingest {
namespace {

// The table's columns for this load and, per table column, the source column feeding it (-1:
// the source lacks it, NULL).
struct ColumnMapping {
  std::vector<catalog::ColumnDef> columns;
  std::vector<int64_t> source_column;
  std::optional<std::vector<catalog::ColumnDef>> new_columns;  // a new schema version
};

ColumnMapping MapColumns(const std::vector<format::ColumnSchema>& source,
                         const std::optional<std::vector<catalog::ColumnDef>>& table_columns,
                         const std::string& full_name) {
  auto find_source = [&](const std::string& name) -> int64_t {
    for (size_t i = 0; i < source.size(); ++i) {
      if (catalog::LowerName(source[i].name) == name) return static_cast<int64_t>(i);
    }
    return -1;
  };
  ColumnMapping mapping;
  std::vector<catalog::ColumnDef> proposed;
  if (table_columns) proposed = *table_columns;
  for (auto& column : proposed) {
    int64_t index = find_source(catalog::LowerName(column.name));
    if (index < 0) continue;
    const LogicalType& source_type = source[static_cast<size_t>(index)].type;
    if (source_type == column.type || catalog::CanWiden(source_type, column.type)) continue;
    if (catalog::IsWidening(column.type, source_type)) {
      column.type = source_type;
      continue;
    }
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format("column '{}' of {} is {} but the source has {}: columns are only ever "
                    "widened, never narrowed or retyped",
                    column.name, full_name, column.type.ToString(), source_type.ToString()));
  }
  for (const auto& column : source) {
    std::string name = catalog::LowerName(column.name);
    bool known = std::any_of(proposed.begin(), proposed.end(),
                             [&](const catalog::ColumnDef& def) { return def.name == name; });
    if (known) continue;
    catalog::ColumnDef def;
    def.name = name;
    def.type = column.type;
    proposed.push_back(std::move(def));
  }
  if (table_columns) {
    mapping.new_columns = catalog::EvolveSchema(*table_columns, proposed);
    mapping.columns = mapping.new_columns ? *mapping.new_columns : *table_columns;
  } else {
    mapping.columns = proposed;
  }
  for (const auto& column : mapping.columns) {
    mapping.source_column.push_back(find_source(catalog::LowerName(column.name)));
  }
  return mapping;
}

void ConvertChunk(exec::DataChunk& source, const ColumnMapping& mapping, exec::DataChunk& out) {
  size_t count = source.size();
  out.Reset();
  for (size_t i = 0; i < mapping.columns.size(); ++i) {
    exec::Vector& target = out.column(i);
    int64_t index = mapping.source_column[i];
    if (index < 0) {
      target.SetConstant(exec::Value::Null(mapping.columns[i].type));
      target.Flatten(count);
    } else if (source.column(static_cast<size_t>(index)).type() == target.type()) {
      target.Reference(source.column(static_cast<size_t>(index)));
    } else {
      catalog::WidenColumn(source.column(static_cast<size_t>(index)), count, target);
    }
  }
  out.SetPhysicalSize(count);
}

std::vector<LogicalType> TypesOf(const std::vector<catalog::ColumnDef>& columns) {
  std::vector<LogicalType> types;
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

}  // namespace

std::string WatermarkSource(const DatabaseIngestRequest& request) {
  return format::RedactUrl(request.url) + "#" + request.source_table + "#" +
         request.incremental_column;
}

DatabaseIngestResult IngestDatabase(catalog::Lake& lake, const DatabaseIngestRequest& request) {
  DatabaseIngestResult result;
  catalog::Catalog& catalog = *lake.catalog;
  std::string database = catalog::LowerName(request.database);
  std::string table_name = catalog::LowerName(request.table);
  std::string full_name = database + "." + table_name;
  bool incremental = !request.incremental_column.empty();
  std::string source_key = WatermarkSource(request);
  std::optional<catalog::TableInfo> table = catalog.FindTable(database, table_name);
  if (table && incremental) result.previous_watermark = catalog.Watermark(table->id, source_key);

  format::DatabaseScanOptions scan_options;
  scan_options.table = request.source_table;
  scan_options.incremental_column = request.incremental_column;
  scan_options.lower_bound = result.previous_watermark;
  std::unique_ptr<format::DatabaseScan> scan = format::OpenDatabaseScan(request.url, scan_options);
  if (incremental && !scan->upper_bound()) {
    result.watermark = result.previous_watermark;
    if (table) return result;  // no new rows: nothing to commit
  }

  std::optional<std::vector<catalog::ColumnDef>> table_columns;
  if (table) table_columns = catalog.CurrentSchema(table->id).columns;
  ColumnMapping mapping = MapColumns(scan->schema(), table_columns, full_name);
  catalog::TableInfo info;
  if (table) {
    info = *table;
  } else {
    info.database = database;
    info.name = table_name;
    info.kind = catalog::TableKind::kManaged;
    info.zone = std::string(storage::ZoneName(storage::ParseZone(request.zone)));
    info.format = "parquet";
    info.location = storage::TablePrefix(storage::ParseZone(info.zone), database, table_name);
    info.description = "loaded from " + format::RedactUrl(request.url) + " " + request.source_table;
    for (const auto& name : request.partition_by) {
      std::string lower = catalog::LowerName(name);
      bool present =
          std::any_of(mapping.columns.begin(), mapping.columns.end(),
                      [&](const catalog::ColumnDef& column) { return column.name == lower; });
      if (!present) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("partition column '{}' is not a column of the source", name));
      }
      info.partition_columns.push_back(lower);
    }
  }

  // One cursor, one writer: the scan is a single morsel.
  std::vector<size_t> all_columns(scan->schema().size());
  for (size_t i = 0; i < all_columns.size(); ++i) all_columns[i] = i;
  scan->SetProjection(all_columns);
  std::vector<LogicalType> source_types;
  for (const auto& column : scan->schema()) source_types.push_back(column.type);
  catalog::TableWriter writer(lake.store->store(), info, mapping.columns);
  {
    auto state = scan->CreateLocalState();
    exec::DataChunk chunk(source_types);
    exec::DataChunk out(TypesOf(mapping.columns));
    int64_t morsel = 0;
    while (scan->NextMorsel(*state, morsel)) {
      while (scan->ReadChunk(*state, chunk)) {
        ConvertChunk(chunk, mapping, out);
        writer.Append(out);
        result.rows += out.size();
      }
    }
  }
  std::vector<catalog::DataFile> added = writer.Finish();
  result.files_written = added.size();

  if (!table) {
    info = catalog.CreateTable(info, mapping.columns, /*if_not_exists=*/true);
    result.created_table = true;
    if (TypesOf(catalog.CurrentSchema(info.id).columns) != TypesOf(mapping.columns)) {
      throw Error(
          ErrorCode::kConflict,
          fmt::format("{} was created by another writer with a different schema; load again",
                      full_name));
    }
  }
  std::map<std::string, std::string> summary = {
      {"source", format::RedactUrl(request.url) + " " + request.source_table},
      {"rows", std::to_string(result.rows)}};
  catalog::Snapshot snapshot =
      catalog::CommitWithRetry(catalog, info.id, [&](const std::optional<catalog::Snapshot>&) {
        // Two loads of one source must not both read above the same watermark.
        if (incremental && catalog.Watermark(info.id, source_key) != result.previous_watermark) {
          throw Error(ErrorCode::kConflict,
                      fmt::format("another load of {} into {} committed first; nothing was "
                                  "committed, load again",
                                  request.source_table, full_name));
        }
        catalog::SnapshotChange change;
        change.operation = "ingest";
        change.added_files = added;
        change.replace_all = !incremental;  // a full load replaces the table's rows
        if (!result.created_table) change.new_columns = mapping.new_columns;
        change.summary = summary;
        if (incremental && scan->upper_bound())
          change.watermarks[source_key] = *scan->upper_bound();
        return change;
      });
  result.snapshot_id = snapshot.id;
  result.schema_changed = !result.created_table && mapping.new_columns.has_value();
  if (incremental)
    result.watermark = scan->upper_bound() ? scan->upper_bound() : result.previous_watermark;
  return result;
}

}  // namespace tarn::ingest
