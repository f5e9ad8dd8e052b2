#include "sql/planner/logical_operator.h"

#include <fmt/format.h>

namespace tarn::sql {

namespace {

std::string JoinExpressions(const std::vector<exec::ExpressionPtr>& expressions) {
  std::string text;
  for (size_t i = 0; i < expressions.size(); ++i) {
    if (i > 0) text += ", ";
    text += expressions[i]->ToString();
  }
  return text;
}

}  // namespace

std::string LogicalOperator::name() const {
  switch (type) {
    case LogicalOperatorType::kGet: return "GET";
    case LogicalOperatorType::kValues: return "VALUES";
    case LogicalOperatorType::kFilter: return "FILTER";
    case LogicalOperatorType::kProjection: return "PROJECTION";
    case LogicalOperatorType::kAggregate: return "AGGREGATE";
    case LogicalOperatorType::kJoin: return "JOIN";
    case LogicalOperatorType::kOrder: return "ORDER";
    case LogicalOperatorType::kLimit: return "LIMIT";
    case LogicalOperatorType::kDistinct: return "DISTINCT";
    case LogicalOperatorType::kSetOperation: return "SET_OPERATION";
    case LogicalOperatorType::kWindow: return "WINDOW";
  }
  return "?";
}

std::string LogicalOperator::ToString(int indent) const {
  std::string text(indent * 2, ' ');
  text += name();
  std::string params = ParamsToString();
  if (!params.empty()) text += " [" + params + "]";
  text += fmt::format(" ~{} rows\n", estimated_cardinality);
  for (const auto& child : children) text += child->ToString(indent + 1);
  return text;
}

uint64_t MaterializedTable::row_count() const {
  if (open_scan) return stored_row_count;
  uint64_t rows = 0;
  for (const auto& chunk : chunks) rows += chunk.size();
  return rows;
}

std::string LogicalGet::ParamsToString() const {
  std::string text = source != nullptr ? source->Describe() : "table";
  text += " columns: ";
  for (size_t i = 0; i < column_names.size(); ++i) {
    if (i > 0) text += ", ";
    text += column_names[i];
  }
  return text;
}

std::string LogicalValues::ParamsToString() const { return fmt::format("{} rows", rows.size()); }

std::string LogicalFilter::ParamsToString() const { return JoinExpressions(conditions); }

std::string LogicalProjection::ParamsToString() const { return JoinExpressions(expressions); }

std::string BoundAggregate::ToString() const {
  std::string text = function->name + "(";
  if (distinct) text += "DISTINCT ";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) text += ", ";
    text += arguments[i]->ToString();
  }
  return text + ")";
}

bool BoundAggregate::Equals(const BoundAggregate& other) const {
  if (function != other.function || distinct != other.distinct ||
      arguments.size() != other.arguments.size() || return_type != other.return_type) {
    return false;
  }
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (!ExpressionEquals(*arguments[i], *other.arguments[i])) return false;
  }
  return true;
}

std::string LogicalAggregate::ParamsToString() const {
  std::string text = "groups: " + JoinExpressions(groups) + "; aggregates: ";
  for (size_t i = 0; i < aggregates.size(); ++i) {
    if (i > 0) text += ", ";
    text += aggregates[i].ToString();
  }
  return text;
}

std::string LogicalJoin::ParamsToString() const {
  std::string text(exec::JoinTypeName(join_type));
  for (size_t i = 0; i < left_keys.size(); ++i) {
    text += fmt::format(" {} = {}", left_keys[i]->ToString(), right_keys[i]->ToString());
  }
  if (!conditions.empty()) text += " ON " + JoinExpressions(conditions);
  return text;
}

std::string LogicalOrder::ParamsToString() const {
  std::string text;
  for (size_t i = 0; i < orders.size(); ++i) {
    if (i > 0) text += ", ";
    text += orders[i].ToString();
  }
  return text;
}

std::string LogicalLimit::ParamsToString() const {
  return fmt::format("limit {} offset {}", limit, offset);
}

