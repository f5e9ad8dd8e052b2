#include "exec/operator/hash_aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "common/error.h"
#include "exec/operator/aggregate_hash_table.h"
#include "exec/operator/expression_columns.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> OutputTypes(const std::vector<ExpressionPtr>& groups,
                                     const std::vector<AggregateExpression>& aggregates) {
  std::vector<LogicalType> types;
  for (const auto& group : groups) types.push_back(group->type);
  for (const auto& aggregate : aggregates) types.push_back(aggregate.function.return_type);
  return types;
}

std::vector<const AggregateFunction*> Functions(const std::vector<AggregateExpression>& aggregates) {
  std::vector<const AggregateFunction*> functions;
  for (const auto& aggregate : aggregates) functions.push_back(&aggregate.function);
  return functions;
}

// Shared by all threads. Partial tables of finished morsels wait in 'ready' until every earlier
// morsel has been merged; whoever holds 'merge_mutex' merges the consecutive run that is ready.
struct AggregateGlobalState : GlobalSinkState {
  AggregateGlobalState(const std::vector<LogicalType>& key_types,
                       std::vector<const AggregateFunction*> functions, MemoryTracker& memory)
      : key_types(key_types), layout(std::move(functions)), memory(memory) {
    table = AggregateHashTable::Create(key_types, layout, memory);
  }

  std::unique_ptr<AggregateHashTable> NewPartial() {
    std::lock_guard lock(ready_mutex);
    if (!free_tables.empty()) {
      auto table = std::move(free_tables.back());
      free_tables.pop_back();
      return table;
    }
    return AggregateHashTable::Create(key_types, layout, memory);
  }

  std::vector<LogicalType> key_types;
  AggregateLayout layout;
  MemoryTracker& memory;
  std::unique_ptr<AggregateHashTable> table;  // the merged result; guarded by merge_mutex

  std::mutex merge_mutex;
  std::mutex ready_mutex;  // guards ready, free_tables
  std::map<int64_t, std::unique_ptr<AggregateHashTable>> ready;
  std::vector<std::unique_ptr<AggregateHashTable>> free_tables;
  std::atomic<int64_t> next_to_merge{0};
};

struct AggregateLocalState : LocalSinkState {
  AggregateLocalState(const std::vector<const BoundExpression*>& expressions)
      : columns(expressions) {}
  ExpressionColumns columns;  // group keys, then every aggregate's arguments
  std::unique_ptr<AggregateHashTable> partial;
  std::vector<const Vector*> keys;
  std::vector<std::vector<const Vector*>> arguments;  // per aggregate
  uint8_t* rows[kVectorSize];
  uint8_t* states[kVectorSize];
};

// Combines every group of 'partial' into 'target' (in partial's group order).
void MergeTable(const AggregateLayout& layout, AggregateHashTable& target,
                const AggregateHashTable& partial) {
  uint8_t* target_rows[kVectorSize];
  uint8_t* source_states[kVectorSize];
  uint8_t* target_states[kVectorSize];
  size_t total = partial.group_count();
  for (size_t begin = 0; begin < total; begin += kVectorSize) {
    size_t count = std::min(kVectorSize, total - begin);
    target.FindOrCreateFrom(partial, begin, count, target_rows);
    const uint8_t* const* source_rows = partial.group_rows() + begin;
    for (size_t a = 0; a < layout.functions.size(); ++a) {
      size_t offset = layout.offsets[a];
      for (size_t i = 0; i < count; ++i) {
        source_states[i] = const_cast<uint8_t*>(source_rows[i]) + offset;
        target_states[i] = target_rows[i] + offset;
      }
      layout.functions[a]->combine(source_states, target_states, count);
    }
  }
}

