#include "sql/binder/subquery_expressions.h"

#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

exec::ExpressionPtr MakeExpressionNode(exec::ExpressionKind kind, LogicalType type) {
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = kind;
  node->type = type;
  return node;
}

exec::ExpressionPtr MakeConstantExpression(exec::Value value) {
  auto node = MakeExpressionNode(exec::ExpressionKind::kConstant, value.type());
  node->constant = std::move(value);
  return node;
}

exec::ExpressionPtr CallBuiltin(const std::string& name,
                                std::vector<exec::ExpressionPtr> arguments) {
  const auto& registry = exec::FunctionRegistry::BuiltIn();
  std::vector<LogicalType> types;
  for (const auto& argument : arguments) types.push_back(argument->type);
  std::vector<LogicalType> cast_to;
  const exec::ScalarFunction* function = exec::ResolveScalar(registry, name, types, cast_to);
  if (function == nullptr) {
    throw Error(ErrorCode::kTypeMismatch, "no function matches " + name + " for these types");
  }
  std::vector<LogicalType> cast_types;
  for (size_t i = 0; i < arguments.size(); ++i) {
    LogicalType target = i < cast_to.size() ? cast_to[i] : arguments[i]->type;
    if (target.id() == TypeId::kNull) target = TypeId::kInteger;
    arguments[i] = Binder::AddCast(std::move(arguments[i]), target);
    cast_types.push_back(target);
  }
  auto node = MakeExpressionNode(exec::ExpressionKind::kFunction, TypeId::kBoolean);
  node->function = function;
  node->type = exec::BindScalarFunction(*function, cast_types, node->bind_data);
  node->children = std::move(arguments);
  return node;
}

namespace {

// A value of 'type' to stand in for NULL in a hash key, or NULL when the type has none.
exec::Value Sentinel(LogicalType type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return exec::Value::Boolean(false);
    case TypeId::kVarchar:
      return exec::Value::Varchar("");
    case TypeId::kInteger:
      return exec::Value::Integer(0);
    case TypeId::kBigint:
      return exec::Value::Bigint(0);
    case TypeId::kDouble:
      return exec::Value::Double(0);
    default:
      return exec::Value::Null(TypeId::kNull);
  }
}

exec::ExpressionPtr IsNull(const exec::BoundExpression& operand) {
  auto node = MakeExpressionNode(exec::ExpressionKind::kIsNull, TypeId::kBoolean);
  node->children.push_back(operand.Copy());
  return node;
}

}  // namespace

void AddNullSafeEquality(exec::ExpressionPtr a, exec::ExpressionPtr b,
                         std::vector<exec::ExpressionPtr>& conditions) {
  exec::Value sentinel = Sentinel(a->type);
  if (!sentinel.is_null() && a->type == b->type) {
    std::vector<exec::ExpressionPtr> nulls;
    nulls.push_back(IsNull(*a));
    nulls.push_back(IsNull(*b));
    conditions.push_back(CallBuiltin("=", std::move(nulls)));
    std::vector<exec::ExpressionPtr> left, right, keys;
    left.push_back(std::move(a));
    left.push_back(MakeConstantExpression(sentinel));
    right.push_back(std::move(b));
    right.push_back(MakeConstantExpression(sentinel));
    keys.push_back(CallBuiltin("coalesce", std::move(left)));
    keys.push_back(CallBuiltin("coalesce", std::move(right)));
    conditions.push_back(CallBuiltin("=", std::move(keys)));
    return;
  }
  // CASE WHEN a IS NULL THEN b IS NULL WHEN b IS NULL THEN false ELSE a = b END
  auto node = MakeExpressionNode(exec::ExpressionKind::kCase, TypeId::kBoolean);
  node->children.push_back(IsNull(*a));
  node->children.push_back(IsNull(*b));
  node->children.push_back(IsNull(*b));
  node->children.push_back(MakeConstantExpression(exec::Value::Boolean(false)));
  std::vector<exec::ExpressionPtr> arguments;
  arguments.push_back(std::move(a));
  arguments.push_back(std::move(b));
  node->children.push_back(CallBuiltin("=", std::move(arguments)));
  conditions.push_back(std::move(node));
}

exec::ExpressionPtr CoalesceZero(exec::ExpressionPtr value) {
  LogicalType type = value->type;
  std::vector<exec::ExpressionPtr> arguments;
  arguments.push_back(std::move(value));
  arguments.push_back(Binder::AddCast(MakeConstantExpression(exec::Value::Bigint(0)), type));
  return CallBuiltin("coalesce", std::move(arguments));
}

}  // namespace tarn::sql
