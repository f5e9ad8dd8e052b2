#include "exec/operator/morsel_chunks.h"

#include <algorithm>

#include "exec/operator/chunk_append.h"

namespace tarn::exec {

void MorselChunkStore::Append(Local& local, const DataChunk& chunk, size_t begin, size_t end) {
  end = std::min(end, chunk.size());
  if (begin >= end) return;
  const uint32_t* selection = chunk.selection();
  SelectionVector identity;
  if (selection == nullptr) {
    identity.SetIdentity(end);
    selection = identity.data();
  }
  size_t before_bytes = 0;
  size_t after_bytes = 0;
  size_t position = begin;
  while (position < end) {
    if (local.chunks.empty() || local.chunks.back().physical_size() == kVectorSize) {
      local.chunks.emplace_back(chunk.types());
    } else {
      before_bytes += ChunkBytes(local.chunks.back());
    }
    DataChunk& target = local.chunks.back();
    size_t take = std::min(end - position, kVectorSize - target.physical_size());
    AppendRows(chunk, selection + position, take, target);
    after_bytes += ChunkBytes(target);
    position += take;
  }
  local.rows += end - begin;
  if (after_bytes > before_bytes) {
    uint64_t delta = after_bytes - before_bytes;
    memory_.Reserve(delta, what_);
    reserved_.fetch_add(delta, std::memory_order_relaxed);
  }
}

void MorselChunkStore::FinishMorsel(Local& local, int64_t morsel_index) {
  std::lock_guard lock(mutex_);
  Local& entry = morsels_[morsel_index];
  for (auto& chunk : local.chunks) entry.chunks.push_back(std::move(chunk));
  entry.rows += local.rows;
  local.chunks.clear();
  local.rows = 0;
}

int64_t MorselChunkStore::MorselRows(int64_t morsel_index) {
  std::lock_guard lock(mutex_);
  auto found = morsels_.find(morsel_index);
  return found == morsels_.end() ? -1 : static_cast<int64_t>(found->second.rows);
}

std::vector<DataChunk> MorselChunkStore::TakeInOrder() {
  std::vector<DataChunk> result;
  for (auto& [index, entry] : morsels_) {
    for (auto& chunk : entry.chunks) {
      if (chunk.physical_size() == 0) continue;
      if (!result.empty() && result.back().physical_size() + chunk.physical_size() <= kVectorSize) {
        AppendRows(chunk, nullptr, chunk.physical_size(), result.back());
      } else {
        result.push_back(std::move(chunk));
      }
    }
  }
  morsels_.clear();
  return result;
}

bool ChunkListNextMorsel(ChunkListSourceState& global, ChunkListLocalState& local,
                         int64_t& morsel_index) {
  size_t index = global.next.fetch_add(1);
  if (global.chunks == nullptr || index >= global.chunks->size()) return false;
  local.current = index;
  local.emitted = false;
  morsel_index = static_cast<int64_t>(index);
  return true;
}

bool ChunkListGetData(ChunkListSourceState& global, ChunkListLocalState& local, DataChunk& chunk) {
  if (local.emitted) return false;
  local.emitted = true;
  chunk.Reference((*global.chunks)[local.current]);
  global.done.fetch_add(1, std::memory_order_relaxed);
  return true;
}

}  // namespace tarn::exec
