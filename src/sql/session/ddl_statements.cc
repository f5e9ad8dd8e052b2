// CREATE TABLE [AS], CREATE VIEW and DROP: changes to the session's tables and views and to the
// lake's tables.
#include <fmt/format.h>

#include "common/error.h"
#include "sql/optimizer/optimizer.h"
#include "sql/session/statement_context.h"
#include "sql/session/table_access.h"

namespace tarn::sql {

namespace {

LogicalType ResolveColumnType(const TypeName& name) {
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

size_t FindColumn(const MaterializedTable& table, const std::string& name) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (EqualsIgnoreCase(table.columns[i].name, name)) return i;
  }
  return table.columns.size();
}

// The table of a column list: types, NOT NULL, DEFAULT constants, PRIMARY KEY and UNIQUE.
std::shared_ptr<MaterializedTable> TableFromColumns(StatementContext& context,
                                                    const CreateTableStatement& create) {
  auto table = std::make_shared<MaterializedTable>();
  std::vector<size_t> primary_key;
  for (const auto& column : create.columns) {
    if (FindColumn(*table, column.name) < table->columns.size()) {
      throw Error(ErrorCode::kBinderError,
                  "column \"" + column.name + "\" specified more than once")
          .AtQueryOffset(column.query_offset);
    }
    size_t index = table->columns.size();
    LogicalType type = ResolveColumnType(column.type);
    table->columns.push_back({column.name, type});
    table->not_null.push_back(column.not_null || column.primary_key);
    exec::Value value = exec::Value::Null(type);
    if (column.default_value != nullptr) {
      auto binder = context.MakeBinder();
      auto bound = Binder::AddCast(binder->BindStandalone(*column.default_value), type);
      value = EvaluateConstant(*bound);
      if (value.is_null()) value = exec::Value::Null(type);
    }
    table->defaults.push_back(std::move(value));
    if (column.primary_key) primary_key.push_back(index);
    if (column.unique && !column.primary_key) table->unique_keys.push_back({index});
  }
  for (const auto& name : create.primary_key) {
    size_t index = FindColumn(*table, name);
    if (index == table->columns.size()) {
      throw Error(ErrorCode::kBinderError,
                  "column \"" + name + "\" named in key does not exist")
          .AtQueryOffset(create.name.query_offset);
    }
    table->not_null[index] = true;
    primary_key.push_back(index);
  }
  if (!primary_key.empty()) table->unique_keys.insert(table->unique_keys.begin(), primary_key);
  return table;
}

}  // namespace

QueryResult RunCreateTable(StatementContext& context, const CreateTableStatement& create) {
  const std::string& name = create.name.name;
  TargetTable target = CreateTarget(context, create.name, create.temporary);
  AccessControl* access = target.in_lake ? SessionAccess(context) : nullptr;
  if (access != nullptr) {
    // First, so a principal without CREATE learns nothing about the database's tables.
    auto [database, table_name] = LakeTables::SplitKey(target.key);
    try {
      access->CheckDatabase(Privilege::kCreate, database);
    } catch (Error& error) {
      if (!error.location().empty()) throw;
      throw std::move(error).AtQueryOffset(create.name.query_offset);
    }
  }
  bool is_table = false;
  try {
    is_table = target.store->Find(target.key) != nullptr;
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    throw std::move(error).AtQueryOffset(create.name.query_offset);
  }
  if (is_table && access != nullptr) {
    // A name taken by a table the principal may not see: "already exists" would confirm the
    // table. The refusal (also for IF NOT EXISTS and OR REPLACE) is the one a table the principal
    // may see but not replace gets, and says nothing of what the table is.
    auto [database, table_name] = LakeTables::SplitKey(target.key);
    if (!access->CanSeeTable(database, table_name)) {
      throw Error(ErrorCode::kPermissionDenied,
                  "permission denied: CREATE TABLE " + database + "." + table_name)
          .AtQueryOffset(create.name.query_offset);
    }
  }
  bool is_view = create.name.schema.empty() && create.name.catalog.empty() &&
                 context.catalog.views.count(name) > 0;
  bool exists = is_table || is_view;
  if (exists && create.if_not_exists) return StatusResult("CREATE TABLE");
  if (exists && !(create.or_replace && is_table)) {
    throw Error(ErrorCode::kConflict, "relation \"" + create.name.ToString() + "\" already exists")
        .AtQueryOffset(create.name.query_offset);
  }
  // OR REPLACE drops the old lake table: that needs DROP on it (checked before any work).
  if (exists && target.in_lake) {
    CheckTableAccess(context, target, Privilege::kDrop, create.name.query_offset);
  }
  std::shared_ptr<MaterializedTable> table;
  if (create.as_query != nullptr) {
    BoundQuery bound = context.MakeBinder()->BindQuery(*create.as_query);
    table = std::make_shared<MaterializedTable>();
    for (size_t i = 0; i < bound.names.size(); ++i) {
      LogicalType type = bound.types[i].id() == TypeId::kNull ? LogicalType(TypeId::kInteger)
                                                              : bound.types[i];
      table->columns.push_back({bound.names[i], type});
    }
    table->chunks = context.Run(std::move(bound.plan));
  } else {
    table = TableFromColumns(context, create);
  }
  // OR REPLACE in the lake: the old table is dropped first (two catalog changes, not one).
  if (exists && target.in_lake) target.store->Drop(target.key);
  try {
    target.store->Create(target.key, std::move(table));
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    throw std::move(error).AtQueryOffset(create.name.query_offset);
  }
  if (access != nullptr) {
    auto [database, table_name] = LakeTables::SplitKey(target.key);
    access->OnTableCreated(database, table_name);
  }
  return StatusResult("CREATE TABLE");
}

