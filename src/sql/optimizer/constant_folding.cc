// Rule: evaluate foldable subexpressions once, at plan time.
#include "common/error.h"
#include "exec/expression/expression_executor.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

bool IsDeterministic(const exec::BoundExpression& expression) {
  if (expression.kind == exec::ExpressionKind::kFunction && expression.function != nullptr &&
      !expression.function->deterministic) {
    return false;
  }
  if (expression.kind == exec::ExpressionKind::kParameter ||
      expression.kind == exec::ExpressionKind::kColumnRef) {
    return false;
  }
  for (const auto& child : expression.children) {
    if (!IsDeterministic(*child)) return false;
  }
  return true;
}

}  // namespace

exec::Value EvaluateConstant(const exec::BoundExpression& expression) {
  exec::DataChunk input;
  input.Initialize({});
  input.SetPhysicalSize(1);
  // (The explicit constructor: the defaulted one needs the executor's private Scratch type.)
  exec::ExpressionExecutor executor(std::vector<const exec::BoundExpression*>{&expression});
  exec::Vector result(expression.type);
  executor.Execute(0, input, result);
  return result.GetValue(0);
}

namespace {

void Fold(exec::ExpressionPtr& expression) {
  if (expression->kind == exec::ExpressionKind::kConstant) return;
  if (IsDeterministic(*expression)) {
    exec::Value value;
    try {
      value = EvaluateConstant(*expression);
    } catch (const Error& error) {
      // Left as is: the error surfaces if and when execution evaluates it (e.g. 1/0 in a CASE
      // branch no row takes must not fail the query).
      if (error.code() == ErrorCode::kInternal) throw;
      return;
    }
    auto constant = std::make_unique<exec::BoundExpression>();
    constant->kind = exec::ExpressionKind::kConstant;
    constant->type = expression->type;
    constant->alias = expression->alias;
    constant->query_offset = expression->query_offset;
    constant->constant = value.is_null() ? exec::Value::Null(expression->type) : value;
    expression = std::move(constant);
    return;
  }
  for (auto& child : expression->children) Fold(child);
}

}  // namespace

void FoldConstants(LogicalOperator& plan) {
  ForEachExpression(plan, [](exec::ExpressionPtr& expression) { Fold(expression); });
  for (auto& child : plan.children) FoldConstants(*child);
}

}  // namespace tarn::sql
