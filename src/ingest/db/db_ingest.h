// `tarn ingest postgresql://… --source-table schema.table --table db.t [--incremental-column c]`
// (and sqlite:///file.db): loads a database table into a lake table through the database
// ScanSources (format/database_scan.h) and TableWriter.
//
// The first load (or every load without an incremental column) reads the whole source table.
// With an incremental column, each load reads only rows whose value is above the watermark — the
// largest value the previous loads read — and commits the new watermark in the same snapshot as
// the files (SnapshotChange::watermarks), so a crash never loses or repeats rows: either the files
// and the watermark are committed together or neither is. Watermarks are kept per source
// (redacted URL, source table and column), so one lake table can load from several sources.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/lake.h"

namespace tarn::ingest {

struct DatabaseIngestRequest {
  std::string url;                 // postgresql://… or sqlite://…
  std::string source_table;        // schema.table (PostgreSQL) or table (SQLite)
  std::string incremental_column;  // empty: full load every time
  std::string database;            // the lake table
  std::string table;
  std::string zone = "raw";               // of a new table
  std::vector<std::string> partition_by;  // Hive partition columns of a new table
};

struct DatabaseIngestResult {
  uint64_t rows = 0;
  uint64_t files_written = 0;
  int64_t snapshot_id = 0;  // 0 when nothing was committed (no new rows)
  bool created_table = false;
  bool schema_changed = false;
  std::optional<std::string> previous_watermark;
  std::optional<std::string> watermark;  // after this load
};

// The key a source's watermark is stored under: "<redacted url>#<source table>#<column>".
std::string WatermarkSource(const DatabaseIngestRequest& request);

// Runs one load. Throws what OpenDatabaseScan throws, Error(kInvalidArgument) when a source column
// would narrow or retype a table column (naming both types), and Error(kConflict) when another
// load of the same source committed a watermark meanwhile (nothing is committed; run it again).
DatabaseIngestResult IngestDatabase(catalog::Lake& lake, const DatabaseIngestRequest& request);

}  // namespace tarn::ingest
