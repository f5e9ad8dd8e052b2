// Binding of INSERT INTO t [(columns)] VALUES ... | SELECT ... | DEFAULT VALUES: the new rows in the
// table's column layout, each value converted to its column's type.
#include <fmt/format.h>

#include "common/error.h"
#include "sql/binder/binder.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

exec::Value DefaultOf(const MaterializedTable& table, size_t column) {
  if (column < table.defaults.size() && !table.defaults[column].is_null()) {
    return table.defaults[column];
  }
  return exec::Value::Null(table.columns[column].type);
}

}  // namespace

LogicalOperatorPtr Binder::BindInsert(const InsertStatement& statement,
                                      std::shared_ptr<const MaterializedTable> table,
                                      const std::string& name) {
  size_t width = table->columns.size();
  // targets[i]: the table column that source column i goes to.
  std::vector<size_t> targets;
  if (statement.columns.empty()) {
    for (size_t i = 0; i < width; ++i) targets.push_back(i);
  } else {
    std::vector<bool> seen(width, false);
    for (const auto& column : statement.columns) {
      size_t index = width;
      for (size_t i = 0; i < width; ++i) {
        if (EqualsIgnoreCase(table->columns[i].name, column)) index = i;
      }
      if (index == width) {
        throw Error(ErrorCode::kBinderError,
                    "column \"" + column + "\" of relation \"" + name + "\" does not exist")
            .AtQueryOffset(statement.table.query_offset);
      }
      if (seen[index]) {
        throw Error(ErrorCode::kBinderError, "column \"" + column + "\" specified more than once")
            .AtQueryOffset(statement.table.query_offset);
      }
      seen[index] = true;
      targets.push_back(index);
    }
  }
  // source[j]: the source column feeding table column j, or -1 for its default.
  std::vector<int64_t> source(width, -1);
  for (size_t i = 0; i < targets.size(); ++i) source[targets[i]] = static_cast<int64_t>(i);
  std::vector<LogicalType> types;
  for (const auto& column : table->columns) types.push_back(column.type);

  auto check_width = [&](size_t expressions, int64_t offset) {
    if (expressions > targets.size()) {
      throw Error(ErrorCode::kBinderError, "INSERT has more expressions than target columns")
          .AtQueryOffset(offset);
    }
    if (expressions < targets.size()) {
      throw Error(ErrorCode::kBinderError, "INSERT has more target columns than expressions")
          .AtQueryOffset(offset);
    }
  };

  if (statement.query == nullptr || statement.query->kind == QueryNodeKind::kValues) {
    // Constant rows, each value bound for its column's type (so '2024-01-31' fills a DATE column
    // and an untyped parameter converts from its text).
    auto values = std::make_unique<LogicalValues>();
    values->types = types;
    BindScope empty;
    ExpressionContext context;
    context.scope = &empty;
    context.clause = "VALUES";
    auto add_row = [&](const std::vector<ParsedExpressionPtr>* row) {
      std::vector<exec::Value> out(width);
      for (size_t j = 0; j < width; ++j) {
        const ParsedExpression* expression =
            row != nullptr && source[j] >= 0 ? (*row)[static_cast<size_t>(source[j])].get() : nullptr;
        if (expression == nullptr || expression->kind == ExpressionKind::kDefault) {
          out[j] = DefaultOf(*table, j);
          continue;
        }
        exec::Value value = EvaluateConstant(*BindForType(*expression, context, types[j], true));
        out[j] = value.is_null() ? exec::Value::Null(types[j]) : std::move(value);
      }
      values->rows.push_back(std::move(out));
    };
    if (statement.query == nullptr) {
      add_row(nullptr);  // DEFAULT VALUES
    } else {
      if (!statement.query->ctes.empty() || !statement.query->order_by.empty() ||
          statement.query->limit != nullptr || statement.query->offset != nullptr) {
        throw Error(ErrorCode::kNotSupported, "not supported: WITH, ORDER BY or LIMIT on VALUES")
            .AtQueryOffset(statement.query->query_offset);
      }
      for (const auto& row : statement.query->values) {
        check_width(row.size(), row.empty() ? statement.query->query_offset : row[0]->query_offset);
        add_row(&row);
      }
    }
    return values;
  }

  BoundQuery query = BindQuery(*statement.query);
  check_width(query.types.size(), statement.query->query_offset);
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t j = 0; j < width; ++j) {
    if (source[j] < 0) {
      auto constant = std::make_unique<exec::BoundExpression>();
      constant->kind = exec::ExpressionKind::kConstant;
      constant->type = types[j];
      constant->constant = DefaultOf(*table, j);
      projection->expressions.push_back(std::move(constant));
    } else {
      size_t column = static_cast<size_t>(source[j]);
      projection->expressions.push_back(
          AddCast(MakeColumnRef(column, query.types[column]), types[j]));
    }
    projection->types.push_back(types[j]);
  }
  projection->children.push_back(std::move(query.plan));
  return projection;
}

}  // namespace tarn::sql
