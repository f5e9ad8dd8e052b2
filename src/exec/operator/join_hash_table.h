// The build side of a hash join: every build row (in build input order) with its key columns, a
// chained hash table over the rows whose keys are all non-NULL, and per-row "matched" flags for
// RIGHT/FULL joins. Built once in HashJoin::Finalize, then probed read-only by all threads.
// Each row id owns one fixed-width row: its tag and chain link, then the validity bits and values
// of the payload columns, so a probe's key check and the gather of the matched row's columns touch
// one cache line instead of one per column.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
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

  // Takes the build chunks (build columns, then key columns at 'key_columns'); columns
  // [0, payload_columns) are the ones Gather copies out. Reserves its index and row memory on
  // 'memory' (throws Error(kOutOfMemory)).
  JoinHashTable(std::vector<DataChunk> chunks, std::vector<size_t> key_columns,
                size_t payload_columns, MemoryTracker& memory);
  ~JoinHashTable();
  JoinHashTable(const JoinHashTable&) = delete;
  JoinHashTable& operator=(const JoinHashTable&) = delete;

  // Probing, per batch of probe rows: HashKeyColumns, then ProbeTags, then FindFirstMatches, then
  // NextMatch per match. 'keys' are the probe key vectors (dense, types equal to the build keys).
  //
  // Computes each probe row's tag: its key value for a single integral key (compared directly),
  // else its hash (compared before the keys).
  void ProbeTags(const std::vector<const Vector*>& keys, size_t count, const uint64_t* hashes,
                 uint64_t* tags) const;
  // Sets first[i] to the first build row (in build input order) whose keys equal probe row i's,
  // or kEnd; rows with skip[i] != 0 (NULL keys) get kEnd. All rows advance along their chains in
  // lockstep, so the cache misses of different rows overlap.
  void FindFirstMatches(const std::vector<const Vector*>& keys, size_t count,
                        const uint64_t* hashes, const uint64_t* tags, const uint8_t* skip,
                        RowId* first) const;
  // Returns the next build row (in build input order) whose keys equal those of 'row', or kEnd.
  RowId NextMatch(RowId row) const { return Link(row, kDuplicateOffset); }

  // Writes payload column 'column' of build rows 'rows' [0, count) to out[0, count) (values and
  // validity; 'out' must be reset by the caller).
  void Gather(const RowId* rows, size_t count, size_t column, Vector& out) const;

  const DataChunk& chunk(RowId row) const { return chunks_[row / kVectorSize]; }
  const std::vector<DataChunk>& chunks() const { return chunks_; }
  size_t row_count() const { return row_count_; }
  bool has_null_key() const { return has_null_key_; }
  // Row ids span [0, row_id_end()); ids of chunks' unused tail rows are never returned.
  RowId row_id_end() const { return static_cast<RowId>(chunks_.size() * kVectorSize); }

  void MarkMatched(RowId row) { matched_[row].store(1, std::memory_order_relaxed); }
  bool IsMatched(RowId row) const { return matched_[row].load(std::memory_order_relaxed) != 0; }

 private:
  // Row layout: [0, 8) tag (see ProbeTags), [8, 12) the next row of the bucket's chain with a
  // different key, [12, 16) the next row with the same key, [16, ...) one validity bit per payload
  // column, then the values at column_offsets_. A bucket's chain holds the first row of each
  // distinct key; the rows of one key hang off it in build input order.
  static constexpr size_t kTagOffset = 0;
  static constexpr size_t kNextOffset = 8;
  static constexpr size_t kDuplicateOffset = 12;
  static constexpr size_t kValidityOffset = 16;

  const uint8_t* Row(RowId row) const { return rows_.data() + size_t{row} * row_width_; }
  uint8_t* Row(RowId row) { return rows_.data() + size_t{row} * row_width_; }
  uint64_t Tag(RowId row) const {
    uint64_t tag;
    std::memcpy(&tag, Row(row) + kTagOffset, sizeof(tag));
    return tag;
  }
  RowId Link(RowId row, size_t offset) const {
    RowId link;
    std::memcpy(&link, Row(row) + offset, sizeof(link));
    return link;
  }
  void SetLink(RowId row, size_t offset, RowId link) {
    std::memcpy(Row(row) + offset, &link, sizeof(link));
  }
  bool Matches(RowId row, uint64_t tag, const std::vector<const Vector*>& keys,
               size_t probe_row) const {
    if (Tag(row) != tag) return false;
    return integral_key_ || KeysEqual(row, keys, probe_row);
  }
  // Writes the tag, unlinked chain links and payload of build row 'row' (chunk row 'chunk_row'
  // of 'chunk').
  void StoreRow(RowId row, uint64_t tag, const DataChunk& chunk, size_t chunk_row);
  // Links build row 'row' (stored, key non-NULL) into bucket 'bucket' ahead of later rows.
  void Insert(RowId row, size_t bucket);
  // True when build rows 'a' and 'b' have equal keys (tags already equal).
  bool BuildKeysEqual(RowId a, RowId b) const;
  // True when the key columns of build 'row' equal row 'probe_row' of 'probe_keys'.
  bool KeysEqual(RowId row, const std::vector<const Vector*>& probe_keys, size_t probe_row) const;

  std::vector<DataChunk> chunks_;
  std::vector<size_t> key_columns_;
  MemoryTracker& memory_;
  uint64_t reserved_ = 0;
  size_t row_count_ = 0;
  bool has_null_key_ = false;
  bool integral_key_ = false;  // one key of a 1-, 4- or 8-byte integer physical type
  size_t mask_ = 0;
  size_t payload_columns_ = 0;
  size_t row_width_ = 0;
  std::vector<size_t> column_offsets_;
  std::vector<size_t> column_widths_;
  Buffer heads_;  // RowId per bucket
  Buffer rows_;   // row_width_ bytes per row id
  std::unique_ptr<std::atomic<uint8_t>[]> matched_;
};

}  // namespace tarn::exec
