// Subqueries in expressions. Uncorrelated ones run once at bind time: (SELECT ...) becomes its
// value, x IN (SELECT ...) a constant IN list, EXISTS (SELECT ...) a constant. Correlated ones (they
// read columns of an enclosing query, found by BindCorrelated) become placeholders that
// ApplySubqueries (apply_subquery.cc) later turns into joins onto the clause's plan.
#include <fmt/format.h>

#include "common/error.h"
#include "sql/binder/bind_aggregation.h"
#include "sql/binder/binder.h"
#include "sql/binder/decorrelate.h"
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

LogicalType InCommonType(const exec::BoundExpression& operand, LogicalType type, int64_t offset) {
  LogicalType common = CommonSuperType(operand.type, type);
  if (common.id() == TypeId::kInvalid) {
    throw Error(ErrorCode::kTypeMismatch,
                fmt::format("IN types {} and {} cannot be matched", operand.type.ToString(),
                            type.ToString()))
        .AtQueryOffset(offset);
  }
  if (common.id() == TypeId::kNull) common = TypeId::kInteger;
  return common;
}

}  // namespace

exec::ExpressionPtr Binder::BindCorrelated(const ParsedExpression& expression) const {
  int levels_up = 1;
  for (const Binder* outer = parent_; outer != nullptr; outer = outer->parent_, ++levels_up) {
    if (outer->current_scope_ == nullptr) continue;
    const ScopeColumn* column = outer->current_scope_->Find(expression.names, expression.query_offset);
    if (column != nullptr) {
      size_t index = RegisterCorrelated(*column, levels_up);
      auto ref = MakeColumnRef(kCorrelatedColumnBase + index, column->type, column->name);
      ref->query_offset = expression.query_offset;
      return ref;
    }
  }
  return nullptr;
}

size_t Binder::RegisterCorrelated(const ScopeColumn& column, int levels_up) const {
  CorrelatedColumn entry{column, levels_up == 1, 0};
  if (levels_up > 1) entry.parent_correlated = parent_->RegisterCorrelated(column, levels_up - 1);
  for (size_t i = 0; i < correlated_.size(); ++i) {
    const CorrelatedColumn& existing = correlated_[i];
    if (existing.from_parent_scope != entry.from_parent_scope) continue;
    if (entry.from_parent_scope ? existing.column.index == column.index
                                : existing.parent_correlated == entry.parent_correlated) {
      return i;
    }
  }
  correlated_.push_back(std::move(entry));
  return correlated_.size() - 1;
}

exec::ExpressionPtr Binder::BindSubquery(const ParsedExpression& expression,
                                         ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  Binder child(catalog_, parameters_, this);
  BoundQuery query = child.BindQuery(*expression.subquery);
  if (expression.kind != ExpressionKind::kExists && query.types.size() != 1) {
    throw Error(ErrorCode::kBinderError, "subquery must return only one column")
        .AtQueryOffset(expression.subquery->query_offset);
  }
  if (!child.correlated_.empty()) {
    if (!context.subquery_joins) {
      throw Error(ErrorCode::kNotSupported,
                  std::string("not supported: correlated subqueries in ") + context.clause)
          .AtQueryOffset(offset);
    }
    auto pending = std::make_shared<PendingSubquery>();
    pending->query_offset = offset;
    pending->below_aggregate = context.aggregate_input;
    for (const CorrelatedColumn& column : child.correlated_) {
      exec::ExpressionPtr outer;
      if (!column.from_parent_scope) {
        outer = MakeColumnRef(kCorrelatedColumnBase + column.parent_correlated, column.column.type,
                              column.column.name);
      } else if (context.aggregation == nullptr) {
        outer = MakeColumnRef(column.column.index, column.column.type, column.column.name);
      } else {
        // In an aggregating query the subquery reads the group key.
        auto input = MakeColumnRef(column.column.index, column.column.type, column.column.name);
        const auto& groups = context.aggregation->aggregate->groups;
        for (size_t i = 0; i < groups.size() && outer == nullptr; ++i) {
          if (ExpressionEquals(*input, *groups[i])) {
            outer = MakeColumnRef(i, column.column.type, column.column.name);
          }
        }
        if (outer == nullptr) {
          throw Error(ErrorCode::kBinderError,
                      "subquery uses ungrouped column \"" + column.column.name +
                          "\" from outer query")
              .AtQueryOffset(offset);
        }
      }
      pending->outer.push_back(std::move(outer));
    }
    LogicalType result_type = TypeId::kBoolean;
    if (expression.kind == ExpressionKind::kExists) {
      pending->kind = SubqueryKind::kExists;
    } else if (expression.kind == ExpressionKind::kSubquery) {
      pending->kind = SubqueryKind::kScalar;
      result_type = query.types[0];
      pending->type = result_type;
    } else {
      pending->kind = SubqueryKind::kIn;
      pending->negated = expression.negated;
      auto operand = Bind(*expression.children[0], context);
      LogicalType common = InCommonType(*operand, query.types[0], offset);
      pending->operand = AddCast(std::move(operand), common);
      pending->type = common;
      if (query.types[0] != common) {
        auto projection = std::make_unique<LogicalProjection>();
        projection->expressions.push_back(
            AddCast(MakeColumnRef(0, query.types[0], query.names[0]), common));
        projection->types.push_back(common);
        projection->children.push_back(std::move(query.plan));
        query.plan = std::move(projection);
      }
    }
    pending->plan = std::move(query.plan);
    pending_subqueries_.push_back(std::move(pending));
    auto ref = MakeColumnRef(kPendingSubqueryBase + pending_subqueries_.size() - 1, result_type);
    ref->query_offset = offset;
    return ref;
  }
  if (subquery_executor_ == nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: subqueries in expressions")
        .AtQueryOffset(offset);
  }
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
  LogicalType common = InCommonType(*operand, type, offset);
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
