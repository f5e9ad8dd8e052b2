#include "exec/expression/expression_builder.h"

#include "common/error.h"
#include "exec/function/cast/cast.h"
#include "exec/function/function_resolution.h"

namespace tarn::exec {

ExpressionPtr MakeColumnRef(size_t column_index, LogicalType type, std::string alias) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kColumnRef;
  expression->type = type;
  expression->column_index = column_index;
  expression->alias = std::move(alias);
  return expression;
}

ExpressionPtr MakeConstant(Value value) {
  LogicalType type = value.type();
  return MakeConstant(std::move(value), type);
}

ExpressionPtr MakeConstant(Value value, LogicalType type) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kConstant;
  expression->type = type;
  expression->constant = value.is_null() ? Value::Null(type) : std::move(value);
  return expression;
}

ExpressionPtr MakeCast(ExpressionPtr child, LogicalType type, bool try_cast,
                       int64_t query_offset) {
  if (child->type == type) return child;
  if (!CanCast(child->type, type)) {
    throw Error(ErrorCode::kTypeMismatch,
                "cannot cast " + child->type.ToString() + " to " + type.ToString())
        .AtQueryOffset(query_offset);
  }
  // Untyped NULL constants become typed constants instead of a cast node.
  if (child->kind == ExpressionKind::kConstant && child->constant.is_null()) {
    return MakeConstant(Value::Null(type), type);
  }
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kCast;
  expression->type = type;
  expression->try_cast = try_cast;
  expression->query_offset = query_offset >= 0 ? query_offset : child->query_offset;
  expression->children.push_back(std::move(child));
  return expression;
}

ExpressionPtr MakeFunctionCall(const FunctionRegistry& registry, const std::string& name,
                               std::vector<ExpressionPtr> children, int64_t query_offset) {
  std::vector<LogicalType> types;
  for (const auto& child : children) types.push_back(child->type);
  std::vector<LogicalType> cast_to;
  const ScalarFunction* function = ResolveScalar(registry, name, types, cast_to);
  if (function == nullptr) {
    if (registry.ScalarOverloads(name).empty()) {
      throw Error(ErrorCode::kBinderError, "unknown function " + name).AtQueryOffset(query_offset);
    }
    std::string signature = name + "(";
    for (size_t i = 0; i < types.size(); ++i) {
      signature += (i > 0 ? ", " : "") + types[i].ToString();
    }
    throw Error(ErrorCode::kTypeMismatch, "no function matches " + signature + ")")
        .AtQueryOffset(query_offset);
  }
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kFunction;
  expression->query_offset = query_offset;
  expression->function = function;
  for (size_t i = 0; i < children.size(); ++i) {
    expression->children.push_back(MakeCast(std::move(children[i]), cast_to[i], false,
                                            query_offset));
  }
  expression->type = BindScalarFunction(*function, cast_to, expression->bind_data);
  return expression;
}

ExpressionPtr MakeBoolean(ExpressionKind kind, std::vector<ExpressionPtr> children) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = kind;
  expression->type = TypeId::kBoolean;
  for (auto& child : children) {
    if (kind != ExpressionKind::kIsNull && kind != ExpressionKind::kIsNotNull) {
      if (child->type.id() != TypeId::kBoolean && child->type.id() != TypeId::kNull) {
        const char* name = kind == ExpressionKind::kAnd ? "AND"
                           : kind == ExpressionKind::kOr ? "OR"
                                                         : "NOT";
        throw Error(ErrorCode::kTypeMismatch,
                    std::string("argument of ") + name + " must be type boolean, not type " +
                        child->type.ToString())
            .AtQueryOffset(child->query_offset);
      }
      child = MakeCast(std::move(child), TypeId::kBoolean);
    }
    expression->children.push_back(std::move(child));
  }
  return expression;
}

ExpressionPtr MakeCase(std::vector<ExpressionPtr> children, LogicalType type) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kCase;
  expression->type = type;
  for (size_t i = 0; i < children.size(); ++i) {
    bool is_condition = i % 2 == 0 && i + 1 < children.size();
    expression->children.push_back(
        MakeCast(std::move(children[i]), is_condition ? LogicalType(TypeId::kBoolean) : type));
  }
  return expression;
}

ExpressionPtr MakeInList(ExpressionPtr left, std::vector<ExpressionPtr> items, bool negated,
                         int64_t query_offset) {
  LogicalType common = left->type;
  for (const auto& item : items) {
    common = CommonSuperType(common, item->type);
    if (common.id() == TypeId::kInvalid) {
      throw Error(ErrorCode::kTypeMismatch,
                  "cannot compare " + left->type.ToString() + " with " + item->type.ToString())
          .AtQueryOffset(query_offset);
    }
  }
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kInList;
  expression->type = TypeId::kBoolean;
  expression->negated = negated;
  expression->query_offset = query_offset;
  expression->children.push_back(MakeCast(std::move(left), common));
  for (auto& item : items) expression->children.push_back(MakeCast(std::move(item), common));
  return expression;
}

}  // namespace tarn::exec
