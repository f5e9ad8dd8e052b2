// A lake table read under an AccessControl (sql/binder/access_control.h): the principal's read
// policy becomes part of the plan right above the scan, so no outer construct (join, subquery, CTE,
// view, COPY, INSERT ... SELECT) can get around it:
//
//   Projection (allowed columns; pii columns hmac_sha256(CAST(c AS VARCHAR), key) without UNMASK)
//     Filter (the row filter, bound over all columns in clear)
//       Get (every column)
//
// Columns that are not allowed stay in the FROM scope as denied entries: '*' skips them and naming
// one is Error(kPermissionDenied) "permission denied: column d.t.c".
#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "exec/function/string/secret_function.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"

namespace tarn::sql {

namespace {

// Nesting limit of row filters that read other filtered tables (a filter on t reading t again).
constexpr int kMaxFilterDepth = 32;

// Name the masking key's secret() call shows in EXPLAIN; the key itself is bind data only.
constexpr const char* kMaskingKeyName = "tarn masking key";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Re-points an error from the row filter's own text at the table reference.
[[noreturn]] void ThrowFilterError(const Error& error, const LakeTableIdentity& identity,
                                   int64_t offset) {
  throw Error(error.code(), fmt::format("row filter of {}.{}: {}", identity.database,
                                        identity.table, error.message()))
      .AtQueryOffset(offset);
}

}  // namespace

exec::ExpressionPtr Binder::MaskColumn(exec::ExpressionPtr column, const std::string& key,
                                       int64_t offset) {
  // The key travels like secret('name')'s value: bind data of a call that is never folded, so it
  // is never a plan constant that EXPLAIN or an error message could show.
  std::vector<LogicalType> cast_to;
  const exec::ScalarFunction* secret =
      exec::ResolveScalar(registry_, "secret", {LogicalType(TypeId::kVarchar)}, cast_to);
  TARN_CHECK(secret != nullptr);
  auto name = std::make_unique<exec::BoundExpression>();
  name->kind = exec::ExpressionKind::kConstant;
  name->constant = exec::Value::Varchar(kMaskingKeyName);
  name->type = TypeId::kVarchar;
  name->query_offset = offset;
  auto key_call = std::make_unique<exec::BoundExpression>();
  key_call->kind = exec::ExpressionKind::kFunction;
  key_call->function = secret;
  key_call->type = secret->return_type;
  key_call->query_offset = offset;
  if (!key.empty() && std::find(catalog_.bound_secrets.begin(), catalog_.bound_secrets.end(),
                                key) == catalog_.bound_secrets.end()) {
    catalog_.bound_secrets.push_back(key);
  }
  key_call->bind_data = std::make_unique<exec::SecretValue>(key);
  key_call->children.push_back(std::move(name));
  std::vector<exec::ExpressionPtr> arguments;
  arguments.push_back(AddCast(std::move(column), TypeId::kVarchar));
  arguments.push_back(std::move(key_call));
  return CallScalar("hmac_sha256", std::move(arguments), offset, false);
}

Binder::FromResult Binder::FromLakeTable(std::shared_ptr<const MaterializedTable> table,
                                         const LakeTableIdentity& identity, const TableRef& ref,
                                         const std::string& alias) {
  AccessControl& access = *catalog_.access;
  int64_t offset = ref.query_offset;
  TableReadPolicy policy;
  try {
    policy = access.SelectPolicy(identity.database, identity.table);
  } catch (Error& error) {
    if (error.location().empty()) throw std::move(error).AtQueryOffset(offset);
    throw;
  }
  std::vector<format::ColumnSchema> columns = table->columns;
  size_t width = columns.size();
  LogicalOperatorPtr plan = MakeTableScan(std::move(table), offset);

  if (policy.row_filter) {
    ++catalog_.filtered_reads;
    if (view_depth_ >= kMaxFilterDepth) {
      throw Error(ErrorCode::kBinderError,
                  fmt::format("row filter of {}.{} is nested too deeply", identity.database,
                              identity.table))
          .AtQueryOffset(offset);
    }
    // Bound on its own: no enclosing query's columns, no statement parameters, every column of
    // the table in clear.
    static const std::vector<exec::Value> kNoParameters;
    Binder child(catalog_, kNoParameters, nullptr);
    child.view_depth_ = view_depth_ + 1;
    child.subquery_executor_ = subquery_executor_;
    BindScope scope;
    for (size_t i = 0; i < width; ++i) {
      scope.Add(ScopeColumn{identity.table, columns[i].name, columns[i].type, i, false, {}});
    }
    exec::ExpressionPtr condition;
    try {
      ParsedExpressionPtr parsed = ParseExpression(*policy.row_filter);
      condition = child.BindWhereIsTrue(parsed.get(), scope, plan);
    } catch (const Error& error) {
      ThrowFilterError(error, identity, offset);
    }
    auto filter = std::make_unique<LogicalFilter>();
    filter->types = plan->types;
    filter->conditions.push_back(std::move(condition));
    filter->children.push_back(std::move(plan));
    plan = std::move(filter);
  }

  std::vector<bool> allowed(width, policy.all_columns);
  for (const auto& name : policy.columns) {
    for (size_t i = 0; i < width; ++i) allowed[i] = allowed[i] || Lower(columns[i].name) == Lower(name);
  }
  std::optional<std::string> key;
  BoundQuery query;
  auto projection = std::make_unique<LogicalProjection>();
  bool identity_projection = plan->types.size() == width;
  for (size_t i = 0; i < width; ++i) {
    if (!allowed[i]) {
      identity_projection = false;
      continue;
    }
    exec::ExpressionPtr expression = MakeColumnRef(i, columns[i].type, columns[i].name);
    bool pii = i < identity.pii.size() && identity.pii[i];
    if (pii && !policy.unmask) {
      if (!key) key = access.MaskingKey();
      expression = MaskColumn(std::move(expression), *key, offset);
      identity_projection = false;
    }
    query.names.push_back(columns[i].name);
    query.types.push_back(expression->type);
    projection->types.push_back(expression->type);
    projection->expressions.push_back(std::move(expression));
  }
  if (key) std::fill(key->begin(), key->end(), '\0');
  if (identity_projection) {
    query.plan = std::move(plan);
  } else {
    projection->children.push_back(std::move(plan));
    query.plan = std::move(projection);
  }
  FromResult result = FromBoundQuery(std::move(query), alias, ref.column_aliases, offset);
  for (size_t i = 0; i < width; ++i) {
    if (allowed[i]) continue;
    result.scope.Add(ScopeColumn{alias, columns[i].name, columns[i].type, 0, false,
                                 identity.database + "." + identity.table + "." + columns[i].name});
  }
  return result;
}

}  // namespace tarn::sql
