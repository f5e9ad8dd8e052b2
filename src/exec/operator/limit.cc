#include "exec/operator/limit.h"

#include <fmt/format.h>

#include <algorithm>

#include "exec/operator/morsel_chunks.h"

namespace tarn::exec {

namespace {

struct LimitGlobalState : GlobalSinkState {
  explicit LimitGlobalState(MemoryTracker& memory) : store(memory, "limit") {}
  MorselChunkStore store;
  std::atomic<bool> finished{false};
  std::vector<DataChunk> result;
};

struct LimitLocalState : LocalSinkState {
  MorselChunkStore::Local local;
};

uint64_t RowsNeeded(uint64_t limit, uint64_t offset) {
  return limit > UINT64_MAX - offset ? UINT64_MAX : limit + offset;
}

}  // namespace

Limit::Limit(PhysicalOperatorPtr child, uint64_t limit, uint64_t offset)
    : PhysicalOperator(PhysicalOperatorType::kLimit, child->types(),
                       std::min(child->estimated_cardinality(), limit)),
      limit_(limit),
      offset_(offset) {
  AddChild(std::move(child));
}

Limit::~Limit() = default;

std::string Limit::ParamsToString() const {
  std::string out = limit_ == UINT64_MAX ? "limit: all" : fmt::format("limit: {}", limit_);
  if (offset_ > 0) out += fmt::format("\noffset: {}", offset_);
  return out;
}

std::unique_ptr<GlobalSinkState> Limit::CreateGlobalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<LimitGlobalState>(context.memory);
  if (limit_ == 0) state->finished = true;
  return state;
}

std::unique_ptr<LocalSinkState> Limit::CreateLocalSinkState(ExecutionContext&,
                                                            GlobalSinkState&) const {
  return std::make_unique<LimitLocalState>();
}

SinkResult Limit::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                       LocalSinkState& local) const {
  auto& state = static_cast<LimitGlobalState&>(global);
  auto& morsel = static_cast<LimitLocalState&>(local).local;
  if (state.finished.load(std::memory_order_relaxed)) return SinkResult::kFinished;
  // Rows of this morsel past offset + limit can never be output.
  uint64_t needed = RowsNeeded(limit_, offset_);
  if (morsel.rows < needed) {
    uint64_t take = std::min<uint64_t>(chunk.size(), needed - morsel.rows);
    state.store.Append(morsel, chunk, 0, take);
  }
  return SinkResult::kNeedMoreInput;
}

void Limit::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                         LocalSinkState& local) const {
  auto& state = static_cast<LimitGlobalState&>(global);
  state.store.FinishMorsel(static_cast<LimitLocalState&>(local).local, morsel_index);
  if (limit_ == UINT64_MAX) return;
  // Finished once the consecutive morsels from 0 hold enough rows.
  uint64_t needed = RowsNeeded(limit_, offset_);
  uint64_t rows = 0;
  int64_t expected = 0;
  state.store.ForEachMorsel([&](int64_t index, size_t morsel_rows) {
    if (index != expected) return false;
    ++expected;
    rows += morsel_rows;
    return rows < needed;
  });
  if (rows >= needed) state.finished.store(true, std::memory_order_relaxed);
}

void Limit::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<LimitGlobalState&>(global);
  std::vector<DataChunk> chunks = state.store.TakeInOrder();
  uint64_t skip = offset_;
  uint64_t remaining = limit_;
  // (first row, rows) kept of each result chunk. Selections are set only once the vector is final:
  // a DataChunk's selection points into the chunk itself and does not survive a move.
  std::vector<std::pair<uint64_t, uint64_t>> slices;
  for (auto& chunk : chunks) {
    if (remaining == 0) break;
    uint64_t rows = chunk.physical_size();
    if (skip >= rows) {
      skip -= rows;
      continue;
    }
    uint64_t take = std::min(rows - skip, remaining);
    slices.emplace_back(skip, take);
    skip = 0;
    remaining -= take;
    state.result.push_back(std::move(chunk));
  }
  SelectionVector selection;
  for (size_t c = 0; c < slices.size(); ++c) {
    auto [first, take] = slices[c];
    if (first == 0 && take == state.result[c].physical_size()) continue;
    for (uint64_t i = 0; i < take; ++i) selection[i] = static_cast<uint32_t>(first + i);
    state.result[c].SetSelection(selection.data(), take);
  }
}

std::unique_ptr<GlobalSourceState> Limit::CreateGlobalSourceState(
    ExecutionContext&, GlobalSinkState* sink_state) const {
  auto state = std::make_unique<ChunkListSourceState>();
  state->chunks = &static_cast<LimitGlobalState*>(sink_state)->result;
  return state;
}

std::unique_ptr<LocalSourceState> Limit::CreateLocalSourceState(ExecutionContext&,
                                                                GlobalSourceState&) const {
  return std::make_unique<ChunkListLocalState>();
}

bool Limit::NextMorsel(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                       int64_t& morsel_index) const {
  return ChunkListNextMorsel(static_cast<ChunkListSourceState&>(global),
                             static_cast<ChunkListLocalState&>(local), morsel_index);
}

bool Limit::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                    DataChunk& chunk) const {
  return ChunkListGetData(static_cast<ChunkListSourceState&>(global),
                          static_cast<ChunkListLocalState&>(local), chunk);
}

}  // namespace tarn::exec
