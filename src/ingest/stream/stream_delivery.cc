#include "ingest/stream/stream_delivery.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "catalog/schema_evolution.h"
#include "catalog/snapshot_commit.h"
#include "catalog/table/table_writer.h"
#include "common/error.h"
#include "storage/lake_layout.h"

namespace tarn::ingest {
namespace {

std::vector<LogicalType> TypesOf(const std::vector<catalog::ColumnDef>& columns) {
  std::vector<LogicalType> types;
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

bool SameColumns(const std::vector<catalog::ColumnDef>& a, const std::vector<catalog::ColumnDef>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (catalog::LowerName(a[i].name) != catalog::LowerName(b[i].name) || a[i].type != b[i].type) return false;
  }
  return true;
}

catalog::TableInfo EnsureTable(catalog::Catalog& catalog, catalog::TableInfo info,
                               const std::vector<catalog::ColumnDef>& columns) {
  std::optional<catalog::TableInfo> existing = catalog.FindTable(info.database, info.name);
  if (!existing) existing = catalog.CreateTable(info, columns, /*if_not_exists=*/true);
  if (!SameColumns(catalog.CurrentSchema(existing->id).columns, columns)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("table {}.{} exists with columns other than the stream's", info.database, info.name));
  }
  return *existing;
}

// The summary of a snapshot: stream, records, principals (distinct, at most 10), sequences.
std::map<std::string, std::string> Summary(const DeliveryScope& scope, uint64_t after, uint64_t records,
                                           bool errors) {
  std::set<std::string> principals;
  uint64_t first = 0;
  for (const StreamBatch* batch : scope.batches) {
    if (batch->sequence <= after) continue;
    if (first == 0) first = batch->sequence;
    if (principals.size() < 10) principals.insert(batch->principal);
  }
  std::map<std::string, std::string> summary = {
      {"stream", scope.stream},
      {errors ? "error_records" : "records", std::to_string(records)},
      {"principals", fmt::format("{}", fmt::join(principals, ","))},
      {"first_sequence", std::to_string(first)},
      {"last_sequence", std::to_string(scope.watermark)}};
  return summary;
}

int64_t Commit(catalog::Lake& lake, const catalog::TableInfo& table, catalog::TableWriter& writer,
               const DeliveryScope& scope, std::map<std::string, std::string> summary) {
  std::vector<catalog::DataFile> files = writer.Finish();
  StreamCrashPoint(summary.count("error_records") ? "before_error_commit" : "before_commit");
  try {
    catalog::Snapshot snapshot = catalog::CommitWithRetry(
        *lake.catalog, table.id, [&](const std::optional<catalog::Snapshot>&) {
          catalog::SnapshotChange change;
          change.operation = "stream";
          change.added_files = files;
          change.summary = summary;
          change.watermarks[StreamWatermarkKey(scope.stream)] = std::to_string(scope.watermark);
          return change;
        });
    return snapshot.id;
  } catch (...) {
    // The catalog may or may not have the snapshot when the failure came after the commit (e.g.
    // a lost connection); keep the objects then: VACUUM sweeps them if nothing references them.
    if (CommittedWatermark(*lake.catalog, table.id, scope.stream) < scope.watermark) writer.Abort();
    throw;
  }
}

}  // namespace

std::string StreamWatermarkKey(const std::string& stream) { return "stream:" + stream; }

std::vector<catalog::ColumnDef> StreamErrorColumns() {
  return {{"stream", TypeId::kVarchar, true, "the stream the record was put into"},
          {"sequence", TypeId::kBigint, true, "the write-ahead log record of its batch"},
          {"record_index", TypeId::kInteger, true, "0-based position of the record in its request"},
          {"received_at", TypeId::kTimestamp, true, "when the batch was received (UTC)"},
          {"error_code", TypeId::kVarchar, true, "why the record did not fit the table"},
          {"error_message", TypeId::kVarchar, true, "the field and the problem"},
          {"record", TypeId::kVarchar, true, "the record's JSON text"}};
}

format::parquet::Codec StreamCodec(const std::string& compression) {
  if (compression == "snappy") return format::parquet::Codec::kSnappy;
  if (compression == "gzip") return format::parquet::Codec::kGzip;
  if (compression == "none") return format::parquet::Codec::kUncompressed;
  return format::parquet::Codec::kZstd;
}

