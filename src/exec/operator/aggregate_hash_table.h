// The group table behind HashAggregate: maps group keys to a row of aggregate states, groups kept in
// first-seen order. One table per thread per morsel (partial) plus one global table they merge into.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/arena.h"
#include "common/memory.h"
#include "exec/function/function.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Where each aggregate's state sits inside a group's state row.
struct AggregateLayout {
  std::vector<const AggregateFunction*> functions;
  std::vector<size_t> offsets;  // offsets[a] = byte offset of aggregate a in the row
  size_t row_width = 0;         // bytes per group row (a multiple of 'alignment')
  size_t alignment = 8;

  explicit AggregateLayout(std::vector<const AggregateFunction*> functions);
};

// Not thread-safe. Group rows never move once created (pointers stay valid until Reset). Memory is
// reserved on 'memory' as the table grows (throws Error(kOutOfMemory)) and released on destruction.
class AggregateHashTable {
 public:
  virtual ~AggregateHashTable() = default;

  // Picks the key layout for 'key_types': none (one group), a single 64-bit-representable key
  // (integers, dates, timestamps, decimals, booleans, doubles), or serialized keys (anything else).
  static std::unique_ptr<AggregateHashTable> Create(const std::vector<LogicalType>& key_types,
                                                    const AggregateLayout& layout,
                                                    MemoryTracker& memory);

  // Finds or creates the group of each of rows [0, count) of 'keys' (dense vectors, one per key
  // column) and writes the group's state row to rows[i]. New groups' states are initialized.
  virtual void FindOrCreate(const std::vector<const Vector*>& keys, size_t count,
                            uint8_t** rows) = 0;
  // Finds or creates, in this table, the groups [begin, begin + count) of 'other' (a table created
  // with the same key types) and writes this table's state rows to rows[i].
  virtual void FindOrCreateFrom(const AggregateHashTable& other, size_t begin, size_t count,
                                uint8_t** rows) = 0;
  // Writes the keys of groups [begin, begin + count) into output columns [0, key count). Strings
  // point into this table's memory.
  virtual void ScatterKeys(size_t begin, size_t count, DataChunk& output) const = 0;
  // Destroys the states and forgets every group, keeping the memory for reuse.
  virtual void Reset() = 0;

  size_t group_count() const { return group_rows_.size(); }
  uint8_t* group_row(size_t group) const { return group_rows_[group]; }
  uint8_t* const* group_rows() const { return group_rows_.data(); }
  // Reserves on the memory tracker whatever the table grew by since the last call.
  void UpdateMemory();

 protected:
  AggregateHashTable(const AggregateLayout& layout, MemoryTracker& memory);
  void ReleaseMemory();
  // Appends a group with an uninitialized state row; returns its index.
  size_t AddGroupRow();
  // Initializes the states of groups [first, group_count()).
  void InitializeFrom(size_t first);
  // Destroys the states of every group.
  void DestroyStates();
  // Bytes the subclass holds beyond the state rows (slots, keys).
  virtual size_t KeyBytes() const = 0;

  const AggregateLayout& layout_;
  MemoryTracker& memory_;
  Arena state_arena_{256 * 1024};
  std::vector<uint8_t*> group_rows_;
  uint64_t reserved_ = 0;  // bytes reserved on memory_
};

}  // namespace tarn::exec
