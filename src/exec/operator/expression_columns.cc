#include "exec/operator/expression_columns.h"

namespace tarn::exec {

ExpressionColumns::ExpressionColumns(const std::vector<const BoundExpression*>& expressions)
    : expressions_(expressions), results_(expressions.size(), nullptr) {
  scratch_.reserve(expressions.size());
  std::vector<const BoundExpression*> general;
  for (const BoundExpression* expression : expressions) {
    scratch_.emplace_back(expression->type);
    if (expression->kind == ExpressionKind::kColumnRef) {
      executor_slot_.push_back(-1);
    } else if (expression->kind == ExpressionKind::kConstant) {
      executor_slot_.push_back(-1);
      scratch_.back().SetConstant(expression->constant);
    } else {
      executor_slot_.push_back(static_cast<int>(general.size()));
      general.push_back(expression);
    }
  }
  if (!general.empty()) executor_ = std::make_unique<ExpressionExecutor>(std::move(general));
}

void ExpressionColumns::Evaluate(const DataChunk& input) {
  for (size_t i = 0; i < expressions_.size(); ++i) {
    const BoundExpression& expression = *expressions_[i];
    Vector& scratch = scratch_[i];
    switch (expression.kind) {
      case ExpressionKind::kColumnRef: {
        const Vector& column = input.column(expression.column_index);
        if (input.selection() == nullptr || column.IsConstant()) {
          results_[i] = &column;
        } else {
          scratch.CopyFrom(column, input.selection(), input.size());
          results_[i] = &scratch;
        }
        break;
      }
      case ExpressionKind::kConstant:
        results_[i] = &scratch;
        break;
      default:
        executor_->Execute(executor_slot_[i], input, scratch);
        results_[i] = &scratch;
        break;
    }
  }
}

std::vector<const BoundExpression*> RawPointers(const std::vector<ExpressionPtr>& expressions) {
  std::vector<const BoundExpression*> result;
  result.reserve(expressions.size());
  for (const auto& expression : expressions) result.push_back(expression.get());
  return result;
}

}  // namespace tarn::exec
