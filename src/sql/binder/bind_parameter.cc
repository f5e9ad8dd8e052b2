// Binding of $n parameters: typed values bind as constants of their type; untyped text (the CLI's
// --param, quoted literals in EXECUTE) takes the type its use asks for, like a PostgreSQL literal.
#include <fmt/format.h>

#include "common/error.h"
#include "exec/function/cast/cast.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

namespace {

exec::ExpressionPtr MakeConstant(exec::Value value, int64_t offset) {
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = exec::ExpressionKind::kConstant;
  node->type = value.type();
  node->query_offset = offset;
  node->constant = std::move(value);
  return node;
}

// The literal kind 'text' would lex as: kInteger (optional sign, digits), kDecimal (digits with
// a '.' and/or an exponent), else kString.
ConstantKind NumericLiteralKind(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t digits = 0;
  bool decimal = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    decimal = true;
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return ConstantKind::kString;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    decimal = true;
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    size_t exponent_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return ConstantKind::kString;
  }
  if (i != text.size()) return ConstantKind::kString;
  return decimal ? ConstantKind::kDecimal : ConstantKind::kInteger;
}

}  // namespace

bool Binder::IsUntypedText(const ParsedExpression& expression) const {
  if (expression.kind == ExpressionKind::kConstant) {
    return expression.constant_kind == ConstantKind::kString;
  }
  if (expression.kind != ExpressionKind::kParameter || untyped_parameters_ == nullptr) return false;
  size_t index = static_cast<size_t>(expression.parameter_index);
  return index >= 1 && index <= untyped_parameters_->size() && (*untyped_parameters_)[index - 1] &&
         index <= parameters_.size() && !parameters_[index - 1].is_null() &&
         parameters_[index - 1].type().id() == TypeId::kVarchar;
}

exec::ExpressionPtr Binder::BindParameter(const ParsedExpression& expression) {
  int64_t offset = expression.query_offset;
  size_t index = static_cast<size_t>(expression.parameter_index);
  if (index == 0 || index > parameters_.size()) {
    throw Error(ErrorCode::kBinderError,
                fmt::format("no value given for parameter ${}", expression.parameter_index))
        .AtQueryOffset(offset);
  }
  exec::Value value = parameters_[index - 1];
  if (IsUntypedText(expression)) {
    // No type from the context: the literal rules ('42' INTEGER, '2.5' DECIMAL, 'x' VARCHAR).
    ParsedExpression literal;
    literal.kind = ExpressionKind::kConstant;
    literal.query_offset = offset;
    literal.value = value.string();
    literal.constant_kind = NumericLiteralKind(literal.value);
    if (literal.constant_kind != ConstantKind::kString && literal.value[0] == '+') {
      literal.value.erase(0, 1);
    }
    return BindConstant(literal);
  }
  if (value.is_null()) value = exec::Value::Null(value.type());
  return MakeConstant(std::move(value), offset);
}

exec::ExpressionPtr Binder::BindForType(const ParsedExpression& expression,
                                        ExpressionContext& context, LogicalType type,
                                        bool cast_all) {
  if (IsUntypedText(expression) && type.id() != TypeId::kNull && type.id() != TypeId::kInvalid) {
    std::string text = expression.kind == ExpressionKind::kParameter
                           ? parameters_[static_cast<size_t>(expression.parameter_index) - 1].string()
                           : expression.value;
    return AddCast(MakeConstant(exec::Value::Varchar(std::move(text)), expression.query_offset),
                   type);
  }
  auto bound = Bind(expression, context);
  if (!cast_all) return bound;
  if (bound->type.id() != TypeId::kNull && !exec::CanCast(bound->type, type)) {
    throw Error(ErrorCode::kTypeMismatch, fmt::format("cannot cast type {} to {}",
                                                      bound->type.ToString(), type.ToString()))
        .AtQueryOffset(expression.query_offset);
  }
  return AddCast(std::move(bound), type);
}

}  // namespace tarn::sql
