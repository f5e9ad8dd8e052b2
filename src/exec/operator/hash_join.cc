#include "exec/operator/hash_join.h"

#include <cstring>

#include <fmt/format.h>

#include "common/error.h"
#include "exec/expression/expression_executor.h"
#include "exec/operator/expression_columns.h"
#include "exec/operator/join_hash_table.h"
#include "exec/operator/morsel_chunks.h"

namespace tarn::exec {

namespace {

using RowId = JoinHashTable::RowId;

std::vector<LogicalType> JoinOutputTypes(JoinType type, const std::vector<LogicalType>& probe,
                                         const std::vector<LogicalType>& build) {
  std::vector<LogicalType> types = probe;
  switch (type) {
    case JoinType::kSemi:
    case JoinType::kAnti: break;
    case JoinType::kMark: types.push_back(TypeId::kBoolean); break;
    default: types.insert(types.end(), build.begin(), build.end()); break;
  }
  return types;
}

bool EmitsPairs(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
         type == JoinType::kFull;
}

struct JoinGlobalState : GlobalSinkState {
  explicit JoinGlobalState(MemoryTracker& memory) : store(memory, "hash join build side") {}
  MorselChunkStore store;
  std::unique_ptr<JoinHashTable> table;
};

struct JoinBuildLocalState : LocalSinkState {
  explicit JoinBuildLocalState(const std::vector<const BoundExpression*>& computed)
      : keys(computed) {}
  ExpressionColumns keys;  // build keys that are not column references
  MorselChunkStore::Local local;
  DataChunk compacted;
  DataChunk combined;
};

struct JoinProbeState : OperatorState {
  JoinProbeState(JoinGlobalState* sink, const std::vector<const BoundExpression*>& probe_keys)
      : sink(sink), keys(probe_keys), key_vectors(probe_keys.size()) {}
  JoinGlobalState* sink;
  ExpressionColumns keys;
  std::vector<const Vector*> key_vectors;
  bool active = false;     // an input chunk is being processed
  bool pairs_done = false;
  size_t position = 0;     // next probe row (dense index) whose chain continues
  uint64_t hashes[kVectorSize];
  uint64_t tags[kVectorSize];
  RowId chain[kVectorSize];  // per probe row: its next match not yet emitted, or kEnd
  uint8_t key_null[kVectorSize];
  uint8_t matched[kVectorSize];
  uint32_t pair_probe[kVectorSize];
  RowId pair_build[kVectorSize];
  uint32_t rows[kVectorSize];
  std::unique_ptr<ExpressionExecutor> residual;
  DataChunk candidates;
  SelectionVector selection;
  RowId final_cursor = 0;  // RIGHT/FULL tail position
};

// Copies build columns of rows 'build' into output columns [first, first + build columns).
void GatherBuild(const JoinHashTable& table, const RowId* build, size_t count, size_t build_columns,
                 DataChunk& output, size_t first) {
  for (size_t c = 0; c < build_columns; ++c) {
    Vector& out = output.column(first + c);
    out.Reset();
    table.Gather(build, count, c, out);
  }
}

void SetAllNull(Vector& vector, size_t count) {
  vector.Reset();
  for (size_t i = 0; i < count; ++i) vector.validity().SetInvalid(i);
  if (vector.type().id() == TypeId::kVarchar) {
    for (size_t i = 0; i < count; ++i) vector.data<StringRef>()[i] = StringRef();
  }
}

}  // namespace

HashJoin::HashJoin(PhysicalOperatorPtr probe, PhysicalOperatorPtr build, JoinType join_type,
                   std::vector<ExpressionPtr> probe_keys, std::vector<ExpressionPtr> build_keys,
                   ExpressionPtr residual, uint64_t estimated_cardinality)
    : PhysicalOperator(PhysicalOperatorType::kHashJoin,
                       JoinOutputTypes(join_type, probe->types(), build->types()),
                       estimated_cardinality),
      join_type_(join_type),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      residual_(std::move(residual)),
      probe_types_(probe->types()),
      build_types_(build->types()) {
  TARN_CHECK(!probe_keys_.empty() && probe_keys_.size() == build_keys_.size());
  for (size_t k = 0; k < probe_keys_.size(); ++k) {
    TARN_CHECK(probe_keys_[k]->type == build_keys_[k]->type);
  }
  AddChild(std::move(probe));
  AddChild(std::move(build));
}

HashJoin::~HashJoin() = default;

std::string HashJoin::ParamsToString() const {
  std::string out = std::string(JoinTypeName(join_type_));
  for (size_t k = 0; k < probe_keys_.size(); ++k) {
    out += fmt::format("\n{} = {}", probe_keys_[k]->ToString(), build_keys_[k]->ToString());
  }
  if (residual_) out += "\nresidual: " + residual_->ToString();
  return out;
}

// ---- Build side -----------------------------------------------------------------------------------

std::unique_ptr<GlobalSinkState> HashJoin::CreateGlobalSinkState(ExecutionContext& context) const {
  return std::make_unique<JoinGlobalState>(context.memory);
}

std::unique_ptr<LocalSinkState> HashJoin::CreateLocalSinkState(ExecutionContext&,
                                                               GlobalSinkState&) const {
  std::vector<const BoundExpression*> computed;
  for (const auto& key : build_keys_) {
    if (key->kind != ExpressionKind::kColumnRef) computed.push_back(key.get());
  }
  return std::make_unique<JoinBuildLocalState>(computed);
}

SinkResult HashJoin::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                          LocalSinkState& local) const {
  auto& state = static_cast<JoinGlobalState&>(global);
  auto& build = static_cast<JoinBuildLocalState&>(local);
  if (build.keys.size() == 0) {
    state.store.Append(build.local, chunk);
    return SinkResult::kNeedMoreInput;
  }
  const DataChunk* input = &chunk;
  if (chunk.selection() != nullptr) {
    build.compacted.Initialize(chunk.types());
    for (size_t c = 0; c < chunk.column_count(); ++c) {
      build.compacted.column(c).CopyFrom(chunk.column(c), chunk.selection(), chunk.size());
    }
    build.compacted.SetPhysicalSize(chunk.size());
    input = &build.compacted;
  }
  build.keys.Evaluate(*input);
  DataChunk& combined = build.combined;
  if (combined.column_count() == 0) {
    std::vector<LogicalType> types = build_types_;
    for (const auto& key : build_keys_) {
      if (key->kind != ExpressionKind::kColumnRef) types.push_back(key->type);
    }
    combined.Initialize(types);
  }
  for (size_t c = 0; c < input->column_count(); ++c) combined.column(c).Reference(input->column(c));
  for (size_t k = 0; k < build.keys.size(); ++k) {
    combined.column(input->column_count() + k).Reference(build.keys.Get(k));
  }
  combined.ClearSelection();
  combined.SetPhysicalSize(input->size());
  state.store.Append(build.local, combined);
  return SinkResult::kNeedMoreInput;
}

