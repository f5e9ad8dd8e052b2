// Batch ingestion of files into a lake table (`tarn ingest`): files, directories and globs of CSV,
// NDJSON or Parquet are read through format::OpenScan in parallel and written through TableWriter
// as zstd Parquet objects (encrypted when the lake is), then committed as ONE snapshot.
//
// Protocol of one ingest:
//  1. Expand the sources and open one scan over them (the first file's sniffed schema is the
//     source's). While the scan runs, a thread hashes each file (SHA-256); a file whose checksum
//     the table already records as ingested (unless 'force'), or repeated in the batch, stops the
//     attempt: its objects are deleted and the scan starts again without the file (hashing is
//     several times faster than scanning, so little is wasted).
//  2. Table absent: its schema is the source's. Table present: source columns are matched by name
//     (case-insensitive); a source type that widens to the table's is converted on write; a table
//     type that widens to the source's makes a new schema version (EvolveSchema); anything else
//     throws Error(kInvalidArgument) naming the column and both types before any data is written.
//     Table columns missing from the source are NULL; source columns new to the table are added.
//  3. Every worker thread scans morsels into its own TableWriter; rejected rows (on-error skip or
//     quarantine) are counted, and with quarantine collected with their file, line and reason.
//  4. The table is created if needed, and the files are committed with CommitWithRetry in one
//     snapshot (operation "ingest") that also records the source checksums. Then the quarantined
//     rows are committed to <table>__quarantine (a separate snapshot of that table).
// A failure before the commit deletes the objects written so far; a crash leaves them as orphans
// that VACUUM sweeps. Either way the table stays at its last snapshot: never partly ingested.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/lake.h"

namespace tarn::ingest {

enum class OnError : uint8_t {
  kFail,        // the first bad row stops the ingest (nothing committed), naming file:line:column
  kSkip,        // bad rows are counted and dropped
  kQuarantine,  // bad rows go to <table>__quarantine with their file, line, reason and text
};

struct IngestRequest {
  std::vector<std::string> sources;         // files, directories, globs
  std::string database;
  std::string table;
  std::string zone = "raw";                 // of a new table: raw, cleaned or curated
  std::string format;                       // csv, ndjson, parquet; empty = by file extension
  std::vector<std::string> partition_by;    // Hive partition columns of a new table
  OnError on_error = OnError::kFail;
  bool force = false;                       // ingest files even if already ingested
  size_t threads = 0;                       // 0 = all cores
};

// Live counters for a progress display; written by the ingest, read by any thread.
struct IngestCounters {
  std::atomic<uint64_t> rows{0};
  std::atomic<uint64_t> total_bytes{0};     // bytes of the files being read
  std::atomic<double> fraction{0.0};        // of those bytes consumed so far
};

struct IngestResult {
  std::vector<std::string> ingested_files;
  std::vector<std::string> skipped_files;   // already ingested (or repeated in the batch)
  uint64_t rows = 0;
  uint64_t bytes = 0;                       // source bytes read
  uint64_t rejected = 0;
  uint64_t files_written = 0;               // data objects committed
  int64_t snapshot_id = 0;                  // 0 when nothing was committed
  int64_t schema_version = 0;
  bool created_table = false;
  bool schema_changed = false;              // a new schema version was committed
  std::string quarantine_table;             // set when rows were quarantined
};

// Runs one ingest (protocol above). 'counters' may be null. Throws Error(kIoError) for a missing
// or unreadable source, Error(kInvalidInput) at file:line:column for a bad row under kFail,
// Error(kInvalidArgument) for a narrowing schema change or a partition column the source lacks.
IngestResult IngestFiles(catalog::Lake& lake, const IngestRequest& request,
                         IngestCounters* counters = nullptr);

}  // namespace tarn::ingest
