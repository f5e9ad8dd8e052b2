// Binding of expressions: names, literals, operators, CASE, CAST and boolean connectives.
#include <fmt/format.h>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/function/cast/cast.h"
#include "exec/function/date/interval.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

namespace {

exec::ExpressionPtr MakeNode(exec::ExpressionKind kind, LogicalType type, int64_t offset) {
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = kind;
  node->type = type;
  node->query_offset = offset;
  return node;
}

exec::ExpressionPtr MakeConstant(exec::Value value, int64_t offset) {
  auto node = MakeNode(exec::ExpressionKind::kConstant, value.type(), offset);
  node->constant = std::move(value);
  return node;
}

// The type of a TypeName, or an error naming it.
LogicalType ResolveType(const TypeName& name) {
  if (name.array_dimensions > 0) {
    throw Error(ErrorCode::kNotSupported, "not supported: array types")
        .AtQueryOffset(name.query_offset);
  }
  std::string text = name.name;
  if (!name.parameters.empty() && (name.name == "decimal" || name.name == "numeric")) {
    text += "(" + std::to_string(name.parameters[0]);
    if (name.parameters.size() > 1) text += "," + std::to_string(name.parameters[1]);
    text += ")";
  }
  LogicalType type = ParseLogicalType(text);
  if (type.id() == TypeId::kInvalid) {
    throw Error(ErrorCode::kBinderError, "type \"" + name.ToString() + "\" does not exist")
        .AtQueryOffset(name.query_offset);
  }
  return type;
}

bool IsComparison(ExpressionOp op) {
  switch (op) {
    case ExpressionOp::kEqual:
    case ExpressionOp::kNotEqual:
    case ExpressionOp::kLess:
    case ExpressionOp::kLessEqual:
    case ExpressionOp::kGreater:
    case ExpressionOp::kGreaterEqual:
      return true;
    default:
      return false;
  }
}

bool IsArithmetic(ExpressionOp op) {
  switch (op) {
    case ExpressionOp::kAdd:
    case ExpressionOp::kSubtract:
    case ExpressionOp::kMultiply:
    case ExpressionOp::kDivide:
    case ExpressionOp::kIntegerDivide:
    case ExpressionOp::kModulo:
    case ExpressionOp::kPower:
      return true;
    default:
      return false;
  }
}

}  // namespace

exec::ExpressionPtr Binder::AddCast(exec::ExpressionPtr expression, LogicalType type) {
  if (expression->type == type) return expression;
  if (expression->kind == exec::ExpressionKind::kConstant && expression->constant.is_null()) {
    expression->type = type;
    expression->constant = exec::Value::Null(type);
    return expression;
  }
  auto cast = MakeNode(exec::ExpressionKind::kCast, type, expression->query_offset);
  cast->children.push_back(std::move(expression));
  return cast;
}

std::string Binder::OutputName(const ParsedExpression& expression) {
  if (!expression.alias.empty()) return expression.alias;
  if (expression.kind == ExpressionKind::kColumnRef && !expression.names.empty()) {
    return expression.names.back();
  }
  return expression.ToString();
}

exec::ExpressionPtr Binder::BindStandalone(const ParsedExpression& expression) {
  BindScope empty;
  ExpressionContext context;
  context.scope = &empty;
  context.clause = "VALUES";
  return Bind(expression, context);
}

