#include "exec/operator/sort.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <queue>

#include "common/error.h"
#include "exec/operator/chunk_append.h"
#include "exec/operator/expression_columns.h"
#include "exec/operator/morsel_chunks.h"
#include "exec/operator/sort_key.h"
#include "exec/operator/top_n.h"

namespace tarn::exec {

namespace {

// A row of a run: chunk index * kVectorSize + row.
using RunRow = uint32_t;

// The sorted rows of one morsel. Stored chunks hold the input columns, then one column per sort key
// that is not a plain column reference.
struct SortRun {
  int64_t morsel = 0;
  std::vector<DataChunk> chunks;
  std::vector<RunRow> order;
};

class RowComparator {
 public:
  explicit RowComparator(const std::vector<SortKeyColumn>& keys) : keys_(keys) {}
  // <0, 0, >0 as row a of 'run_a' sorts before, with, after row b of 'run_b'.
  int Compare(const SortRun& run_a, RunRow a, const SortRun& run_b, RunRow b) const {
    return CompareSortKeys(keys_, run_a.chunks[a / kVectorSize], a % kVectorSize,
                           run_b.chunks[b / kVectorSize], b % kVectorSize);
  }

 private:
  const std::vector<SortKeyColumn>& keys_;
};

struct SortGlobalState : GlobalSinkState {
  explicit SortGlobalState(MemoryTracker& memory) : store(memory, "sort") {}
  MorselChunkStore store;  // memory accounting of the stored rows
  std::mutex mutex;
  std::vector<SortRun> runs;
  // After Finalize: the output order, (run, row) pairs.
  std::vector<std::pair<uint32_t, RunRow>> merged;
};

struct SortLocalState : LocalSinkState {
  SortLocalState(const std::vector<const BoundExpression*>& computed) : keys(computed) {}
  ExpressionColumns keys;  // sort keys that are not column references
  MorselChunkStore::Local local;
  DataChunk compacted;
  DataChunk combined;
};

struct SortSourceState : GlobalSourceState {
  SortGlobalState* sink = nullptr;
  std::atomic<size_t> next{0};
};

struct SortLocalSourceState : LocalSourceState {
  size_t begin = 0;
  bool emitted = true;
};

template <class T>
void GatherColumn(const std::vector<SortRun>& runs, const std::pair<uint32_t, RunRow>* rows,
                  size_t count, size_t column, Vector& out) {
  T* data = out.data<T>();
  for (size_t i = 0; i < count; ++i) {
    const SortRun& run = runs[rows[i].first];
    const Vector& source = run.chunks[rows[i].second / kVectorSize].column(column);
    size_t row = rows[i].second % kVectorSize;
    data[i] = source.data<T>()[row];
    if (!source.validity().IsValid(row)) out.validity().SetInvalid(i);
  }
}

}  // namespace

std::string SortKey::ToString() const {
  std::string out = expression->ToString() + (descending ? " DESC" : " ASC");
  out += NullsFirst() ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

Sort::Sort(PhysicalOperatorPtr child, std::vector<SortKey> keys)
    : Sort(PhysicalOperatorType::kSort, std::move(child), std::move(keys), UINT64_MAX, 0) {}

Sort::Sort(PhysicalOperatorType type, PhysicalOperatorPtr child, std::vector<SortKey> keys,
           uint64_t limit, uint64_t offset)
    : PhysicalOperator(type, child->types(),
                       std::min(child->estimated_cardinality(), limit)),
      limit_(limit),
      offset_(offset),
      keys_(std::move(keys)) {
  AddChild(std::move(child));
}

Sort::~Sort() = default;

std::string Sort::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i > 0) out += '\n';
    out += keys_[i].ToString();
  }
  return out;
}

