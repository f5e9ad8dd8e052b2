// Uncorrelated subqueries in expressions, run once at bind time: (SELECT ...) becomes its value,
// x IN (SELECT ...) a constant IN list, EXISTS (SELECT ...) a constant. Correlated ones are
// detected by name resolution (CheckCorrelated) and rejected as not supported.
#include <fmt/format.h>

#include "common/error.h"
#include "sql/binder/binder.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

constexpr size_t kMaxInListValues = 100000;

exec::ExpressionPtr Constant(exec::Value value, int64_t offset) {
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = exec::ExpressionKind::kConstant;
  node->type = value.type();
  node->constant = std::move(value);
  node->query_offset = offset;
  return node;
}

}  // namespace

exec::ExpressionPtr Binder::BindSubquery(const ParsedExpression& expression,
                                         ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  if (subquery_executor_ == nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: subqueries in expressions")
        .AtQueryOffset(offset);
  }
  Binder child(catalog_, parameters_, this);
  BoundQuery query = child.BindQuery(*expression.subquery);
  if (expression.kind == ExpressionKind::kExists) {
    auto limit = std::make_unique<LogicalLimit>();
    limit->limit = 1;
    limit->types = query.types;
    limit->children.push_back(std::move(query.plan));
    auto chunks = (*subquery_executor_)(Optimize(std::move(limit)));
    bool any = false;
    for (const auto& chunk : chunks) any = any || chunk.size() > 0;
    return Constant(exec::Value::Boolean(any), offset);
  }
  if (query.types.size() != 1) {
    throw Error(ErrorCode::kBinderError, "subquery must return only one column")
        .AtQueryOffset(expression.subquery->query_offset);
  }
  LogicalType type = query.types[0];
  auto chunks = (*subquery_executor_)(Optimize(std::move(query.plan)));
  std::vector<exec::Value> values;
  for (const auto& chunk : chunks) {
    for (size_t row = 0; row < chunk.size(); ++row) {
      values.push_back(chunk.column(0).GetValue(chunk.RowIndex(row)));
      if (values.size() > kMaxInListValues) {
        throw Error(ErrorCode::kNotSupported,
                    fmt::format("not supported: subqueries returning more than {} rows",
                                kMaxInListValues))
            .AtQueryOffset(offset);
      }
    }
  }
  if (expression.kind == ExpressionKind::kSubquery) {
    if (values.size() > 1) {
      throw Error(ErrorCode::kInvalidInput,
                  "more than one row returned by a subquery used as an expression")
          .AtQueryOffset(offset);
    }
    if (values.empty() || values[0].is_null()) return Constant(exec::Value::Null(type), offset);
    return Constant(values[0], offset);
  }
  // x [NOT] IN (subquery): an IN list of the values (an empty list is FALSE, or TRUE for NOT IN).
  auto operand = Bind(*expression.children[0], context);
  if (values.empty()) {
    return Constant(exec::Value::Boolean(expression.negated), offset);
  }
  LogicalType common = CommonSuperType(operand->type, type);
  if (common.id() == TypeId::kInvalid) {
    throw Error(ErrorCode::kTypeMismatch,
                fmt::format("IN types {} and {} cannot be matched", operand->type.ToString(),
                            type.ToString()))
        .AtQueryOffset(offset);
  }
  if (common.id() == TypeId::kNull) common = TypeId::kInteger;
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = exec::ExpressionKind::kInList;
  node->type = TypeId::kBoolean;
  node->negated = expression.negated;
  node->query_offset = offset;
  node->children.push_back(AddCast(std::move(operand), common));
  for (auto& value : values) {
    exec::Value item = value.is_null() ? exec::Value::Null(type) : value;
    node->children.push_back(AddCast(Constant(std::move(item), offset), common));
  }
  return node;
}

}  // namespace tarn::sql
