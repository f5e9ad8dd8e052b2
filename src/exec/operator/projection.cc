#include "exec/operator/projection.h"

#include "exec/operator/expression_columns.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> ExpressionTypes(const std::vector<ExpressionPtr>& expressions) {
  std::vector<LogicalType> types;
  for (const auto& expression : expressions) types.push_back(expression->type);
  return types;
}

struct ProjectionState : OperatorState {
  explicit ProjectionState(const std::vector<const BoundExpression*>& expressions)
      : columns(expressions) {}
  ExpressionColumns columns;
};

}  // namespace

Projection::Projection(PhysicalOperatorPtr child, std::vector<ExpressionPtr> expressions)
    : PhysicalOperator(PhysicalOperatorType::kProjection, ExpressionTypes(expressions),
                       child->estimated_cardinality()),
      expressions_(std::move(expressions)) {
  AddChild(std::move(child));
}

std::string Projection::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < expressions_.size(); ++i) {
    if (i > 0) out += '\n';
    out += expressions_[i]->ToString();
  }
  return out;
}

std::unique_ptr<OperatorState> Projection::CreateOperatorState(ExecutionContext&,
                                                               GlobalSinkState*) const {
  return std::make_unique<ProjectionState>(RawPointers(expressions_));
}

OperatorResult Projection::Execute(ExecutionContext&, const DataChunk& input, DataChunk& output,
                                   OperatorState& state) const {
  auto& columns = static_cast<ProjectionState&>(state).columns;
  // Drop last batch's references first so the scratch vectors are unshared and reuse their buffers.
  for (size_t i = 0; i < expressions_.size(); ++i) output.column(i) = Vector();
  columns.Evaluate(input);
  output.ClearSelection();
  for (size_t i = 0; i < expressions_.size(); ++i) output.column(i).Reference(columns.Get(i));
  output.SetPhysicalSize(input.size());
  return OperatorResult::kNeedMoreInput;
}

}  // namespace tarn::exec