namespace {

// Sort keys that need evaluation (not plain column references) and where every key is stored.
std::vector<const BoundExpression*> ComputedKeys(const std::vector<SortKey>& keys) {
  std::vector<const BoundExpression*> computed;
  for (const auto& key : keys) {
    if (key.expression->kind != ExpressionKind::kColumnRef) computed.push_back(key.expression.get());
  }
  return computed;
}

std::vector<SortKeyColumn> SortKeyColumns(const std::vector<SortKey>& keys, size_t input_columns) {
  std::vector<SortKeyColumn> infos;
  size_t extra = input_columns;
  for (const auto& key : keys) {
    size_t column = key.expression->kind == ExpressionKind::kColumnRef
                        ? key.expression->column_index
                        : extra++;
    infos.push_back({column, key.expression->type.id(), key.descending, key.NullsFirst()});
  }
  return infos;
}

uint64_t RowsNeeded(uint64_t limit, uint64_t offset) {
  return limit > UINT64_MAX - offset ? UINT64_MAX : limit + offset;
}

}  // namespace

std::unique_ptr<GlobalSinkState> Sort::CreateGlobalSinkState(ExecutionContext& context) const {
  return std::make_unique<SortGlobalState>(context.memory);
}

std::unique_ptr<LocalSinkState> Sort::CreateLocalSinkState(ExecutionContext&,
                                                           GlobalSinkState&) const {
  return std::make_unique<SortLocalState>(ComputedKeys(keys_));
}

SinkResult Sort::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                      LocalSinkState& local) const {
  auto& state = static_cast<SortGlobalState&>(global);
  auto& sort_local = static_cast<SortLocalState&>(local);
  if (limit_ == 0) return SinkResult::kFinished;
  const DataChunk* input = &chunk;
  if (chunk.selection() != nullptr) {
    CopyChunk(chunk, sort_local.compacted);
    input = &sort_local.compacted;
  }
  if (sort_local.keys.size() == 0) {
    state.store.Append(sort_local.local, *input);
  } else {
    sort_local.keys.Evaluate(*input);
    DataChunk& combined = sort_local.combined;
    if (combined.column_count() != input->column_count() + sort_local.keys.size()) {
      std::vector<LogicalType> types = input->types();
      for (const auto& key : keys_) {
        if (key.expression->kind != ExpressionKind::kColumnRef) types.push_back(key.expression->type);
      }
      combined.Initialize(types);
    }
    for (size_t c = 0; c < input->column_count(); ++c) combined.column(c).Reference(input->column(c));
    for (size_t k = 0; k < sort_local.keys.size(); ++k) {
      combined.column(input->column_count() + k).Reference(sort_local.keys.Get(k));
    }
    combined.ClearSelection();
    combined.SetPhysicalSize(input->size());
    state.store.Append(sort_local.local, combined);
  }
  return SinkResult::kNeedMoreInput;
}

void Sort::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                        LocalSinkState& local) const {
  auto& state = static_cast<SortGlobalState&>(global);
  auto& sort_local = static_cast<SortLocalState&>(local);
  SortRun run;
  run.morsel = morsel_index;
  run.chunks = std::move(sort_local.local.chunks);
  sort_local.local.chunks.clear();
  sort_local.local.rows = 0;
  for (size_t c = 0; c < run.chunks.size(); ++c) {
    for (size_t r = 0; r < run.chunks[c].physical_size(); ++r) {
      run.order.push_back(static_cast<RunRow>(c * kVectorSize + r));
    }
  }
  if (run.order.empty()) return;
  std::vector<SortKeyColumn> infos = SortKeyColumns(keys_, children()[0]->types().size());
  RowComparator comparator(infos);
  uint64_t needed = RowsNeeded(limit_, offset_);
  auto less = [&](RunRow a, RunRow b) { return comparator.Compare(run, a, run, b) < 0; };
  if (needed < run.order.size()) {
    std::partial_sort(run.order.begin(), run.order.begin() + needed, run.order.end(),
                      [&](RunRow a, RunRow b) {
                        int result = comparator.Compare(run, a, run, b);
                        return result < 0 || (result == 0 && a < b);
                      });
    run.order.resize(needed);
  } else {
    std::stable_sort(run.order.begin(), run.order.end(), less);
  }
  std::lock_guard lock(state.mutex);
  state.runs.push_back(std::move(run));
}

