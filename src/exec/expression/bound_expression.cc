#include "exec/expression/bound_expression.h"

#include <cctype>

namespace tarn::exec {
namespace {

bool IsOperatorName(const std::string& name) {
  return !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_';
}

}  // namespace

std::unique_ptr<BoundExpression> BoundExpression::Copy() const {
  auto copy = std::make_unique<BoundExpression>();
  copy->kind = kind;
  copy->type = type;
  copy->alias = alias;
  copy->query_offset = query_offset;
  copy->column_index = column_index;
  copy->constant = constant;
  copy->parameter_index = parameter_index;
  copy->function = function;
  copy->bind_data = bind_data;  // immutable after bind: sharing is safe
  copy->try_cast = try_cast;
  copy->negated = negated;
  copy->children.reserve(children.size());
  for (const auto& child : children) copy->children.push_back(child->Copy());
  return copy;
}

std::string BoundExpression::ToString() const {
  auto child = [this](size_t i) { return children[i]->ToString(); };
  auto join = [this](size_t from, const char* separator) {
    std::string text;
    for (size_t i = from; i < children.size(); ++i) {
      if (i > from) text += separator;
      text += children[i]->ToString();
    }
    return text;
  };
  switch (kind) {
    case ExpressionKind::kColumnRef:
      return alias.empty() ? "#" + std::to_string(column_index) : alias;
    case ExpressionKind::kConstant:
      if (constant.is_null()) return "NULL";
      if (constant.type().id() == TypeId::kVarchar) return "'" + constant.ToString() + "'";
      return constant.ToString();
    case ExpressionKind::kParameter: return "$" + std::to_string(parameter_index);
    case ExpressionKind::kFunction: {
      std::string name = function != nullptr ? function->name : "?";
      if (IsOperatorName(name) && children.size() == 2) {
        return "(" + child(0) + " " + name + " " + child(1) + ")";
      }
      if (IsOperatorName(name) && children.size() == 1) return "(" + name + child(0) + ")";
      return name + "(" + join(0, ", ") + ")";
    }
    case ExpressionKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") + child(0) + " AS " +
             type.ToString() + ")";
    case ExpressionKind::kAnd: return "(" + join(0, " AND ") + ")";
    case ExpressionKind::kOr: return "(" + join(0, " OR ") + ")";
    case ExpressionKind::kNot: return "(NOT " + child(0) + ")";
    case ExpressionKind::kIsNull: return "(" + child(0) + " IS NULL)";
    case ExpressionKind::kIsNotNull: return "(" + child(0) + " IS NOT NULL)";
    case ExpressionKind::kCase: {
      std::string text = "CASE";
      size_t pairs = children.size() / 2;
      for (size_t i = 0; i < pairs; ++i) {
        text += " WHEN " + child(2 * i) + " THEN " + child(2 * i + 1);
      }
      if (children.size() % 2 == 1) text += " ELSE " + child(children.size() - 1);
      return text + " END";
    }
    case ExpressionKind::kInList:
      return "(" + child(0) + (negated ? " NOT IN (" : " IN (") + join(1, ", ") + "))";
  }
  return "?";
}

bool BoundExpression::IsFoldable() const {
  switch (kind) {
    case ExpressionKind::kConstant: return true;
    case ExpressionKind::kColumnRef:
    case ExpressionKind::kParameter: return false;
    case ExpressionKind::kFunction:
      if (function == nullptr || !function->deterministic) return false;
      break;
    default: break;
  }
  for (const auto& child : children) {
    if (!child->IsFoldable()) return false;
  }
  return true;
}

}  // namespace tarn::exec
