// Binding of UPDATE t SET c = expr, ... [WHERE ...]: every row of the table, the SET values where
// WHERE holds (all expressions see the old row), plus a last column marking the updated rows.
#include "common/error.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

LogicalOperatorPtr Binder::BindUpdate(const UpdateStatement& statement,
                                      std::shared_ptr<const MaterializedTable> table,
                                      const std::string& name) {
  if (statement.from != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: UPDATE ... FROM")
        .AtQueryOffset(statement.from->query_offset);
  }
  std::vector<LogicalType> types;
  for (const auto& column : table->columns) types.push_back(column.type);
  size_t width = types.size();
  std::vector<const UpdateSetItem*> assignments(width, nullptr);
  for (const auto& item : statement.set_items) {
    size_t index = width;
    for (size_t i = 0; i < width; ++i) {
      if (EqualsIgnoreCase(table->columns[i].name, item.column)) index = i;
    }
    if (index == width) {
      throw Error(ErrorCode::kBinderError,
                  "column \"" + item.column + "\" of relation \"" + name + "\" does not exist")
          .AtQueryOffset(item.query_offset);
    }
    if (assignments[index] != nullptr) {
      throw Error(ErrorCode::kBinderError,
                  "multiple assignments to same column \"" + item.column + "\"")
          .AtQueryOffset(item.query_offset);
    }
    assignments[index] = &item;
  }

  std::vector<exec::Value> defaults = table->defaults;
  FromResult from = ScanTable(std::move(table), statement.alias.empty() ? name : statement.alias);
  // First projection: the old row and whether WHERE holds; the second computes the new row.
  auto matched = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < width; ++i) {
    matched->expressions.push_back(MakeColumnRef(i, types[i]));
    matched->types.push_back(types[i]);
  }
  matched->expressions.push_back(BindWhereIsTrue(statement.where.get(), from.scope, from.plan));
  matched->types.push_back(TypeId::kBoolean);
  bool everything = statement.where == nullptr;
  matched->children.push_back(std::move(from.plan));
  LogicalOperatorPtr input = std::move(matched);

  auto updated = std::make_unique<LogicalProjection>();
  current_scope_ = &from.scope;
  for (size_t i = 0; i < width; ++i) {
    if (assignments[i] == nullptr) {
      updated->expressions.push_back(MakeColumnRef(i, types[i]));
    } else {
      ExpressionContext context;
      context.scope = &from.scope;  // same positions as the first projection's columns
      context.clause = "UPDATE";
      context.subquery_joins = true;
      const ParsedExpression& value = *assignments[i]->value;
      exec::ExpressionPtr bound;
      if (value.kind == ExpressionKind::kDefault) {
        bound = std::make_unique<exec::BoundExpression>();
        bound->kind = exec::ExpressionKind::kConstant;
        bound->type = types[i];
        bound->query_offset = value.query_offset;
        bound->constant = i < defaults.size() && !defaults[i].is_null() ? defaults[i]
                                                                        : exec::Value::Null(types[i]);
      } else {
        bound = BindForType(value, context, types[i], true);
      }
      if (everything) {
        updated->expressions.push_back(std::move(bound));
      } else {
        auto choice = std::make_unique<exec::BoundExpression>();
        choice->kind = exec::ExpressionKind::kCase;
        choice->type = types[i];
        choice->query_offset = value.query_offset;
        choice->children.push_back(MakeColumnRef(width, TypeId::kBoolean));
        choice->children.push_back(std::move(bound));
        choice->children.push_back(MakeColumnRef(i, types[i]));
        updated->expressions.push_back(std::move(choice));
      }
    }
    updated->types.push_back(types[i]);
  }
  current_scope_ = nullptr;
  // Correlated subqueries in SET values join onto the first projection (columns appended).
  std::vector<exec::ExpressionPtr*> slots;
  for (auto& expression : updated->expressions) slots.push_back(&expression);
  input = ApplySubqueries(std::move(input), slots);
  updated->expressions.push_back(MakeColumnRef(width, TypeId::kBoolean));
  updated->types.push_back(TypeId::kBoolean);
  updated->children.push_back(std::move(input));
  return updated;
}

}  // namespace tarn::sql
