// Durable streaming ingestion, Firehose-style: clients put batches of JSON records into a named
// stream; a batch is acknowledged only once it is in the stream's write-ahead log on disk
// (storage/wal); records are buffered in memory and delivered to the stream's lake table as
// encrypted Parquet when the buffer passes its size or age (or on Flush / shutdown). Each delivery
// is one catalog snapshot that also commits the watermark "stream:<name>" = the last WAL sequence
// it contains; on open, records after the watermark are replayed from the WAL and delivered again,
// so a delivery interrupted halfway is redone exactly once. Then the WAL is trimmed.
//
// Records that are valid JSON objects but do not fit the schema (wrong type, missing NOT NULL
// field, unknown field when the schema is strict) are acknowledged and delivered to the stream's
// error table <table>__errors (columns: stream VARCHAR, sequence BIGINT, record_index INTEGER,
// received_at TIMESTAMP, error_code VARCHAR, error_message VARCHAR, record VARCHAR) — in the same
// snapshot order and exactly once as well. Records that are not JSON objects fail in the response
// and are not stored. Docs: docs/streams.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace tarn::catalog {
struct Lake;
}
namespace tarn::storage {
class Keyring;
}

namespace tarn::ingest {

enum class StreamPartitioning : uint8_t {
  kNone,
  kArrivalTime,  // dt=YYYY-MM-DD/hr=HH of the time the batch was received (UTC)
  kField,        // Hive folders by the value of 'partition_field'
};

struct StreamDefinition {
  std::string name;      // 1-128 of [A-Za-z0-9_-]
  std::string database = "raw";
  std::string table;     // default: the stream name (lower case)
  // Declared schema; empty = inferred from the first batch's records (every field of the first
  // record; numbers BIGINT or DOUBLE, booleans, strings VARCHAR, nested values VARCHAR JSON text).
  std::vector<catalog::ColumnDef> columns;
  uint64_t buffer_bytes = 64ull << 20;   // deliver when the buffered records pass this ...
  double buffer_seconds = 60;            // ... or the oldest buffered record is this old
  StreamPartitioning partitioning = StreamPartitioning::kArrivalTime;
  std::string partition_field;           // kField only
  std::string compression = "zstd";      // "zstd", "snappy", "gzip", "none"
  // Set by Create.
  std::string created_by;
  int64_t created_unix_seconds = 0;
};

// The answer for one record of a put, in request order (like PutRecordBatch).
struct RecordResult {
  uint64_t sequence = 0;     // the WAL record holding the batch (0 when the record failed)
  std::string error_code;    // "" = accepted; "InvalidJson", "NotAnObject", "SchemaMismatch"
  std::string error_message; // names the field and the problem; no record content
};

struct PutResult {
  size_t failed_count = 0;         // records not accepted (InvalidJson, NotAnObject)
  size_t error_table_count = 0;    // accepted into the error table (SchemaMismatch)
  std::vector<RecordResult> records;
};

struct StreamStatus {
  StreamDefinition definition;
  uint64_t buffered_records = 0;
  uint64_t buffered_bytes = 0;
  double records_per_second = 0;       // accepted, over the last ~10 s
  uint64_t total_records = 0;          // accepted since the server started
  uint64_t total_bytes = 0;
  uint64_t error_records = 0;          // sent to the error table since the server started
  uint64_t deliveries = 0;             // since the server started
  int64_t last_delivery_unix_micros = 0;  // 0 = none yet
  int64_t last_delivery_snapshot = 0;
  std::string last_error;              // the last delivery failure ("" = none)
  uint64_t wal_bytes = 0;
  uint64_t delivered_sequence = 0;     // the committed watermark
};

struct StreamManagerOptions {
  std::string data_dir;
  uint64_t max_buffered_bytes = 1ull << 30;  // all streams together; past it Put throws (429)
  uint64_t wal_size_limit = 4ull << 30;      // per stream; past it Put throws (503)
  uint64_t max_records_per_put = 500;
  uint64_t max_bytes_per_put = 4ull << 20;
  bool sync = true;                          // fdatasync before acknowledging (tests may turn off)
};

// Thread-safe: Put from many threads at once; one delivery thread per manager. Errors throw
// tarn::Error: kNotFound for an unknown stream, kConflict for a duplicate name, kInvalidArgument
// for a bad definition or an oversize/malformed body (naming line or record index and offset),
// kOutOfMemory for backpressure — message "stream buffers are full" (answer 429 + Retry-After) or
// "stream write-ahead log is full" (503 + Retry-After) — and kIoError for a failed WAL write.
class StreamManager {
 public:
  // Loads the stream definitions of 'options.data_dir' (<data-dir>/streams/), opens each WAL and
  // replays the records after each stream's committed watermarks into its buffer (delivered by the
  // delivery thread as usual; a long log is delivered while it is replayed). 'lake' and 'keyring'
  // must outlive the manager. Throws Error(kCorrupt) when a WAL ends below its committed
  // watermark (the log was lost) and what Wal::Open throws.
  static std::unique_ptr<StreamManager> Open(StreamManagerOptions options,
                                             std::shared_ptr<catalog::Lake> lake,
                                             const storage::Keyring& keyring);
  // Delivers what is buffered (as Close) unless it was closed.
  ~StreamManager();

  // Creates the stream and, when the schema is declared, its table and error table.
  StreamStatus Create(StreamDefinition definition, const std::string& principal);
  std::vector<StreamStatus> List() const;
  StreamStatus Status(const std::string& name) const;
  // 'body' is a JSON array of objects or NDJSON (one object per line), at most
  // max_records_per_put records and max_bytes_per_put bytes. Blocks until the accepted records
  // are durable in the WAL. 'principal' is recorded in the snapshot summary.
  PutResult Put(const std::string& name, std::string_view body, const std::string& principal);
  // Delivers the stream's buffer now and waits; returns the committed snapshot id of the table
  // (of the error table when only error rows were delivered; 0 when there was nothing to
  // deliver). Throws the delivery's error (the buffer is kept and retried).
  int64_t Flush(const std::string& name);
  // Delivers every buffer and stops the delivery thread (graceful shutdown). Puts and Creates
  // after Close throw Error(kOutOfMemory, HTTP 503) "the server is shutting down ...".
  void Close();

  // Totals over all streams, for /metrics.
  struct Totals {
    uint64_t records = 0, bytes = 0, error_records = 0, deliveries = 0, delivery_failures = 0;
    uint64_t buffered_bytes = 0, wal_bytes = 0;
  };
  Totals totals() const;

 private:
  struct Impl;
  explicit StreamManager(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tarn::ingest
