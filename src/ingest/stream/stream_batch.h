// What one acknowledged Put (or one replayed WAL record) leaves in a stream's buffer: the rows of
// its records in the stream table's columns, and the records that go to the error table. Batches
// are immutable once buffered; a pool recycles their chunks after delivery.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "exec/vector/data_chunk.h"

namespace tarn::ingest {

// The columns of a stream whose schema is known. Immutable; shared by the stream's parsers.
struct StreamSchema {
  std::vector<catalog::ColumnDef> record_columns;  // filled from JSON fields of the same name
  std::vector<catalog::ColumnDef> table_columns;   // record_columns + dt, hr (arrival partitions)
  std::vector<LogicalType> table_types;
  bool arrival_partitions = false;
};

// A record for <table>__errors.
struct StreamErrorRow {
  uint32_t record_index = 0;  // in its Put's body
  std::string error_code;     // "SchemaMismatch"
  std::string error_message;
  std::string record;         // the record's JSON text
};

struct StreamBatch {
  uint64_t sequence = 0;  // the WAL record holding the batch
  int64_t arrival_unix_micros = 0;
  std::string principal;
  uint64_t rows = 0;   // rows in 'chunks'
  uint64_t bytes = 0;  // JSON bytes of the batch's stored records
  std::vector<std::unique_ptr<exec::DataChunk>> chunks;  // table_columns, dense, full but the last
  std::vector<StreamErrorRow> errors;
};

// Thread-safe free list of chunks of one schema, so steady-state Puts allocate no vectors.
class ChunkPool {
 public:
  explicit ChunkPool(std::vector<LogicalType> types, size_t max_pooled = 1024)
      : types_(std::move(types)), max_pooled_(max_pooled) {}

  // Returns an empty chunk of the pool's types.
  std::unique_ptr<exec::DataChunk> Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto chunk = std::move(free_.back());
        free_.pop_back();
        return chunk;
      }
    }
    return std::make_unique<exec::DataChunk>(types_);
  }
  // Takes back a chunk (reset here; dropped when the pool is full).
  void Release(std::unique_ptr<exec::DataChunk> chunk) {
    chunk->Reset();
    std::lock_guard lock(mutex_);
    if (free_.size() < max_pooled_) free_.push_back(std::move(chunk));
  }
  void ReleaseAll(StreamBatch& batch) {
    for (auto& chunk : batch.chunks) Release(std::move(chunk));
    batch.chunks.clear();
  }

 private:
  const std::vector<LogicalType> types_;
  const size_t max_pooled_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<exec::DataChunk>> free_;
};

}  // namespace tarn::ingest
