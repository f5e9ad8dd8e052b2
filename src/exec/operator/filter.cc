#include "exec/operator/filter.h"

#include "exec/expression/expression_executor.h"

namespace tarn::exec {

namespace {

struct FilterState : OperatorState {
  explicit FilterState(const BoundExpression* predicate) : executor({predicate}) {}
  ExpressionExecutor executor;
  SelectionVector selection;
};

}  // namespace

Filter::Filter(PhysicalOperatorPtr child, ExpressionPtr predicate)
    : PhysicalOperator(PhysicalOperatorType::kFilter, child->types(),
                       child->estimated_cardinality()),
      predicate_(std::move(predicate)) {
  AddChild(std::move(child));
}

std::string Filter::ParamsToString() const { return predicate_->ToString(); }

std::unique_ptr<OperatorState> Filter::CreateOperatorState(ExecutionContext&,
                                                           GlobalSinkState*) const {
  return std::make_unique<FilterState>(predicate_.get());
}

OperatorResult Filter::Execute(ExecutionContext&, const DataChunk& input, DataChunk& output,
                               OperatorState& state) const {
  auto& filter = static_cast<FilterState&>(state);
  size_t count = filter.executor.Select(input, filter.selection);
  output.Reference(input);
  if (count != input.size()) output.SetSelection(filter.selection.data(), count);
  return OperatorResult::kNeedMoreInput;
}

}  // namespace tarn::exec
