// Chunks that many threads collect and that are read back in morsel order: the storage behind the
// result collector, LIMIT, sort input and join build sides. Also the matching source half that
// re-emits stored chunks one morsel per chunk.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "common/memory.h"
#include "exec/operator/physical_operator.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Thread-safe where noted. Rows are deep copies (strings included) packed into chunks of up to
// kVectorSize rows; their bytes are reserved on the tracker and released by the destructor.
class MorselChunkStore {
 public:
  // What one thread collects for its current morsel.
  struct Local {
    std::vector<DataChunk> chunks;
    size_t rows = 0;
  };

  MorselChunkStore(MemoryTracker& memory, const char* what) : memory_(memory), what_(what) {}
  ~MorselChunkStore() { memory_.Release(reserved_.load()); }
  MorselChunkStore(const MorselChunkStore&) = delete;
  MorselChunkStore& operator=(const MorselChunkStore&) = delete;

  // Copies the live rows [begin, end) of 'chunk' (positions in the live row order) into 'local'.
  // Throws Error(kOutOfMemory) past the limit.
  void Append(Local& local, const DataChunk& chunk, size_t begin = 0, size_t end = SIZE_MAX);
  // Hands what 'local' holds over as morsel 'morsel_index' (thread-safe); 'local' is empty after.
  void FinishMorsel(Local& local, int64_t morsel_index);
  // Rows of the morsels finished so far, in morsel order (single-threaded, after all FinishMorsel).
  // Chunks are moved out; small chunks of consecutive morsels are packed together.
  std::vector<DataChunk> TakeInOrder();
  // Rows of morsel 'morsel_index' if finished (thread-safe), else -1.
  int64_t MorselRows(int64_t morsel_index);
  // Calls visit(morsel_index, rows) for finished morsels in order while it returns true.
  template <class Visit>
  void ForEachMorsel(Visit&& visit) {
    std::lock_guard lock(mutex_);
    for (auto& [index, entry] : morsels_) {
      if (!visit(index, entry.rows)) break;
    }
  }

 private:
  MemoryTracker& memory_;
  const char* what_;
  std::atomic<uint64_t> reserved_{0};
  std::mutex mutex_;
  std::map<int64_t, Local> morsels_;
};

// Source over a vector of chunks: morsel i is chunks[i], referenced (zero copy).
struct ChunkListSourceState : GlobalSourceState {
  const std::vector<DataChunk>* chunks = nullptr;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
};
struct ChunkListLocalState : LocalSourceState {
  size_t current = 0;
  bool emitted = true;
};
bool ChunkListNextMorsel(ChunkListSourceState& global, ChunkListLocalState& local,
                         int64_t& morsel_index);
bool ChunkListGetData(ChunkListSourceState& global, ChunkListLocalState& local, DataChunk& chunk);

}  // namespace tarn::exec