// Merges the ready partial tables that continue the merged prefix, in morsel order.
void MergeReady(AggregateGlobalState& state) {
  while (true) {
    std::unique_lock merge_lock(state.merge_mutex, std::try_to_lock);
    if (!merge_lock.owns_lock()) return;  // the holder will see our deposit (re-check below)
    while (true) {
      std::unique_ptr<AggregateHashTable> partial;
      {
        std::lock_guard lock(state.ready_mutex);
        auto found = state.ready.find(state.next_to_merge.load());
        if (found == state.ready.end()) break;
        partial = std::move(found->second);
        state.ready.erase(found);
      }
      MergeTable(state.layout, *state.table, *partial);
      partial->Reset();
      state.next_to_merge.fetch_add(1);
      std::lock_guard lock(state.ready_mutex);
      state.free_tables.push_back(std::move(partial));
    }
    merge_lock.unlock();
    std::lock_guard lock(state.ready_mutex);
    if (state.ready.find(state.next_to_merge.load()) == state.ready.end()) return;
  }
}

struct AggregateSourceState : GlobalSourceState {
  AggregateGlobalState* sink = nullptr;
  std::atomic<size_t> next{0};
};

struct AggregateLocalSourceState : LocalSourceState {
  size_t begin = 0;
  bool emitted = true;
  uint8_t* states[kVectorSize];
};

}  // namespace

std::string AggregateExpression::ToString() const {
  std::string out = function.name + "(";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) out += ", ";
    out += arguments[i]->ToString();
  }
  if (arguments.empty() && function.name == "count") out += "*";
  return out + ")";
}

HashAggregate::HashAggregate(PhysicalOperatorPtr child, std::vector<ExpressionPtr> groups,
                             std::vector<AggregateExpression> aggregates,
                             uint64_t estimated_cardinality)
    : PhysicalOperator(PhysicalOperatorType::kHashAggregate, OutputTypes(groups, aggregates),
                       estimated_cardinality),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  for (const auto& aggregate : aggregates_) {
    TARN_CHECK(aggregate.function.initialize && aggregate.function.update &&
               aggregate.function.combine && aggregate.function.finalize);
  }
  AddChild(std::move(child));
}

HashAggregate::~HashAggregate() = default;

std::string HashAggregate::name() const {
  return aggregates_.empty() ? "DISTINCT" : "HASH_AGGREGATE";
}

std::string HashAggregate::ParamsToString() const {
  std::string out;
  if (!groups_.empty()) {
    out += "groups:";
    for (const auto& group : groups_) out += " " + group->ToString();
  }
  for (const auto& aggregate : aggregates_) {
    if (!out.empty()) out += '\n';
    out += aggregate.ToString();
  }
  return out;
}

std::unique_ptr<GlobalSinkState> HashAggregate::CreateGlobalSinkState(
    ExecutionContext& context) const {
  std::vector<LogicalType> key_types;
  for (const auto& group : groups_) key_types.push_back(group->type);
  return std::make_unique<AggregateGlobalState>(key_types, Functions(aggregates_), context.memory);
}

std::unique_ptr<LocalSinkState> HashAggregate::CreateLocalSinkState(ExecutionContext&,
                                                                    GlobalSinkState& global) const {
  std::vector<const BoundExpression*> expressions = RawPointers(groups_);
  for (const auto& aggregate : aggregates_) {
    for (const auto& argument : aggregate.arguments) expressions.push_back(argument.get());
  }
  auto state = std::make_unique<AggregateLocalState>(expressions);
  state->partial = static_cast<AggregateGlobalState&>(global).NewPartial();
  state->keys.resize(groups_.size());
  state->arguments.resize(aggregates_.size());
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    state->arguments[a].resize(aggregates_[a].arguments.size());
  }
  return state;
}

SinkResult HashAggregate::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                               LocalSinkState& local) const {
  auto& state = static_cast<AggregateLocalState&>(local);
  const AggregateLayout& layout = static_cast<AggregateGlobalState&>(global).layout;
  size_t count = chunk.size();
  if (count == 0) return SinkResult::kNeedMoreInput;
  state.columns.Evaluate(chunk);
  size_t column = 0;
  for (size_t k = 0; k < groups_.size(); ++k) state.keys[k] = &state.columns.Get(column++);
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    for (auto& argument : state.arguments[a]) argument = &state.columns.Get(column++);
  }
  state.partial->FindOrCreate(state.keys, count, state.rows);
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    size_t offset = layout.offsets[a];
    for (size_t i = 0; i < count; ++i) state.states[i] = state.rows[i] + offset;
    aggregates_[a].function.update(state.arguments[a], state.states, count);
  }
  return SinkResult::kNeedMoreInput;
}