std::string LogicalSetOperation::ParamsToString() const {
  switch (set_type) {
    case SetOperationType::kUnionAll: return "UNION ALL";
    case SetOperationType::kUnion: return "UNION";
    case SetOperationType::kExcept: return "EXCEPT";
    case SetOperationType::kIntersect: return "INTERSECT";
  }
  return {};
}

std::string LogicalWindow::ParamsToString() const {
  std::string text;
  if (!partitions.empty()) text += "partition: " + JoinExpressions(partitions) + "; ";
  if (!orders.empty()) {
    text += "order: ";
    for (size_t i = 0; i < orders.size(); ++i) text += (i > 0 ? ", " : "") + orders[i].ToString();
    text += "; ";
  }
  for (size_t i = 0; i < functions.size(); ++i) {
    text += (i > 0 ? ", " : "") + functions[i].ToString();
  }
  return text;
}

bool ExpressionEquals(const exec::BoundExpression& a, const exec::BoundExpression& b) {
  if (a.kind != b.kind || a.type != b.type || a.children.size() != b.children.size()) return false;
  switch (a.kind) {
    case exec::ExpressionKind::kColumnRef:
      if (a.column_index != b.column_index) return false;
      break;
    case exec::ExpressionKind::kConstant:
      if (!(a.constant == b.constant)) return false;
      break;
    case exec::ExpressionKind::kParameter:
      if (a.parameter_index != b.parameter_index) return false;
      break;
    case exec::ExpressionKind::kFunction:
      if (a.function != b.function) return false;
      break;
    case exec::ExpressionKind::kCast:
      if (a.try_cast != b.try_cast) return false;
      break;
    case exec::ExpressionKind::kInList:
      if (a.negated != b.negated) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!ExpressionEquals(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

exec::ExpressionPtr MakeColumnRef(size_t index, LogicalType type, std::string alias) {
  auto expression = std::make_unique<exec::BoundExpression>();
  expression->kind = exec::ExpressionKind::kColumnRef;
  expression->type = type;
  expression->column_index = index;
  expression->alias = std::move(alias);
  return expression;
}

void VisitColumnRefs(exec::BoundExpression& expression,
                     const std::function<void(exec::BoundExpression&)>& visit) {
  if (expression.kind == exec::ExpressionKind::kColumnRef) visit(expression);
  for (auto& child : expression.children) VisitColumnRefs(*child, visit);
}

void ForEachExpression(LogicalOperator& op,
                       const std::function<void(exec::ExpressionPtr&)>& visit) {
  switch (op.type) {
    case LogicalOperatorType::kFilter:
      for (auto& expression : static_cast<LogicalFilter&>(op).conditions) visit(expression);
      break;
    case LogicalOperatorType::kProjection:
      for (auto& expression : static_cast<LogicalProjection&>(op).expressions) visit(expression);
      break;
    case LogicalOperatorType::kAggregate: {
      auto& aggregate = static_cast<LogicalAggregate&>(op);
      for (auto& expression : aggregate.groups) visit(expression);
      for (auto& call : aggregate.aggregates) {
        for (auto& expression : call.arguments) visit(expression);
      }
      break;
    }
    case LogicalOperatorType::kJoin: {
      auto& join = static_cast<LogicalJoin&>(op);
      for (auto& expression : join.left_keys) visit(expression);
      for (auto& expression : join.right_keys) visit(expression);
      for (auto& expression : join.conditions) visit(expression);
      break;
    }
    case LogicalOperatorType::kOrder:
      for (auto& item : static_cast<LogicalOrder&>(op).orders) visit(item.expression);
      break;
    case LogicalOperatorType::kWindow: {
      auto& window = static_cast<LogicalWindow&>(op);
      for (auto& expression : window.partitions) visit(expression);
      for (auto& item : window.orders) visit(item.expression);
      for (auto& function : window.functions) {
        for (auto& expression : function.arguments) visit(expression);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace tarn::sql
