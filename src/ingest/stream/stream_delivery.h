// Delivery of a stream's buffered batches into the lake: the rows become Parquet files of the
// stream's table (TableWriter, encrypted like every lake object) committed in ONE snapshot with
// the watermark "stream:<name>" = the last WAL sequence delivered; the error rows go to
// <table>__errors in a snapshot of their own with the same watermark. Each table's watermark is
// read back separately at recovery, so a crash between the two commits redoes only the second.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/lake.h"
#include "format/parquet/parquet_metadata.h"
#include "ingest/stream/stream_batch.h"
#include "ingest/stream/stream_manager.h"

namespace tarn::ingest {

// "stream:<name>": the watermark key of a stream in its tables' snapshots.
std::string StreamWatermarkKey(const std::string& stream);
// The columns of <table>__errors.
std::vector<catalog::ColumnDef> StreamErrorColumns();
format::parquet::Codec StreamCodec(const std::string& compression);

// Creates the stream's table (or its error table) when missing and returns it. Throws
// Error(kInvalidArgument) when the table exists with other columns (names and types).
catalog::TableInfo EnsureStreamTable(catalog::Catalog& catalog, const StreamDefinition& definition,
                                     const std::vector<catalog::ColumnDef>& columns);
catalog::TableInfo EnsureStreamErrorTable(catalog::Catalog& catalog, const StreamDefinition& definition);

// The committed watermark of 'stream' in the table's current snapshot (0 when none).
uint64_t CommittedWatermark(catalog::Catalog& catalog, int64_t table_id, const std::string& stream);

// What one delivery covers: the ready batches up to 'watermark' (in sequence order).
struct DeliveryScope {
  std::string stream;
  std::vector<const StreamBatch*> batches;
  uint64_t watermark = 0;
};

// Writes the rows of the batches with sequence > 'after' to 'table' (whose columns are
// 'columns') and commits them with the watermark (CommitWithRetry; operation "stream"; summary:
// stream, records, principals, first and last sequence). Returns the snapshot id, or 0 when those
// batches hold no rows (nothing is committed). Failures throw; the written objects are deleted.
int64_t DeliverRows(catalog::Lake& lake, const catalog::TableInfo& table,
                    const std::vector<catalog::ColumnDef>& columns, format::parquet::Codec codec,
                    const DeliveryScope& scope, uint64_t after);
// The same for the error rows, into the error table.
int64_t DeliverErrorRows(catalog::Lake& lake, const catalog::TableInfo& error_table,
                         format::parquet::Codec codec, const DeliveryScope& scope, uint64_t after);

// Test hook: when the environment variable TARN_STREAM_CRASH_AT equals 'point'
// ("before_commit": the table's files written, not committed; "between_commits": the table
// committed, the error table not; "before_error_commit": the error table's files written, not
// committed), the process kills itself with SIGKILL. Recovery tests use it.
void StreamCrashPoint(std::string_view point);

}  // namespace tarn::ingest