exec::ExpressionPtr Binder::Bind(const ParsedExpression& expression, ExpressionContext& context) {
  if (context.aggregation != nullptr) {
    if (auto bound = BindInAggregation(expression, context)) return bound;
  }
  int64_t offset = expression.query_offset;
  switch (expression.kind) {
    case ExpressionKind::kColumnRef:
      return BindColumnRef(expression, context);
    case ExpressionKind::kConstant:
      return BindConstant(expression);
    case ExpressionKind::kTypedLiteral: {
      if (expression.type.name == "interval") {
        throw Error(ErrorCode::kNotSupported,
                    "not supported: INTERVAL values other than in date/timestamp ± INTERVAL")
            .AtQueryOffset(offset);
      }
      LogicalType type = ResolveType(expression.type);
      return AddCast(MakeConstant(exec::Value::Varchar(expression.value), offset), type);
    }
    case ExpressionKind::kParameter:
      return BindParameter(expression);  // bind_parameter.cc
    case ExpressionKind::kUnaryOperator:
    case ExpressionKind::kBinaryOperator:
      return BindOperator(expression, context);
    case ExpressionKind::kNot:
    case ExpressionKind::kIsTrue:
    case ExpressionKind::kIsFalse:
      return BindBoolean(expression, context);
    case ExpressionKind::kIsNull: {
      auto node = MakeNode(expression.negated ? exec::ExpressionKind::kIsNotNull
                                              : exec::ExpressionKind::kIsNull,
                           TypeId::kBoolean, offset);
      node->children.push_back(Bind(*expression.children[0], context));
      return node;
    }
    case ExpressionKind::kBetween: {
      auto operand = Bind(*expression.children[0], context);
      std::vector<exec::ExpressionPtr> low_args;
      low_args.push_back(operand->Copy());
      low_args.push_back(Bind(*expression.children[1], context));
      std::vector<exec::ExpressionPtr> high_args;
      high_args.push_back(std::move(operand));
      high_args.push_back(Bind(*expression.children[2], context));
      auto conjunction = MakeNode(exec::ExpressionKind::kAnd, TypeId::kBoolean, offset);
      conjunction->children.push_back(CallScalar(">=", std::move(low_args), offset, true));
      conjunction->children.push_back(CallScalar("<=", std::move(high_args), offset, true));
      if (!expression.negated) return conjunction;
      auto negation = MakeNode(exec::ExpressionKind::kNot, TypeId::kBoolean, offset);
      negation->children.push_back(std::move(conjunction));
      return negation;
    }
    case ExpressionKind::kInList: {
      std::vector<exec::ExpressionPtr> items;
      LogicalType common = TypeId::kNull;
      for (const auto& child : expression.children) {
        items.push_back(Bind(*child, context));
        LogicalType next = CommonSuperType(common, items.back()->type);
        if (next.id() == TypeId::kInvalid) {
          throw Error(ErrorCode::kTypeMismatch,
                      fmt::format("IN types {} and {} cannot be matched", common.ToString(),
                                  items.back()->type.ToString()))
              .AtQueryOffset(child->query_offset);
        }
        common = next;
      }
      if (common.id() == TypeId::kNull) common = TypeId::kInteger;
      auto node = MakeNode(exec::ExpressionKind::kInList, TypeId::kBoolean, offset);
      node->negated = expression.negated;
      for (auto& item : items) node->children.push_back(AddCast(std::move(item), common));
      return node;
    }
    case ExpressionKind::kCase:
      return BindCase(expression, context);
    case ExpressionKind::kCast:
      return BindCastExpression(expression, context);
    case ExpressionKind::kFunction:
      return BindFunction(expression, context);
    case ExpressionKind::kStar:
      throw Error(ErrorCode::kBinderError, "* is not allowed here").AtQueryOffset(offset);
    case ExpressionKind::kInSubquery:
    case ExpressionKind::kExists:
    case ExpressionKind::kSubquery:
      return BindSubquery(expression, context);
    case ExpressionKind::kStruct:
      throw Error(ErrorCode::kNotSupported, "not supported: struct values").AtQueryOffset(offset);
    case ExpressionKind::kList:
      throw Error(ErrorCode::kNotSupported, "not supported: list values").AtQueryOffset(offset);
    case ExpressionKind::kDefault:
      throw Error(ErrorCode::kNotSupported, "not supported: DEFAULT here").AtQueryOffset(offset);
  }
  TARN_CHECK(false);
  return nullptr;
}

exec::ExpressionPtr Binder::BindColumnRef(const ParsedExpression& expression,
                                          ExpressionContext& context) {
  const ScopeColumn* column = context.scope->Find(expression.names, expression.query_offset);
  if (column != nullptr) {
    return MakeColumnRef(column->index, column->type, column->name);
  }
  if (auto outer = BindCorrelated(expression)) return outer;
  std::string text;
  for (size_t i = 0; i < expression.names.size(); ++i) {
    text += (i > 0 ? "." : "") + expression.names[i];
  }
  if (expression.names.size() >= 2 && !context.scope->HasTable(expression.names[expression.names.size() - 2])) {
    throw Error(ErrorCode::kBinderError, "missing FROM-clause entry for table \"" +
                                             expression.names[expression.names.size() - 2] + "\"")
        .AtQueryOffset(expression.query_offset);
  }
  std::string message = "column \"" + text + "\" does not exist";
  auto candidates = context.scope->Candidates(expression.names.back(), 5);
  if (!candidates.empty()) {
    message += "; candidates: ";
    for (size_t i = 0; i < candidates.size(); ++i) {
      message += (i > 0 ? ", " : "") + candidates[i];
    }
  }
  throw Error(ErrorCode::kBinderError, message).AtQueryOffset(expression.query_offset);
}