void HashJoin::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                            LocalSinkState& local) const {
  static_cast<JoinGlobalState&>(global).store.FinishMorsel(
      static_cast<JoinBuildLocalState&>(local).local, morsel_index);
}

void HashJoin::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& state = static_cast<JoinGlobalState&>(global);
  std::vector<size_t> key_columns;
  size_t extra = build_types_.size();
  for (const auto& key : build_keys_) {
    key_columns.push_back(key->kind == ExpressionKind::kColumnRef ? key->column_index : extra++);
  }
  state.table = std::make_unique<JoinHashTable>(state.store.TakeInOrder(), std::move(key_columns),
                                                build_types_.size(), context.memory);
}

// ---- Probe side -----------------------------------------------------------------------------------

std::unique_ptr<OperatorState> HashJoin::CreateOperatorState(ExecutionContext&,
                                                             GlobalSinkState* sink_state) const {
  TARN_CHECK(sink_state != nullptr);
  auto state = std::make_unique<JoinProbeState>(static_cast<JoinGlobalState*>(sink_state),
                                                RawPointers(probe_keys_));
  if (residual_) {
    state->residual = std::make_unique<ExpressionExecutor>(
        std::vector<const BoundExpression*>{residual_.get()});
    std::vector<LogicalType> types = probe_types_;
    types.insert(types.end(), build_types_.begin(), build_types_.end());
    state->candidates.Initialize(types);
  }
  return state;
}

