// Binding of UNION / INTERSECT / EXCEPT [ALL] and VALUES lists: column counts and common types.
// INTERSECT and EXCEPT count each distinct row's copies on both sides (one hash aggregate over
// both inputs, tagged by side; NULLs compare equal as set operations require), then keep the rows
// whose counts qualify; the ALL forms replicate each kept row (min(left, right) or left - right
// copies) through a single-child SET_OPERATION that the planner turns into REPLICATE.
#include <fmt/format.h>

#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "sql/binder/binder.h"
#include "sql/binder/subquery_expressions.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

// Projects 'query' to 'types' when any column differs.
void CastColumns(BoundQuery& query, const std::vector<LogicalType>& types) {
  if (query.types == types) return;
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < types.size(); ++i) {
    projection->expressions.push_back(
        Binder::AddCast(MakeColumnRef(i, query.types[i], query.names[i]), types[i]));
  }
  projection->types = types;
  projection->children.push_back(std::move(query.plan));
  query.plan = std::move(projection);
  query.types = types;
}

// 'query' columns plus two BIGINT tags: (1, NULL) for the left side, (NULL, 1) for the right.
LogicalOperatorPtr Tag(LogicalOperatorPtr plan, const std::vector<LogicalType>& types, bool left) {
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < types.size(); ++i) projection->expressions.push_back(MakeColumnRef(i, types[i]));
  projection->expressions.push_back(MakeConstantExpression(
      left ? exec::Value::Bigint(1) : exec::Value::Null(TypeId::kBigint)));
  projection->expressions.push_back(MakeConstantExpression(
      left ? exec::Value::Null(TypeId::kBigint) : exec::Value::Bigint(1)));
  projection->types = types;
  projection->types.push_back(TypeId::kBigint);
  projection->types.push_back(TypeId::kBigint);
  projection->children.push_back(std::move(plan));
  return projection;
}

BoundAggregate CountColumn(size_t column) {
  std::vector<LogicalType> types{TypeId::kBigint};
  std::vector<LogicalType> cast_to;
  BoundAggregate call;
  call.function = exec::ResolveAggregate(exec::FunctionRegistry::BuiltIn(), "count", types, cast_to);
  TARN_CHECK(call.function != nullptr);
  call.arguments.push_back(MakeColumnRef(column, TypeId::kBigint));
  call.return_type = exec::BindAggregateFunction(*call.function, types, call.bind_data);
  return call;
}

exec::ExpressionPtr Call(const char* name, exec::ExpressionPtr a, exec::ExpressionPtr b) {
  std::vector<exec::ExpressionPtr> arguments;
  arguments.push_back(std::move(a));
  arguments.push_back(std::move(b));
  return CallBuiltin(name, std::move(arguments));
}

// INTERSECT / EXCEPT [ALL] of two inputs already cast to 'types'.
LogicalOperatorPtr CountedSetOperation(LogicalOperatorPtr left, LogicalOperatorPtr right,
                                       const std::vector<LogicalType>& types, bool intersect,
                                       bool all) {
  size_t width = types.size();
  auto both = std::make_unique<LogicalSetOperation>();
  both->set_type = SetOperationType::kUnionAll;
  both->types = types;
  both->types.push_back(TypeId::kBigint);
  both->types.push_back(TypeId::kBigint);
  both->children.push_back(Tag(std::move(left), types, true));
  both->children.push_back(Tag(std::move(right), types, false));
  auto counts = std::make_unique<LogicalAggregate>();
  for (size_t i = 0; i < width; ++i) counts->groups.push_back(MakeColumnRef(i, types[i]));
  counts->aggregates.push_back(CountColumn(width));
  counts->aggregates.push_back(CountColumn(width + 1));
  counts->types = types;
  counts->types.push_back(TypeId::kBigint);
  counts->types.push_back(TypeId::kBigint);
  counts->children.push_back(std::move(both));
  auto left_count = [&] { return MakeColumnRef(width, TypeId::kBigint); };
  auto right_count = [&] { return MakeColumnRef(width + 1, TypeId::kBigint); };
  // copies = INTERSECT: least(left, right); EXCEPT: left - right (ALL) or left if right = 0.
  exec::ExpressionPtr copies;
  if (intersect) {
    auto node = MakeExpressionNode(exec::ExpressionKind::kCase, TypeId::kBigint);
    node->children.push_back(Call("<", left_count(), right_count()));
    node->children.push_back(left_count());
    node->children.push_back(right_count());
    copies = std::move(node);
  } else if (all) {
    copies = Call("-", left_count(), right_count());
  } else {
    auto node = MakeExpressionNode(exec::ExpressionKind::kCase, TypeId::kBigint);
    node->children.push_back(Call("=", right_count(), MakeConstantExpression(exec::Value::Bigint(0))));
    node->children.push_back(left_count());
    node->children.push_back(MakeConstantExpression(exec::Value::Bigint(0)));
    copies = std::move(node);
  }
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < width; ++i) projection->expressions.push_back(MakeColumnRef(i, types[i]));
  projection->expressions.push_back(std::move(copies));
  projection->types = types;
  projection->types.push_back(TypeId::kBigint);
  projection->children.push_back(std::move(counts));
  auto filter = std::make_unique<LogicalFilter>();
  filter->conditions.push_back(Call(">", MakeColumnRef(width, TypeId::kBigint),
                                    MakeConstantExpression(exec::Value::Bigint(0))));
  filter->types = projection->types;
  filter->children.push_back(std::move(projection));
  if (all) {
    auto replicate = std::make_unique<LogicalSetOperation>();
    replicate->set_type = intersect ? SetOperationType::kIntersect : SetOperationType::kExcept;
    replicate->types = types;
    replicate->children.push_back(std::move(filter));
    return replicate;
  }
  auto trim = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < width; ++i) trim->expressions.push_back(MakeColumnRef(i, types[i]));
  trim->types = types;
  trim->children.push_back(std::move(filter));
  return trim;
}

}  // namespace

