// The build side of a hash join: every build row (in build input order) with its key columns, a
// chained hash table over the rows whose keys are all non-NULL, and per-row "matched" flags for
// RIGHT/FULL joins. Built once in HashJoin::Finalize, then probed read-only by all threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Hashes rows [0, count) of 'keys' (dense vectors of equal length) into 'hashes'. Equal keys of
// equal types hash equally (doubles canonicalized). NULLs hash to a fixed value.
void HashKeyColumns(const std::vector<const Vector*>& keys, size_t count, uint64_t* hashes);

// True when row 'a_row' of 'a' equals row 'b_row' of 'b' (same type, both non-NULL).
bool KeyValuesEqual(const Vector& a, size_t a_row, const Vector& b, size_t b_row);

class JoinHashTable {
 public:
  // A build row: chunk index * kVectorSize + row in chunk.
  using RowId = uint32_t;
  static constexpr RowId kEnd = UINT32_MAX;

  // Takes the build chunks (build columns, then key columns at 'key_columns'). Reserves its index
  // memory on 'memory' (throws Error(kOutOfMemory)).
  JoinHashTable(std::vector<DataChunk> chunks, std::vector<size_t> key_columns,
                MemoryTracker& memory);
  ~JoinHashTable();
  JoinHashTable(const JoinHashTable&) = delete;
  JoinHashTable& operator=(const JoinHashTable&) = delete;

  // First row whose hash bucket matches 'hash' (then follow Next); kEnd if none. Rows come in build
  // input order; callers compare hash and keys.
  RowId First(uint64_t hash) const { return heads_[hash & mask_]; }
  RowId Next(RowId row) const { return next_[row]; }
  uint64_t Hash(RowId row) const { return hashes_[row]; }
  // True when the key columns of build 'row' equal rows 'probe_row' of 'probe_keys'.
  bool KeysEqual(RowId row, const std::vector<const Vector*>& probe_keys, size_t probe_row) const;

  const DataChunk& chunk(RowId row) const { return chunks_[row / kVectorSize]; }
  const std::vector<DataChunk>& chunks() const { return chunks_; }
  size_t row_count() const { return row_count_; }
  bool has_null_key() const { return has_null_key_; }
  // Row ids span [0, row_id_end()); ids of chunks' unused tail rows are never returned.
  RowId row_id_end() const { return static_cast<RowId>(chunks_.size() * kVectorSize); }

  void MarkMatched(RowId row) { matched_[row].store(1, std::memory_order_relaxed); }
  bool IsMatched(RowId row) const { return matched_[row].load(std::memory_order_relaxed) != 0; }

 private:
  std::vector<DataChunk> chunks_;
  std::vector<size_t> key_columns_;
  MemoryTracker& memory_;
  uint64_t reserved_ = 0;
  size_t row_count_ = 0;
  bool has_null_key_ = false;
  size_t mask_ = 0;
  std::vector<RowId> heads_;
  std::vector<RowId> next_;
  std::vector<uint64_t> hashes_;
  std::unique_ptr<std::atomic<uint8_t>[]> matched_;
};

}  // namespace tarn::exec