catalog::TableInfo EnsureStreamTable(catalog::Catalog& catalog, const StreamDefinition& definition,
                                     const std::vector<catalog::ColumnDef>& columns) {
  catalog::TableInfo info;
  info.database = definition.database;
  info.name = definition.table;
  info.kind = catalog::TableKind::kManaged;
  info.zone = "raw";
  info.format = "parquet";
  info.location = storage::TablePrefix(storage::Zone::kRaw, info.database, info.name);
  info.owner = definition.created_by;
  info.description = fmt::format("records of stream {}", definition.name);
  if (definition.partitioning == StreamPartitioning::kArrivalTime) {
    info.partition_columns = {"dt", "hr"};
  } else if (definition.partitioning == StreamPartitioning::kField) {
    info.partition_columns = {catalog::LowerName(definition.partition_field)};
  }
  return EnsureTable(catalog, std::move(info), columns);
}

catalog::TableInfo EnsureStreamErrorTable(catalog::Catalog& catalog, const StreamDefinition& definition) {
  catalog::TableInfo info;
  info.database = definition.database;
  info.name = definition.table + "__errors";
  info.kind = catalog::TableKind::kManaged;
  info.zone = "raw";
  info.format = "parquet";
  info.location = storage::TablePrefix(storage::Zone::kRaw, info.database, info.name);
  info.owner = definition.created_by;
  info.description = fmt::format("records of stream {} that did not fit {}", definition.name, definition.table);
  return EnsureTable(catalog, std::move(info), StreamErrorColumns());
}

uint64_t CommittedWatermark(catalog::Catalog& catalog, int64_t table_id, const std::string& stream) {
  std::optional<std::string> value = catalog.Watermark(table_id, StreamWatermarkKey(stream));
  if (!value) return 0;
  try {
    return std::stoull(*value);
  } catch (const std::exception&) {
    throw Error(ErrorCode::kCorrupt, fmt::format("watermark of stream '{}' is not a sequence number", stream));
  }
}

int64_t DeliverRows(catalog::Lake& lake, const catalog::TableInfo& table,
                    const std::vector<catalog::ColumnDef>& columns, format::parquet::Codec codec,
                    const DeliveryScope& scope, uint64_t after) {
  uint64_t rows = 0;
  for (const StreamBatch* batch : scope.batches) {
    if (batch->sequence > after) rows += batch->rows;
  }
  if (rows == 0) return 0;
  catalog::TableWriterOptions options;
  options.codec = codec;
  catalog::TableWriter writer(lake.store->store(), table, columns, options);
  for (const StreamBatch* batch : scope.batches) {
    if (batch->sequence <= after) continue;
    for (const auto& chunk : batch->chunks) writer.Append(*chunk);
  }
  return Commit(lake, table, writer, scope, Summary(scope, after, rows, false));
}

int64_t DeliverErrorRows(catalog::Lake& lake, const catalog::TableInfo& error_table, format::parquet::Codec codec,
                         const DeliveryScope& scope, uint64_t after) {
  uint64_t rows = 0;
  for (const StreamBatch* batch : scope.batches) {
    if (batch->sequence > after) rows += batch->errors.size();
  }
  if (rows == 0) return 0;
  std::vector<catalog::ColumnDef> columns = StreamErrorColumns();
  catalog::TableWriterOptions options;
  options.codec = codec;
  catalog::TableWriter writer(lake.store->store(), error_table, columns, options);
  exec::DataChunk chunk(TypesOf(columns));
  size_t row = 0;
  auto flush = [&] {
    chunk.SetPhysicalSize(row);
    writer.Append(chunk);
    chunk.Reset();
    row = 0;
  };
  for (const StreamBatch* batch : scope.batches) {
    if (batch->sequence <= after) continue;
    for (const StreamErrorRow& error : batch->errors) {
      chunk.column(0).data<StringRef>()[row] = chunk.column(0).AddString(scope.stream);
      chunk.column(1).data<int64_t>()[row] = static_cast<int64_t>(batch->sequence);
      chunk.column(2).data<int32_t>()[row] = static_cast<int32_t>(error.record_index);
      chunk.column(3).data<int64_t>()[row] = batch->arrival_unix_micros;
      chunk.column(4).data<StringRef>()[row] = chunk.column(4).AddString(error.error_code);
      chunk.column(5).data<StringRef>()[row] = chunk.column(5).AddString(error.error_message);
      chunk.column(6).data<StringRef>()[row] = chunk.column(6).AddString(error.record);
      if (++row == exec::kVectorSize) flush();
    }
  }
  if (row > 0) flush();
  return Commit(lake, error_table, writer, scope, Summary(scope, after, rows, true));
}

void StreamCrashPoint(std::string_view point) {
  const char* wanted = ::getenv("TARN_STREAM_CRASH_AT");
  if (wanted != nullptr && point == wanted) ::raise(SIGKILL);
}

}  // namespace tarn::ingest