BoundQuery Binder::BindSetOperation(const QueryNode& node) {
  const char* name = node.set_operation == SetOperationKind::kUnion       ? "UNION"
                     : node.set_operation == SetOperationKind::kIntersect ? "INTERSECT"
                                                                          : "EXCEPT";
  BoundQuery left = BindQuery(*node.left);
  BoundQuery right = BindQuery(*node.right);
  if (left.types.size() != right.types.size()) {
    throw Error(ErrorCode::kBinderError,
                fmt::format("each {} query must have the same number of columns", name))
        .AtQueryOffset(node.right->query_offset);
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < left.types.size(); ++i) {
    LogicalType common = CommonSuperType(left.types[i], right.types[i]);
    if (common.id() == TypeId::kInvalid) {
      throw Error(ErrorCode::kTypeMismatch,
                  fmt::format("{} types {} and {} cannot be matched", name,
                              left.types[i].ToString(), right.types[i].ToString()))
          .AtQueryOffset(node.right->query_offset);
    }
    if (common.id() == TypeId::kNull) common = TypeId::kInteger;
    types.push_back(common);
  }
  CastColumns(left, types);
  CastColumns(right, types);
  if (node.set_operation != SetOperationKind::kUnion) {
    BoundQuery query;
    query.plan = CountedSetOperation(std::move(left.plan), std::move(right.plan), types,
                                     node.set_operation == SetOperationKind::kIntersect,
                                     node.set_all);
    query.names = std::move(left.names);
    query.types = std::move(types);
    return query;
  }
  auto set = std::make_unique<LogicalSetOperation>();
  set->set_type = node.set_all ? SetOperationType::kUnionAll : SetOperationType::kUnion;
  set->types = types;
  set->children.push_back(std::move(left.plan));
  set->children.push_back(std::move(right.plan));
  BoundQuery query;
  query.plan = std::move(set);
  query.names = std::move(left.names);
  query.types = std::move(types);
  return query;
}

BoundQuery Binder::BindValues(const QueryNode& node) {
  std::vector<std::vector<exec::ExpressionPtr>> rows;
  size_t width = node.values.empty() ? 0 : node.values[0].size();
  std::vector<LogicalType> types(width, TypeId::kNull);
  for (const auto& row : node.values) {
    rows.emplace_back();
    for (size_t i = 0; i < row.size(); ++i) {
      auto bound = BindStandalone(*row[i]);
      LogicalType common = CommonSuperType(types[i], bound->type);
      if (common.id() == TypeId::kInvalid) {
        throw Error(ErrorCode::kTypeMismatch,
                    fmt::format("VALUES types {} and {} cannot be matched", types[i].ToString(),
                                bound->type.ToString()))
            .AtQueryOffset(row[i]->query_offset);
      }
      types[i] = common;
      rows.back().push_back(std::move(bound));
    }
  }
  for (auto& type : types) {
    if (type.id() == TypeId::kNull) type = TypeId::kInteger;
  }
  auto values = std::make_unique<LogicalValues>();
  for (auto& row : rows) {
    values->rows.emplace_back();
    for (size_t i = 0; i < row.size(); ++i) {
      exec::Value value = EvaluateConstant(*AddCast(std::move(row[i]), types[i]));
      values->rows.back().push_back(value.is_null() ? exec::Value::Null(types[i]) : value);
    }
  }
  values->types = types;
  BoundQuery query;
  for (size_t i = 0; i < width; ++i) query.names.push_back(fmt::format("column{}", i + 1));
  query.types = types;
  query.plan = std::move(values);
  return query;
}

}  // namespace tarn::sql