void HashAggregate::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                                 LocalSinkState& local) const {
  auto& state = static_cast<AggregateGlobalState&>(global);
  auto& local_state = static_cast<AggregateLocalState&>(local);
  auto fresh = state.NewPartial();
  {
    std::lock_guard lock(state.ready_mutex);
    state.ready[morsel_index] = std::move(local_state.partial);
  }
  local_state.partial = std::move(fresh);
  MergeReady(state);
}

void HashAggregate::Combine(ExecutionContext&, GlobalSinkState& global,
                            LocalSinkState& local) const {
  // Everything a thread folded was deposited at FinishMorsel; return the spare table for reuse.
  auto& state = static_cast<AggregateGlobalState&>(global);
  auto& local_state = static_cast<AggregateLocalState&>(local);
  if (local_state.partial) {
    std::lock_guard lock(state.ready_mutex);
    state.free_tables.push_back(std::move(local_state.partial));
  }
}

void HashAggregate::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<AggregateGlobalState&>(global);
  // Morsels are dense, so every deposit has been merged — except when a pipeline stopped early.
  // Merge what is left in morsel order.
  std::lock_guard merge_lock(state.merge_mutex);
  for (auto& [index, partial] : state.ready) MergeTable(state.layout, *state.table, *partial);
  state.ready.clear();
  state.free_tables.clear();
  if (groups_.empty() && state.table->group_count() == 0) {
    uint8_t* row;
    state.table->FindOrCreate({}, 1, &row);
  }
}

std::unique_ptr<GlobalSourceState> HashAggregate::CreateGlobalSourceState(
    ExecutionContext&, GlobalSinkState* sink_state) const {
  auto state = std::make_unique<AggregateSourceState>();
  state->sink = static_cast<AggregateGlobalState*>(sink_state);
  return state;
}

std::unique_ptr<LocalSourceState> HashAggregate::CreateLocalSourceState(ExecutionContext&,
                                                                        GlobalSourceState&) const {
  return std::make_unique<AggregateLocalSourceState>();
}

bool HashAggregate::NextMorsel(ExecutionContext&, GlobalSourceState& global,
                               LocalSourceState& local, int64_t& morsel_index) const {
  auto& state = static_cast<AggregateSourceState&>(global);
  auto& local_state = static_cast<AggregateLocalSourceState&>(local);
  size_t index = state.next.fetch_add(1);
  if (index * kVectorSize >= state.sink->table->group_count()) return false;
  local_state.begin = index * kVectorSize;
  local_state.emitted = false;
  morsel_index = static_cast<int64_t>(index);
  return true;
}

bool HashAggregate::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                            DataChunk& chunk) const {
  auto& state = static_cast<AggregateSourceState&>(global);
  auto& local_state = static_cast<AggregateLocalSourceState&>(local);
  if (local_state.emitted) return false;
  local_state.emitted = true;
  const AggregateHashTable& table = *state.sink->table;
  const AggregateLayout& layout = state.sink->layout;
  size_t begin = local_state.begin;
  size_t count = std::min(kVectorSize, table.group_count() - begin);
  chunk.Reset();
  table.ScatterKeys(begin, count, chunk);
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    size_t offset = layout.offsets[a];
    for (size_t i = 0; i < count; ++i) local_state.states[i] = table.group_row(begin + i) + offset;
    aggregates_[a].function.finalize(local_state.states, count, chunk.column(groups_.size() + a), 0);
  }
  chunk.SetPhysicalSize(count);
  return true;
}

}  // namespace tarn::exec
