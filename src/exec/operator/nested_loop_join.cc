#include "exec/operator/nested_loop_join.h"

#include <fmt/format.h>

#include "common/error.h"
#include "exec/expression/expression_executor.h"
#include "exec/operator/morsel_chunks.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> NestedLoopOutputTypes(JoinType type, const std::vector<LogicalType>& left,
                                               const std::vector<LogicalType>& right) {
  std::vector<LogicalType> types = left;
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    types.insert(types.end(), right.begin(), right.end());
  }
  return types;
}

struct NestedLoopGlobalState : GlobalSinkState {
  explicit NestedLoopGlobalState(MemoryTracker& memory) : store(memory, "nested loop join") {}
  MorselChunkStore store;
  std::vector<DataChunk> chunks;  // the right side in input order, after Finalize
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // per right row (chunk * kVectorSize + row)
};

struct NestedLoopLocalState : LocalSinkState {
  MorselChunkStore::Local local;
};

struct NestedLoopProbeState : OperatorState {
  NestedLoopGlobalState* sink = nullptr;
  std::unique_ptr<ExpressionExecutor> condition;
  DataChunk candidates;  // left row repeated, then a right chunk
  SelectionVector selection;
  bool active = false;
  size_t left_row = 0;    // dense index into the input
  size_t right_chunk = 0;
  uint8_t matched[kVectorSize];
  uint32_t rows[kVectorSize];
  size_t final_chunk = 0;  // RIGHT/FULL tail position
};

void SetAllNull(Vector& vector, size_t count) {
  vector.Reset();
  for (size_t i = 0; i < count; ++i) vector.validity().SetInvalid(i);
  if (vector.type().id() == TypeId::kVarchar) {
    for (size_t i = 0; i < count; ++i) vector.data<StringRef>()[i] = StringRef();
  }
}

}  // namespace

NestedLoopJoin::NestedLoopJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                               JoinType join_type, ExpressionPtr condition,
                               uint64_t estimated_cardinality)
    : PhysicalOperator(PhysicalOperatorType::kNestedLoopJoin,
                       NestedLoopOutputTypes(join_type, left->types(), right->types()),
                       estimated_cardinality),
      join_type_(join_type),
      condition_(std::move(condition)),
      left_types_(left->types()),
      right_types_(right->types()) {
  if (join_type == JoinType::kMark) {
    throw Error(ErrorCode::kNotSupported, "mark join on a non-equality condition");
  }
  AddChild(std::move(left));
  AddChild(std::move(right));
}

NestedLoopJoin::~NestedLoopJoin() = default;

std::string NestedLoopJoin::ParamsToString() const {
  std::string out(JoinTypeName(join_type_));
  out += condition_ ? "\n" + condition_->ToString() : "\ncross product";
  return out;
}

std::unique_ptr<GlobalSinkState> NestedLoopJoin::CreateGlobalSinkState(
    ExecutionContext& context) const {
  return std::make_unique<NestedLoopGlobalState>(context.memory);
}

std::unique_ptr<LocalSinkState> NestedLoopJoin::CreateLocalSinkState(ExecutionContext&,
                                                                     GlobalSinkState&) const {
  return std::make_unique<NestedLoopLocalState>();
}

SinkResult NestedLoopJoin::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                                LocalSinkState& local) const {
  static_cast<NestedLoopGlobalState&>(global).store.Append(
      static_cast<NestedLoopLocalState&>(local).local, chunk);
  return SinkResult::kNeedMoreInput;
}

void NestedLoopJoin::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                                  LocalSinkState& local) const {
  static_cast<NestedLoopGlobalState&>(global).store.FinishMorsel(
      static_cast<NestedLoopLocalState&>(local).local, morsel_index);
}

void NestedLoopJoin::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<NestedLoopGlobalState&>(global);
  state.chunks = state.store.TakeInOrder();
  size_t ids = state.chunks.size() * kVectorSize;
  state.matched = std::make_unique<std::atomic<uint8_t>[]>(ids);
  for (size_t i = 0; i < ids; ++i) state.matched[i].store(0, std::memory_order_relaxed);
}

std::unique_ptr<OperatorState> NestedLoopJoin::CreateOperatorState(
    ExecutionContext&, GlobalSinkState* sink_state) const {
  TARN_CHECK(sink_state != nullptr);
  auto state = std::make_unique<NestedLoopProbeState>();
  state->sink = static_cast<NestedLoopGlobalState*>(sink_state);
  if (condition_) {
    state->condition = std::make_unique<ExpressionExecutor>(
        std::vector<const BoundExpression*>{condition_.get()});
  }
  std::vector<LogicalType> types = left_types_;
  types.insert(types.end(), right_types_.begin(), right_types_.end());
  state->candidates.Initialize(types);
  return state;
}

