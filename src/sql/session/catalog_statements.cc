// Statements about tables rather than rows: SHOW DATABASES / TABLES, DESCRIBE, COMMENT ON,
// ALTER TABLE ... SET OWNER | STEWARD | ALTER COLUMN ... SET SENSITIVITY, USE and VACUUM. The
// business metadata lives in the lake's catalog; session tables have none.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "catalog/lake.h"
#include "common/error.h"
#include "sql/session/statement_context.h"
#include "sql/session/table_access.h"

namespace tarn::sql {

namespace {

using exec::Value;

// The lake table a metadata statement changes (needs ALTER on it); throws for session tables and
// views.
TargetTable FindLakeTarget(StatementContext& context, const QualifiedName& name,
                           const char* what) {
  TargetTable target = FindTarget(context, name, what);
  CheckTableAccess(context, target, Privilege::kAlter, name.query_offset);
  if (!target.in_lake) {
    throw Error(ErrorCode::kNotSupported,
                fmt::format("not supported: {} a session table (\"{}\" lives in memory; only lake "
                            "tables keep metadata)",
                            what, name.ToString()))
        .AtQueryOffset(name.query_offset);
  }
  return target;
}

// Runs 'call' (a catalog change) with errors pointing at 'offset'.
template <typename Call>
void AtOffset(int64_t offset, Call&& call) {
  try {
    call();
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    throw std::move(error).AtQueryOffset(offset);
  }
}

Value TextOrNull(const std::string& text) {
  return text.empty() ? Value::Null(TypeId::kVarchar) : Value::Varchar(text);
}

// Whether the session's principal may see 'database' ("main", the default, is always visible).
bool DatabaseVisible(const StatementContext& context, const std::string& database) {
  AccessControl* access = SessionAccess(context);
  return access == nullptr || database == "main" || access->CanSeeDatabase(database);
}

}  // namespace

QueryResult RunShow(StatementContext& context, const ShowStatement& show) {
  if (show.show_kind == ShowKind::kDatabases || show.show_kind == ShowKind::kSchemas) {
    std::set<std::string> names{"main"};
    if (context.lake != nullptr) {
      if (catalog::Lake* lake = context.lake->Open(false)) {
        for (auto& name : lake->catalog->ListDatabases()) names.insert(std::move(name));
      }
    }
    std::vector<std::vector<Value>> rows;
    for (const auto& name : names) {
      if (DatabaseVisible(context, name)) rows.push_back({Value::Varchar(name)});
    }
    return RowsResult({"database_name"}, {TypeId::kVarchar}, rows);
  }
  if (show.show_kind != ShowKind::kTables) {
    throw Error(ErrorCode::kNotSupported, "not supported: " + show.ToString())
        .AtQueryOffset(show.query_offset);
  }
  std::set<std::string> names;
  if (show.database.empty()) {
    for (const auto& entry : context.catalog.tables) names.insert(entry.first);
    for (const auto& entry : context.catalog.views) names.insert(entry.first);
  }
  std::string database = show.database;
  if (context.lake != nullptr) {
    if (database.empty()) database = context.lake->database();
    catalog::Lake* lake = context.lake->Open(false);
    std::vector<std::string> databases;
    if (lake != nullptr) databases = lake->catalog->ListDatabases();
    bool known = std::find(databases.begin(), databases.end(), database) != databases.end() &&
                 DatabaseVisible(context, database);
    if (!known && database != "main") {
      throw Error(ErrorCode::kNotFound, "database \"" + database + "\" does not exist")
          .AtQueryOffset(show.query_offset);
    }
    if (known) {
      AccessControl* access = SessionAccess(context);
      for (const auto& table : lake->catalog->ListTables(database)) {
        if (access == nullptr || access->CanSeeTable(database, table.name)) names.insert(table.name);
      }
    }
  } else if (!database.empty() && database != "main") {
    throw Error(ErrorCode::kNotFound, "database \"" + database + "\" does not exist")
        .AtQueryOffset(show.query_offset);
  }
  std::vector<std::vector<Value>> rows;
  for (const auto& name : names) rows.push_back({Value::Varchar(name)});
  return RowsResult({"name"}, {TypeId::kVarchar}, rows);
}

QueryResult RunDescribe(StatementContext& context, const DescribeStatement& describe) {
  std::vector<std::string> names = {"column_name", "column_type", "null",       "key",
                                    "default",     "sensitivity", "description"};
  std::vector<LogicalType> types(names.size(), LogicalType(TypeId::kVarchar));
  std::vector<std::vector<Value>> rows;
  if (describe.query != nullptr) {
    BoundQuery bound = context.MakeBinder()->BindQuery(*describe.query);
    for (size_t i = 0; i < bound.names.size(); ++i) {
      rows.push_back({Value::Varchar(bound.names[i]), Value::Varchar(bound.types[i].ToString()),
                      Value::Varchar("YES"), TextOrNull(""), TextOrNull(""), TextOrNull(""),
                      TextOrNull("")});
    }
    return RowsResult(names, types, rows);
  }
  // A session or lake table: its constraints and metadata. Anything else SELECT * can read (a
  // view, information_schema): just its columns.
  std::optional<TargetTable> target;
  try {
    target = FindTarget(context, describe.table, "describe");
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kBinderError && error.code() != ErrorCode::kNotSupported) throw;
  }
  if (!target) {
    QueryNode node;
    auto star = std::make_unique<ParsedExpression>();
    star->kind = ExpressionKind::kStar;
    star->query_offset = describe.table.query_offset;
    node.select_list.push_back(std::move(star));
    node.from = std::make_unique<TableRef>();
    node.from->kind = TableRefKind::kBaseTable;
    node.from->name = describe.table;
    node.from->query_offset = describe.table.query_offset;
    BoundQuery bound = context.MakeBinder()->BindQuery(node);
    for (size_t i = 0; i < bound.names.size(); ++i) {
      rows.push_back({Value::Varchar(bound.names[i]), Value::Varchar(bound.types[i].ToString()),
                      Value::Varchar("YES"), TextOrNull(""), TextOrNull(""), TextOrNull(""),
                      TextOrNull("")});
    }
    return RowsResult(names, types, rows);
  }
  const MaterializedTable& table = *target->table;
  const catalog::SchemaVersion* schema =
      target->in_lake ? &static_cast<const LakeTable&>(table).schema : nullptr;
  std::vector<bool> listed(table.columns.size(), true);
  if (SessionAccess(context) != nullptr && target->in_lake) {
    auto [database, table_name] = LakeTables::SplitKey(target->key);
    std::vector<std::string> column_names;
    for (const auto& column : table.columns) column_names.push_back(column.name);
    listed = ListedColumns(*SessionAccess(context), database, table_name, column_names);
  }
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (!listed[i]) continue;
    bool not_null = i < table.not_null.size() && table.not_null[i];
    std::string key;
    for (size_t k = 0; k < table.unique_keys.size() && key.empty(); ++k) {
      const auto& columns = table.unique_keys[k];
      if (std::find(columns.begin(), columns.end(), i) == columns.end()) continue;
      bool primary = k == 0;
      for (size_t column : columns) primary &= column < table.not_null.size() && table.not_null[column];
      key = primary ? "PRI" : "UNI";
    }
    std::string default_text;
    if (i < table.defaults.size() && !table.defaults[i].is_null()) {
      default_text = table.defaults[i].ToString();
    }
    std::string sensitivity, description;
    if (schema != nullptr && i < schema->columns.size()) {
      sensitivity = std::string(catalog::SensitivityName(schema->columns[i].sensitivity));
      description = schema->columns[i].description;
    }
    rows.push_back({Value::Varchar(table.columns[i].name),
                    Value::Varchar(table.columns[i].type.ToString()),
                    Value::Varchar(not_null ? "NO" : "YES"), TextOrNull(key),
                    TextOrNull(default_text), TextOrNull(sensitivity), TextOrNull(description)});
  }
  return RowsResult(names, types, rows);
}

