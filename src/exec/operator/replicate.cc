#include "exec/operator/replicate.h"

#include "common/error.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> WithoutCount(std::vector<LogicalType> types) {
  TARN_CHECK(!types.empty());
  types.pop_back();
  return types;
}

struct ReplicateState : OperatorState {
  size_t row = 0;       // next live input row to copy
  int64_t emitted = 0;  // copies of that row already written
  SelectionVector selection;
};

}  // namespace

Replicate::Replicate(PhysicalOperatorPtr child)
    : PhysicalOperator(PhysicalOperatorType::kReplicate, WithoutCount(child->types()),
                       child->estimated_cardinality()) {
  AddChild(std::move(child));
}

std::unique_ptr<OperatorState> Replicate::CreateOperatorState(ExecutionContext&,
                                                              GlobalSinkState*) const {
  return std::make_unique<ReplicateState>();
}

OperatorResult Replicate::Execute(ExecutionContext&, const DataChunk& input, DataChunk& output,
                                  OperatorState& state) const {
  auto& replicate = static_cast<ReplicateState&>(state);
  size_t width = types().size();
  const Vector& counts = input.column(width);
  TARN_CHECK(counts.type().id() == TypeId::kBigint);
  size_t written = 0;
  while (replicate.row < input.size() && written < kVectorSize) {
    uint32_t index = input.RowIndex(replicate.row);
    size_t count_row = counts.IsConstant() ? 0 : index;
    int64_t copies = counts.IsNull(count_row) ? 0 : counts.data<int64_t>()[count_row];
    while (replicate.emitted < copies && written < kVectorSize) {
      replicate.selection[written++] = index;
      ++replicate.emitted;
    }
    if (replicate.emitted >= copies) {
      ++replicate.row;
      replicate.emitted = 0;
    }
  }
  for (size_t i = 0; i < width; ++i) output.column(i).Reference(input.column(i));
  output.SetPhysicalSize(input.physical_size());
  output.SetSelection(replicate.selection.data(), written);
  if (replicate.row < input.size()) return OperatorResult::kHaveMoreOutput;
  replicate.row = 0;
  return OperatorResult::kNeedMoreInput;
}

}  // namespace tarn::exec
