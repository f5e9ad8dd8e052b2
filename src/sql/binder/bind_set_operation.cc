// Binding of UNION [ALL] and VALUES lists: column counts and common types.
#include <fmt/format.h>

#include "common/error.h"
#include "sql/binder/binder.h"
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

}  // namespace

BoundQuery Binder::BindSetOperation(const QueryNode& node) {
  const char* name = node.set_operation == SetOperationKind::kUnion       ? "UNION"
                     : node.set_operation == SetOperationKind::kIntersect ? "INTERSECT"
                                                                          : "EXCEPT";
  if (node.set_operation != SetOperationKind::kUnion) {
    throw Error(ErrorCode::kNotSupported, std::string("not supported: ") + name)
        .AtQueryOffset(node.query_offset);
  }
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