QueryResult RunComment(StatementContext& context, const CommentStatement& comment) {
  if (comment.object_kind == ObjectKind::kView) {
    throw Error(ErrorCode::kNotSupported, "not supported: comments on views")
        .AtQueryOffset(comment.query_offset);
  }
  TargetTable target = FindLakeTarget(context, comment.name, "comment on");
  auto [database, table] = LakeTables::SplitKey(target.key);
  catalog::Catalog& catalog = *context.lake->Open(false)->catalog;
  std::string text = comment.is_null ? "" : comment.comment;
  AtOffset(comment.name.query_offset, [&] {
    if (comment.object_kind == ObjectKind::kColumn) {
      catalog.SetColumnDescription(database, table, comment.column, text);
    } else {
      catalog.SetTableProperty(database, table, "description", text);
    }
  });
  return StatusResult("COMMENT");
}

QueryResult RunAlterTable(StatementContext& context, const AlterTableStatement& alter) {
  const char* unsupported = nullptr;
  switch (alter.action) {
    case AlterTableAction::kSetOptions: unsupported = "ALTER TABLE SET (options)"; break;
    case AlterTableAction::kAddColumn: unsupported = "ALTER TABLE ADD COLUMN"; break;
    case AlterTableAction::kDropColumn: unsupported = "ALTER TABLE DROP COLUMN"; break;
    case AlterTableAction::kRenameTable: unsupported = "ALTER TABLE RENAME"; break;
    case AlterTableAction::kRenameColumn: unsupported = "ALTER TABLE RENAME COLUMN"; break;
    case AlterTableAction::kAlterColumnType: unsupported = "ALTER TABLE ALTER COLUMN TYPE"; break;
    case AlterTableAction::kSetProperty:
    case AlterTableAction::kSetSensitivity: break;
  }
  if (unsupported != nullptr) {
    throw Error(ErrorCode::kNotSupported, std::string("not supported: ") + unsupported)
        .AtQueryOffset(alter.query_offset);
  }
  std::optional<TargetTable> target;
  try {
    target = FindLakeTarget(context, alter.table, "alter");
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kBinderError && alter.if_exists) return StatusResult("ALTER TABLE");
    throw;
  }
  auto [database, table] = LakeTables::SplitKey(target->key);
  catalog::Catalog& catalog = *context.lake->Open(false)->catalog;
  if (alter.action == AlterTableAction::kSetProperty) {
    AtOffset(alter.table.query_offset,
             [&] { catalog.SetTableProperty(database, table, alter.property, alter.value); });
    return StatusResult("ALTER TABLE");
  }
  std::optional<catalog::Sensitivity> sensitivity = catalog::ParseSensitivity(alter.value);
  if (!sensitivity) {
    throw Error(ErrorCode::kInvalidArgument,
                "unknown sensitivity \"" + alter.value +
                    "\" (expected public, internal, confidential or pii)")
        .AtQueryOffset(alter.column.query_offset);
  }
  AtOffset(alter.column.query_offset,
           [&] { catalog.SetColumnSensitivity(database, table, alter.column.name, *sensitivity); });
  return StatusResult("ALTER TABLE");
}

