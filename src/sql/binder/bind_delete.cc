// Binding of DELETE FROM t [WHERE ...]: a plan of the rows that stay. Also the scan of a session
// table and the WHERE test that DELETE and UPDATE share.
#include "common/error.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

namespace {

exec::ExpressionPtr MakeNode(exec::ExpressionKind kind, int64_t offset) {
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = kind;
  node->type = TypeId::kBoolean;
  node->query_offset = offset;
  return node;
}

}  // namespace

Binder::FromResult Binder::ScanTable(std::shared_ptr<const MaterializedTable> table,
                                     const std::string& alias) {
  auto get = std::make_unique<LogicalGet>();
  FromResult result;
  for (size_t i = 0; i < table->columns.size(); ++i) {
    get->column_ids.push_back(i);
    get->column_names.push_back(table->columns[i].name);
    get->types.push_back(table->columns[i].type);
    result.scope.Add({alias, table->columns[i].name, table->columns[i].type, i, false});
  }
  if (table->open_scan) {
    get->source = table->open_scan();  // a lake table: a fresh scan of its data files
    get->reopen = [table] { return table->open_scan(); };
  } else {
    get->table = std::move(table);
  }
  result.plan = std::move(get);
  return result;
}

exec::ExpressionPtr Binder::BindWhereIsTrue(const ParsedExpression* where, const BindScope& scope,
                                            LogicalOperatorPtr& plan) {
  if (where == nullptr) {
    auto always = MakeNode(exec::ExpressionKind::kConstant, -1);
    always->constant = exec::Value::Boolean(true);
    return always;
  }
  current_scope_ = &scope;
  ExpressionContext context;
  context.scope = &scope;
  context.clause = "WHERE";
  context.subquery_joins = true;
  auto condition = Bind(*where, context);
  plan = ApplySubqueries(std::move(plan), {&condition});
  current_scope_ = nullptr;
  if (condition->type.id() != TypeId::kBoolean && condition->type.id() != TypeId::kNull) {
    throw Error(ErrorCode::kTypeMismatch,
                "argument of WHERE must be type BOOLEAN, not type " + condition->type.ToString())
        .AtQueryOffset(where->query_offset);
  }
  condition = AddCast(std::move(condition), TypeId::kBoolean);
  // (w IS NOT NULL) AND w: never NULL.
  auto not_null = MakeNode(exec::ExpressionKind::kIsNotNull, where->query_offset);
  not_null->children.push_back(condition->Copy());
  auto is_true = MakeNode(exec::ExpressionKind::kAnd, where->query_offset);
  is_true->children.push_back(std::move(not_null));
  is_true->children.push_back(std::move(condition));
  return is_true;
}

LogicalOperatorPtr Binder::BindDelete(const DeleteStatement& statement,
                                      std::shared_ptr<const MaterializedTable> table,
                                      const std::string& name) {
  std::vector<LogicalType> types;
  for (const auto& column : table->columns) types.push_back(column.type);
  FromResult from = ScanTable(std::move(table), statement.alias.empty() ? name : statement.alias);
  auto matched = BindWhereIsTrue(statement.where.get(), from.scope, from.plan);
  auto keep = MakeNode(exec::ExpressionKind::kNot, matched->query_offset);
  keep->children.push_back(std::move(matched));
  auto filter = std::make_unique<LogicalFilter>();
  filter->types = from.plan->types;
  filter->conditions.push_back(std::move(keep));
  filter->children.push_back(std::move(from.plan));
  if (filter->types.size() == types.size()) return filter;
  // Correlated subqueries appended columns: keep the table's.
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < types.size(); ++i) projection->expressions.push_back(MakeColumnRef(i, types[i]));
  projection->types = types;
  projection->children.push_back(std::move(filter));
  return projection;
}

}  // namespace tarn::sql