QueryResult RunCreateView(StatementContext& context, const CreateViewStatement& create) {
  const std::string& name = create.name.name;
  bool is_view = context.catalog.views.count(name) > 0;
  if (!create.name.catalog.empty() ||
      (!create.name.schema.empty() && (context.lake != nullptr || create.name.schema != "main"))) {
    throw Error(ErrorCode::kNotSupported,
                "not supported: views in a database (views live in the session; name it without "
                "a database)")
        .AtQueryOffset(create.name.query_offset);
  }
  bool exists = is_view || TableExists(context, create.name);
  if (exists && create.if_not_exists) return StatusResult("CREATE VIEW");
  if (exists && !(create.or_replace && is_view)) {
    throw Error(ErrorCode::kConflict, "relation \"" + name + "\" already exists")
        .AtQueryOffset(create.name.query_offset);
  }
  BoundQuery bound = context.MakeBinder()->BindQuery(*create.query);  // reject broken views now
  if (create.column_names.size() > bound.names.size()) {
    throw Error(ErrorCode::kBinderError, "CREATE VIEW specifies more column names than columns")
        .AtQueryOffset(create.name.query_offset);
  }
  auto view = std::make_shared<ViewEntry>();
  view->column_names = create.column_names;
  view->query = create.query->Copy();
  view->query_text = create.query_text;
  context.catalog.views[name] = std::move(view);
  return StatusResult("CREATE VIEW");
}

QueryResult RunDrop(StatementContext& context, const DropStatement& drop) {
  if (drop.object_kind != ObjectKind::kTable && drop.object_kind != ObjectKind::kView) {
    throw Error(ErrorCode::kNotSupported, "not supported: DROP of this object")
        .AtQueryOffset(drop.query_offset);
  }
  bool is_table = drop.object_kind == ObjectKind::kTable;
  const char* kind = is_table ? "table" : "view";
  // Check every name first: a failing DROP a, b drops nothing.
  std::vector<TargetTable> tables;
  std::vector<std::string> views;
  for (const auto& qualified : drop.names) {
    const std::string& name = qualified.name;
    bool session_name = qualified.schema.empty() && qualified.catalog.empty();
    bool is_view = session_name && context.catalog.views.count(name) > 0;
    if (is_table && !is_view) {
      std::optional<TargetTable> found;
      try {
        found = FindTarget(context, qualified, "drop");
      } catch (const Error& error) {
        if (error.code() != ErrorCode::kBinderError) throw;  // "relation does not exist"
      }
      if (found) {
        CheckTableAccess(context, *found, Privilege::kDrop, qualified.query_offset);
        tables.push_back(std::move(*found));
        continue;
      }
    }
    if (!is_table && is_view) {
      views.push_back(name);
      continue;
    }
    bool other = is_table ? is_view : session_name && TableExists(context, qualified);
    if (!other && drop.if_exists) continue;
    std::string message = other ? fmt::format("\"{}\" is not a {}", name, kind)
                                : fmt::format("{} \"{}\" does not exist", kind,
                                              qualified.ToString());
    throw Error(ErrorCode::kBinderError, message).AtQueryOffset(qualified.query_offset);
  }
  for (const auto& target : tables) {
    target.store->Drop(target.key);
    // The dropped table's grants and row filters go with it.
    if (target.in_lake && SessionAccess(context) != nullptr) {
      auto [database, table_name] = LakeTables::SplitKey(target.key);
      SessionAccess(context)->OnTableDropped(database, table_name);
    }
  }
  for (const auto& name : views) context.catalog.views.erase(name);
  return StatusResult(is_table ? "DROP TABLE" : "DROP VIEW");
}

}  // namespace tarn::sql