void Sort::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& state = static_cast<SortGlobalState&>(global);
  std::sort(state.runs.begin(), state.runs.end(),
            [](const SortRun& a, const SortRun& b) { return a.morsel < b.morsel; });
  std::vector<SortKeyColumn> infos = SortKeyColumns(keys_, children()[0]->types().size());
  RowComparator comparator(infos);
  // K-way merge; ties go to the earlier morsel, so the sort is stable across runs.
  struct Cursor {
    uint32_t run;
    size_t position;
  };
  auto after = [&](const Cursor& a, const Cursor& b) {
    int result = comparator.Compare(state.runs[a.run], state.runs[a.run].order[a.position],
                                    state.runs[b.run], state.runs[b.run].order[b.position]);
    return result > 0 || (result == 0 && a.run > b.run);
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(after)> heap(after);
  size_t total = 0;
  for (uint32_t r = 0; r < state.runs.size(); ++r) {
    heap.push({r, 0});
    total += state.runs[r].order.size();
  }
  uint64_t needed = RowsNeeded(limit_, offset_);
  uint64_t emit_end = std::min<uint64_t>(total, needed);
  context.memory.Reserve(emit_end * sizeof(state.merged[0]), "sort");
  state.merged.reserve(emit_end > offset_ ? emit_end - offset_ : 0);
  for (uint64_t position = 0; position < emit_end && !heap.empty(); ++position) {
    Cursor top = heap.top();
    heap.pop();
    if (position >= offset_) state.merged.emplace_back(top.run, state.runs[top.run].order[top.position]);
    if (++top.position < state.runs[top.run].order.size()) heap.push(top);
    if ((position & 0xFFFF) == 0) context.CheckCancelled();
  }
  context.memory.Release(emit_end * sizeof(state.merged[0]));
}

std::unique_ptr<GlobalSourceState> Sort::CreateGlobalSourceState(ExecutionContext&,
                                                                 GlobalSinkState* sink_state) const {
  auto state = std::make_unique<SortSourceState>();
  state->sink = static_cast<SortGlobalState*>(sink_state);
  return state;
}

std::unique_ptr<LocalSourceState> Sort::CreateLocalSourceState(ExecutionContext&,
                                                               GlobalSourceState&) const {
  return std::make_unique<SortLocalSourceState>();
}

bool Sort::NextMorsel(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                      int64_t& morsel_index) const {
  auto& state = static_cast<SortSourceState&>(global);
  auto& local_state = static_cast<SortLocalSourceState&>(local);
  size_t index = state.next.fetch_add(1);
  if (index * kVectorSize >= state.sink->merged.size()) return false;
  local_state.begin = index * kVectorSize;
  local_state.emitted = false;
  morsel_index = static_cast<int64_t>(index);
  return true;
}

bool Sort::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                   DataChunk& chunk) const {
  auto& state = static_cast<SortSourceState&>(global);
  auto& local_state = static_cast<SortLocalSourceState&>(local);
  if (local_state.emitted) return false;
  local_state.emitted = true;
  const auto& merged = state.sink->merged;
  size_t count = std::min(kVectorSize, merged.size() - local_state.begin);
  const auto* rows = merged.data() + local_state.begin;
  chunk.Reset();
  for (size_t c = 0; c < types().size(); ++c) {
    Vector& out = chunk.column(c);
    switch (types()[c].PhysicalSize()) {
      case 1: GatherColumn<uint8_t>(state.sink->runs, rows, count, c, out); break;
      case 4: GatherColumn<uint32_t>(state.sink->runs, rows, count, c, out); break;
      case 8: GatherColumn<uint64_t>(state.sink->runs, rows, count, c, out); break;
      case 16: GatherColumn<StringRef>(state.sink->runs, rows, count, c, out); break;
      default: TARN_CHECK(false);
    }
  }
  chunk.SetPhysicalSize(count);
  return true;
}

TopN::TopN(PhysicalOperatorPtr child, std::vector<SortKey> keys, uint64_t limit, uint64_t offset)
    : Sort(PhysicalOperatorType::kTopN, std::move(child), std::move(keys), limit, offset) {}

std::string TopN::ParamsToString() const {
  std::string out = Sort::ParamsToString();
  out += fmt::format("\nlimit: {}", limit_);
  if (offset_ > 0) out += fmt::format("\noffset: {}", offset_);
  return out;
}

}  // namespace tarn::exec