exec::ExpressionPtr Binder::BindConstant(const ParsedExpression& expression) {
  int64_t offset = expression.query_offset;
  const std::string& text = expression.value;
  switch (expression.constant_kind) {
    case ConstantKind::kInteger: {
      int64_t value = 0;
      if (ParseInt64(text, value)) {
        if (value >= INT32_MIN && value <= INT32_MAX) {
          return MakeConstant(exec::Value::Integer(static_cast<int32_t>(value)), offset);
        }
        return MakeConstant(exec::Value::Bigint(value), offset);
      }
      [[fallthrough]];  // beyond BIGINT: a numeric literal
    }
    case ConstantKind::kDecimal: {
      bool has_exponent = text.find_first_of("eE") != std::string::npos;
      if (!has_exponent) {
        size_t digits = 0, scale = 0;
        bool leading = true, fraction = false;
        for (char c : text) {
          if (c == '.') {
            fraction = true;
            leading = false;
            continue;
          }
          if (c < '0' || c > '9') continue;
          if (fraction) {
            ++scale;
            ++digits;
          } else if (!(leading && c == '0')) {
            leading = false;
            ++digits;
          }
        }
        size_t width = std::max<size_t>(digits, std::max<size_t>(scale, 1));
        int64_t unscaled = 0;
        if (width <= static_cast<size_t>(kMaxDecimalWidth) &&
            ParseDecimal(text, static_cast<uint8_t>(width), static_cast<uint8_t>(scale), unscaled)) {
          return MakeConstant(exec::Value::Decimal(unscaled, static_cast<uint8_t>(width),
                                                   static_cast<uint8_t>(scale)),
                              offset);
        }
      }
      double value = 0;
      if (!ParseDouble(text, value)) {
        throw Error(ErrorCode::kInvalidInput, "invalid numeric literal \"" + text + "\"")
            .AtQueryOffset(offset);
      }
      return MakeConstant(exec::Value::Double(value), offset);
    }
    case ConstantKind::kString:
      return MakeConstant(exec::Value::Varchar(text), offset);
    case ConstantKind::kBoolean:
      return MakeConstant(exec::Value::Boolean(text == "true"), offset);
    case ConstantKind::kNull:
      return MakeConstant(exec::Value(), offset);
  }
  TARN_CHECK(false);
  return nullptr;
}