namespace {

// Collects up to kVectorSize (probe row, build row) pairs whose keys match, in probe row order,
// each probe row's matches in build input order, continuing where the last call stopped.
size_t NextPairs(JoinProbeState& state, const JoinHashTable& table, size_t count, bool first_only) {
  size_t pairs = 0;
  while (state.position < count && pairs < kVectorSize) {
    size_t i = state.position;
    RowId row = state.chain[i];
    while (row != JoinHashTable::kEnd && pairs < kVectorSize) {
      state.pair_probe[pairs] = static_cast<uint32_t>(i);
      state.pair_build[pairs] = row;
      ++pairs;
      row = first_only ? JoinHashTable::kEnd : table.NextMatch(row);
    }
    state.chain[i] = row;
    if (row == JoinHashTable::kEnd) ++state.position;
  }
  return pairs;
}

// Writes pairs [0, pairs) as probe columns then build columns into 'output'.
void WritePairs(const JoinProbeState& state, const JoinHashTable& table, const DataChunk& input,
                size_t pairs, size_t build_columns, DataChunk& output, uint32_t* rows) {
  for (size_t j = 0; j < pairs; ++j) rows[j] = input.RowIndex(state.pair_probe[j]);
  output.ClearSelection();
  for (size_t c = 0; c < input.column_count(); ++c) {
    output.column(c).CopyFrom(input.column(c), rows, pairs);
  }
  GatherBuild(table, state.pair_build, pairs, build_columns, output, input.column_count());
  output.SetPhysicalSize(pairs);
}

}  // namespace