OperatorResult NestedLoopJoin::Execute(ExecutionContext& context, const DataChunk& input,
                                       DataChunk& output, OperatorState& operator_state) const {
  auto& state = static_cast<NestedLoopProbeState&>(operator_state);
  const auto& right = state.sink->chunks;
  size_t count = input.size();
  if (!state.active) {
    state.active = true;
    state.left_row = 0;
    state.right_chunk = 0;
    std::fill(state.matched, state.matched + count, 0);
  }
  bool emits_pairs = join_type_ != JoinType::kSemi && join_type_ != JoinType::kAnti;
  bool mark_right = join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
  output.ClearSelection();
  output.SetPhysicalSize(0);
  // Phase 1: one (left row, right chunk) step per call when pairs are emitted.
  while (state.left_row < count) {
    if (state.right_chunk >= right.size() ||
        (!emits_pairs && state.matched[state.left_row])) {
      ++state.left_row;
      state.right_chunk = 0;
      continue;
    }
    context.CheckCancelled();
    const DataChunk& right_chunk = right[state.right_chunk];
    size_t right_rows = right_chunk.physical_size();
    size_t chunk_index = state.right_chunk++;
    DataChunk& candidates = state.candidates;
    uint32_t left_index = input.RowIndex(state.left_row);
    for (size_t j = 0; j < right_rows; ++j) state.rows[j] = left_index;
    candidates.ClearSelection();
    for (size_t c = 0; c < left_types_.size(); ++c) {
      candidates.column(c).CopyFrom(input.column(c), state.rows, right_rows);
    }
    for (size_t c = 0; c < right_types_.size(); ++c) {
      candidates.column(left_types_.size() + c).Reference(right_chunk.column(c));
    }
    candidates.SetPhysicalSize(right_rows);
    size_t passed = right_rows;
    if (state.condition) {
      passed = state.condition->Select(candidates, state.selection);
      if (passed != right_rows) candidates.SetSelection(state.selection.data(), passed);
    }
    if (passed == 0) continue;
    state.matched[state.left_row] = 1;
    if (mark_right) {
      for (size_t j = 0; j < passed; ++j) {
        size_t row = candidates.RowIndex(j);
        state.sink->matched[chunk_index * kVectorSize + row].store(1, std::memory_order_relaxed);
      }
    }
    if (emits_pairs) {
      output.Reference(candidates);
      return OperatorResult::kHaveMoreOutput;
    }
  }
  // Phase 2: per-left-row decisions.
  state.active = false;
  size_t selected = 0;
  switch (join_type_) {
    case JoinType::kLeft:
    case JoinType::kFull: {
      for (size_t i = 0; i < count; ++i) {
        if (!state.matched[i]) state.rows[selected++] = input.RowIndex(i);
      }
      if (selected == 0) break;
      output.ClearSelection();
      for (size_t c = 0; c < left_types_.size(); ++c) {
        output.column(c).CopyFrom(input.column(c), state.rows, selected);
      }
      for (size_t c = 0; c < right_types_.size(); ++c) {
        SetAllNull(output.column(left_types_.size() + c), selected);
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
    default:
      break;
  }
  return OperatorResult::kNeedMoreInput;
}

bool NestedLoopJoin::HasFinalOutput() const {
  return join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
}

OperatorResult NestedLoopJoin::FinalExecute(ExecutionContext&, DataChunk& output,
                                            OperatorState& operator_state) const {
  auto& state = static_cast<NestedLoopProbeState&>(operator_state);
  const auto& right = state.sink->chunks;
  output.ClearSelection();
  output.SetPhysicalSize(0);
  while (state.final_chunk < right.size()) {
    size_t chunk_index = state.final_chunk++;
    const DataChunk& chunk = right[chunk_index];
    size_t selected = 0;
    for (size_t r = 0; r < chunk.physical_size(); ++r) {
      if (!state.sink->matched[chunk_index * kVectorSize + r].load(std::memory_order_relaxed)) {
        state.rows[selected++] = static_cast<uint32_t>(r);
      }
    }
    if (selected == 0) continue;
    for (size_t c = 0; c < left_types_.size(); ++c) SetAllNull(output.column(c), selected);
    for (size_t c = 0; c < right_types_.size(); ++c) {
      output.column(left_types_.size() + c).CopyFrom(chunk.column(c), state.rows, selected);
    }
    output.SetPhysicalSize(selected);
    break;
  }
  return state.final_chunk < right.size() ? OperatorResult::kHaveMoreOutput
                                          : OperatorResult::kNeedMoreInput;
}

}  // namespace tarn::exec