QueryResult RunUse(StatementContext& context, const UseStatement& use) {
  if (context.lake == nullptr) {
    if (use.database != "main") {
      throw Error(ErrorCode::kNotFound,
                  "database \"" + use.database + "\" does not exist (this session has no lake)")
          .AtQueryOffset(use.query_offset);
    }
    return StatusResult("USE");
  }
  if (!DatabaseVisible(context, use.database)) {
    throw Error(ErrorCode::kNotFound, "database \"" + use.database + "\" does not exist")
        .AtQueryOffset(use.query_offset);
  }
  AtOffset(use.query_offset, [&] { context.lake->Use(use.database); });
  return StatusResult("USE");
}

QueryResult RunVacuum(StatementContext& context, const VacuumStatement& vacuum) {
  TargetTable target = FindLakeTarget(context, vacuum.table, "vacuum");
  auto [database, table] = LakeTables::SplitKey(target.key);
  std::chrono::microseconds retention = catalog::kDefaultSnapshotRetention;
  if (vacuum.retain_hours >= 0) retention = std::chrono::hours(vacuum.retain_hours);
  catalog::VacuumResult result;
  AtOffset(vacuum.table.query_offset, [&] {
    result = catalog::VacuumTable(*context.lake->Open(false), database, table, retention);
  });
  return RowsResult({"expired_snapshots", "deleted_files", "deleted_orphans"},
                    {TypeId::kBigint, TypeId::kBigint, TypeId::kBigint},
                    {{Value::Bigint(result.expired_snapshots), Value::Bigint(result.deleted_files),
                      Value::Bigint(result.deleted_orphans)}});
}

}  // namespace tarn::sql