OperatorResult HashJoin::Execute(ExecutionContext&, const DataChunk& input, DataChunk& output,
                                 OperatorState& operator_state) const {
  auto& state = static_cast<JoinProbeState&>(operator_state);
  JoinHashTable& table = *state.sink->table;
  size_t count = input.size();
  if (!state.active) {
    state.keys.Evaluate(input);
    for (size_t k = 0; k < state.key_vectors.size(); ++k) state.key_vectors[k] = &state.keys.Get(k);
    HashKeyColumns(state.key_vectors, count, state.hashes);
    table.ProbeTags(state.key_vectors, count, state.hashes, state.tags);
    std::memset(state.key_null, 0, count);
    std::memset(state.matched, 0, count);
    for (const Vector* key : state.key_vectors) {
      if (key->validity().AllValid() && !key->IsConstant()) continue;
      for (size_t i = 0; i < count; ++i) state.key_null[i] |= key->IsNull(i);
    }
    table.FindFirstMatches(state.key_vectors, count, state.hashes, state.tags, state.key_null,
                           state.chain);
    state.position = 0;
    state.pairs_done = false;
    state.active = true;
  }
  output.ClearSelection();
  output.SetPhysicalSize(0);
  bool pairs_output = EmitsPairs(join_type_);
  bool first_only = !pairs_output && !residual_;
  bool mark_build = join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
  // Phase 1: matching pairs (emitted for INNER/LEFT/RIGHT/FULL, only marked otherwise).
  while (!state.pairs_done) {
    size_t pairs = NextPairs(state, table, count, first_only);
    if (state.position >= count) state.pairs_done = true;
    if (pairs == 0) continue;
    const uint32_t* passing = nullptr;  // indexes into the pair arrays; null = all pass
    size_t passed = pairs;
    if (residual_) {
      WritePairs(state, table, input, pairs, build_types_.size(), state.candidates, state.rows);
      passed = state.residual->Select(state.candidates, state.selection);
      passing = state.selection.data();
    }
    for (size_t j = 0; j < passed; ++j) {
      size_t pair = passing ? passing[j] : j;
      state.matched[state.pair_probe[pair]] = 1;
      if (mark_build) table.MarkMatched(state.pair_build[pair]);
    }
    if (!pairs_output) continue;
    if (residual_) {
      for (size_t c = 0; c < output.column_count(); ++c) {
        output.column(c).Reference(state.candidates.column(c));
      }
      output.SetPhysicalSize(pairs);
      if (passed != pairs) output.SetSelection(state.selection.data(), passed);
    } else {
      WritePairs(state, table, input, pairs, build_types_.size(), output, state.rows);
    }
    bool needs_tail = join_type_ == JoinType::kLeft || join_type_ == JoinType::kFull;
    if (!state.pairs_done || needs_tail) return OperatorResult::kHaveMoreOutput;
    state.active = false;
    return OperatorResult::kNeedMoreInput;
  }
  // Phase 2: rows decided per probe row.
  state.active = false;
  size_t selected = 0;
  switch (join_type_) {
    case JoinType::kInner:
    case JoinType::kRight:
      break;
    case JoinType::kLeft:
    case JoinType::kFull: {
      for (size_t i = 0; i < count; ++i) {
        if (!state.matched[i]) state.rows[selected++] = input.RowIndex(i);
      }
      if (selected == 0) break;
      for (size_t c = 0; c < input.column_count(); ++c) {
        output.column(c).CopyFrom(input.column(c), state.rows, selected);
      }
      for (size_t c = 0; c < build_types_.size(); ++c) {
        SetAllNull(output.column(input.column_count() + c), selected);
      }
      output.SetPhysicalSize(selected);
      break;
    }
    case JoinType::kSemi:
    case JoinType::kAnti: {
      bool want = join_type_ == JoinType::kSemi;
      for (size_t i = 0; i < count; ++i) {
        if ((state.matched[i] != 0) == want) state.rows[selected++] = input.RowIndex(i);
      }
      output.Reference(input);
      output.SetSelection(state.rows, selected);
      break;
    }
    case JoinType::kMark: {
      for (size_t c = 0; c < input.column_count(); ++c) output.column(c).Reference(input.column(c));
      output.SetPhysicalSize(input.physical_size());
      if (input.selection() != nullptr) output.SetSelection(input.selection(), count);
      Vector& mark = output.column(input.column_count());
      mark.Reset();
      bool build_empty = table.row_count() == 0;
      for (size_t i = 0; i < count; ++i) {
        uint32_t row = input.RowIndex(i);
        if (state.matched[i]) {
          mark.data<uint8_t>()[row] = 1;
        } else if (!build_empty && (state.key_null[i] || table.has_null_key())) {
          mark.validity().SetInvalid(row);
        } else {
          mark.data<uint8_t>()[row] = 0;
        }
      }
      break;
    }
  }
  return OperatorResult::kNeedMoreInput;
}

bool HashJoin::HasFinalOutput() const {
  return join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
}

OperatorResult HashJoin::FinalExecute(ExecutionContext&, DataChunk& output,
                                      OperatorState& operator_state) const {
  auto& state = static_cast<JoinProbeState&>(operator_state);
  const JoinHashTable& table = *state.sink->table;
  size_t count = 0;
  RowId end = table.row_id_end();
  RowId cursor = state.final_cursor;
  while (cursor < end && count < kVectorSize) {
    RowId row = cursor++;
    if (row % kVectorSize >= table.chunk(row).physical_size()) {
      cursor = (row / kVectorSize + 1) * kVectorSize;  // skip the chunk's unused tail
      continue;
    }
    if (!table.IsMatched(row)) state.pair_build[count++] = row;
  }
  state.final_cursor = cursor;
  output.ClearSelection();
  for (size_t c = 0; c < probe_types_.size(); ++c) SetAllNull(output.column(c), count);
  GatherBuild(table, state.pair_build, count, build_types_.size(), output, probe_types_.size());
  output.SetPhysicalSize(count);
  return cursor < end ? OperatorResult::kHaveMoreOutput : OperatorResult::kNeedMoreInput;
}

}  // namespace tarn::exec