exec::ExpressionPtr Binder::BindOperator(const ParsedExpression& expression,
                                         ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  ExpressionOp op = expression.op;
  if (expression.kind == ExpressionKind::kUnaryOperator) {
    auto operand = Bind(*expression.children[0], context);
    if (op == ExpressionOp::kPlus) return operand;
    std::vector<exec::ExpressionPtr> arguments;
    arguments.push_back(std::move(operand));
    return CallScalar(op == ExpressionOp::kNegate ? "-" : "~", std::move(arguments), offset, true);
  }
  if (op == ExpressionOp::kAnd || op == ExpressionOp::kOr) {
    auto node = MakeNode(op == ExpressionOp::kAnd ? exec::ExpressionKind::kAnd
                                                  : exec::ExpressionKind::kOr,
                         TypeId::kBoolean, offset);
    for (const auto& child : expression.children) {
      auto bound = Bind(*child, context);
      if (bound->type.id() != TypeId::kBoolean && bound->type.id() != TypeId::kNull) {
        throw Error(ErrorCode::kTypeMismatch,
                    fmt::format("argument of {} must be type BOOLEAN, not type {}",
                                ExpressionOpToString(op), bound->type.ToString()))
            .AtQueryOffset(child->query_offset);
      }
      node->children.push_back(AddCast(std::move(bound), TypeId::kBoolean));
    }
    return node;
  }
  // date/timestamp ± INTERVAL literal (no INTERVAL type yet): __interval_add(timestamp, months,
  // days, micros); a DATE operand becomes TIMESTAMP, as in PostgreSQL.
  if ((op == ExpressionOp::kAdd || op == ExpressionOp::kSubtract) &&
      expression.children.size() == 2) {
    auto is_interval = [](const ParsedExpression& child) {
      return child.kind == ExpressionKind::kTypedLiteral && child.type.name == "interval";
    };
    size_t interval_side = 2;
    if (is_interval(*expression.children[1])) interval_side = 1;
    if (op == ExpressionOp::kAdd && is_interval(*expression.children[0])) interval_side = 0;
    if (interval_side < 2) {
      const ParsedExpression& literal = *expression.children[interval_side];
      std::optional<exec::Interval> interval = exec::ParseInterval(literal.value);
      if (!interval) {
        throw Error(ErrorCode::kInvalidArgument,
                    "invalid input syntax for type interval: \"" + literal.value + "\"")
            .AtQueryOffset(literal.query_offset);
      }
      auto operand = Bind(*expression.children[1 - interval_side], context);
      TypeId id = operand->type.id();
      if (id != TypeId::kDate && id != TypeId::kTimestamp && id != TypeId::kNull) {
        throw Error(ErrorCode::kTypeMismatch,
                    fmt::format("no operator matches {} {} INTERVAL", operand->type.ToString(),
                                op == ExpressionOp::kAdd ? "+" : "-"))
            .AtQueryOffset(offset);
      }
      int64_t sign = op == ExpressionOp::kSubtract ? -1 : 1;
      std::vector<exec::ExpressionPtr> arguments;
      arguments.push_back(AddCast(std::move(operand), TypeId::kTimestamp));
      arguments.push_back(
          MakeConstant(exec::Value::Integer(static_cast<int32_t>(sign * interval->months)), offset));
      arguments.push_back(
          MakeConstant(exec::Value::Integer(static_cast<int32_t>(sign * interval->days)), offset));
      arguments.push_back(MakeConstant(exec::Value::Bigint(sign * interval->micros), offset));
      return CallScalar("__interval_add", std::move(arguments), offset, true);
    }
  }
  std::vector<exec::ExpressionPtr> arguments;
  for (const auto& child : expression.children) arguments.push_back(Bind(*child, context));
  // A string literal compared with a typed value takes that value's type (PostgreSQL 'unknown');
  // so does an untyped parameter, also in arithmetic with a number, and next to a VARCHAR.
  if (arguments.size() == 2) {
    for (size_t side = 0; side < 2; ++side) {
      auto& literal = arguments[side];
      const auto& other = arguments[1 - side];
      const ParsedExpression& child = *expression.children[side];
      TypeId other_id = other->type.id();
      bool numeric = other_id == TypeId::kInteger || other_id == TypeId::kBigint ||
                     other_id == TypeId::kDouble || other_id == TypeId::kDecimal;
      bool parameter = child.kind == ExpressionKind::kParameter;
      bool typed_by_other = IsComparison(op) || (parameter && IsArithmetic(op) && numeric) ||
                            (parameter && other_id == TypeId::kVarchar);
      if (typed_by_other && IsUntypedText(child) && other_id != TypeId::kNull &&
          !IsUntypedText(*expression.children[1 - side]) &&
          exec::CanCast(TypeId::kVarchar, other->type)) {
        literal = BindForType(child, context, other->type, false);
      }
    }
  }
  if (op == ExpressionOp::kIsDistinctFrom || op == ExpressionOp::kIsNotDistinctFrom) {
    // a IS NOT DISTINCT FROM b = CASE WHEN a IS NULL THEN b IS NULL WHEN b IS NULL THEN false
    // ELSE a = b END (never NULL); IS DISTINCT FROM is its negation.
    auto is_null = [offset](const exec::BoundExpression& operand) {
      auto node = MakeNode(exec::ExpressionKind::kIsNull, TypeId::kBoolean, offset);
      node->children.push_back(operand.Copy());
      return node;
    };
    auto node = MakeNode(exec::ExpressionKind::kCase, TypeId::kBoolean, offset);
    node->children.push_back(is_null(*arguments[0]));
    node->children.push_back(is_null(*arguments[1]));
    node->children.push_back(is_null(*arguments[1]));
    node->children.push_back(MakeConstant(exec::Value::Boolean(false), offset));
    node->children.push_back(CallScalar("=", std::move(arguments), offset, true));
    if (op == ExpressionOp::kIsNotDistinctFrom) return node;
    auto negation = MakeNode(exec::ExpressionKind::kNot, TypeId::kBoolean, offset);
    negation->children.push_back(std::move(node));
    return negation;
  }
  std::string name = ExpressionOpToString(op);
  for (char& c : name) {
    c = c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (op == ExpressionOp::kEqual) name = "=";
  if (op == ExpressionOp::kNotEqual) name = "<>";
  if (registry_.ScalarOverloads(name).empty()) {
    throw Error(ErrorCode::kNotSupported,
                std::string("not supported: operator ") + ExpressionOpToString(op))
        .AtQueryOffset(offset);
  }
  return CallScalar(name, std::move(arguments), offset, true);
}

exec::ExpressionPtr Binder::BindBoolean(const ParsedExpression& expression,
                                        ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  auto operand = Bind(*expression.children[0], context);
  if (operand->type.id() != TypeId::kBoolean && operand->type.id() != TypeId::kNull) {
    throw Error(ErrorCode::kTypeMismatch,
                "argument of NOT must be type BOOLEAN, not type " + operand->type.ToString())
        .AtQueryOffset(expression.children[0]->query_offset);
  }
  operand = AddCast(std::move(operand), TypeId::kBoolean);
  auto negate = [offset](exec::ExpressionPtr child) {
    auto node = MakeNode(exec::ExpressionKind::kNot, TypeId::kBoolean, offset);
    node->children.push_back(std::move(child));
    return node;
  };
  if (expression.kind == ExpressionKind::kNot) return negate(std::move(operand));
  // x IS TRUE = (x IS NOT NULL) AND x; x IS FALSE = (x IS NOT NULL) AND NOT x. Never NULL.
  auto not_null = MakeNode(exec::ExpressionKind::kIsNotNull, TypeId::kBoolean, offset);
  not_null->children.push_back(operand->Copy());
  auto node = MakeNode(exec::ExpressionKind::kAnd, TypeId::kBoolean, offset);
  node->children.push_back(std::move(not_null));
  node->children.push_back(expression.kind == ExpressionKind::kIsTrue ? std::move(operand)
                                                                     : negate(std::move(operand)));
  return expression.negated ? negate(std::move(node)) : std::move(node);
}

exec::ExpressionPtr Binder::BindCase(const ParsedExpression& expression,
                                     ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  std::vector<exec::ExpressionPtr> conditions;
  std::vector<exec::ExpressionPtr> results;
  exec::ExpressionPtr operand;
  if (expression.case_operand != nullptr) operand = Bind(*expression.case_operand, context);
  for (const auto& branch : expression.case_branches) {
    auto when = Bind(*branch.when, context);
    if (operand != nullptr) {
      std::vector<exec::ExpressionPtr> arguments;
      arguments.push_back(operand->Copy());
      arguments.push_back(std::move(when));
      when = CallScalar("=", std::move(arguments), branch.when->query_offset, true);
    }
    if (when->type.id() != TypeId::kBoolean && when->type.id() != TypeId::kNull) {
      throw Error(ErrorCode::kTypeMismatch,
                  "argument of CASE/WHEN must be type BOOLEAN, not type " + when->type.ToString())
          .AtQueryOffset(branch.when->query_offset);
    }
    conditions.push_back(AddCast(std::move(when), TypeId::kBoolean));
    results.push_back(Bind(*branch.then, context));
  }
  if (expression.else_expression != nullptr) {
    results.push_back(Bind(*expression.else_expression, context));
  } else {
    results.push_back(MakeConstant(exec::Value(), offset));
  }
  LogicalType common = TypeId::kNull;
  for (const auto& result : results) {
    LogicalType next = CommonSuperType(common, result->type);
    if (next.id() == TypeId::kInvalid) {
      throw Error(ErrorCode::kTypeMismatch,
                  fmt::format("CASE types {} and {} cannot be matched", common.ToString(),
                              result->type.ToString()))
          .AtQueryOffset(result->query_offset);
    }
    common = next;
  }
  if (common.id() == TypeId::kNull) common = TypeId::kInteger;
  auto node = MakeNode(exec::ExpressionKind::kCase, common, offset);
  for (size_t i = 0; i < conditions.size(); ++i) {
    node->children.push_back(std::move(conditions[i]));
    node->children.push_back(AddCast(std::move(results[i]), common));
  }
  node->children.push_back(AddCast(std::move(results.back()), common));
  return node;
}

exec::ExpressionPtr Binder::BindCastExpression(const ParsedExpression& expression,
                                               ExpressionContext& context) {
  LogicalType type = ResolveType(expression.type);
  auto child = Bind(*expression.children[0], context);
  if (child->type.id() != TypeId::kNull && !exec::CanCast(child->type, type)) {
    throw Error(ErrorCode::kTypeMismatch, fmt::format("cannot cast type {} to {}",
                                                      child->type.ToString(), type.ToString()))
        .AtQueryOffset(expression.query_offset);
  }
  if (child->type == type && !expression.try_cast) return child;
  if (child->kind == exec::ExpressionKind::kConstant && child->constant.is_null()) {
    return AddCast(std::move(child), type);
  }
  auto node = MakeNode(exec::ExpressionKind::kCast, type, expression.query_offset);
  node->try_cast = expression.try_cast;
  node->children.push_back(std::move(child));
  return node;
}

}  // namespace tarn::sql
