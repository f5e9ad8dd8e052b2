// The catalog as tables: information_schema.schemata / .tables / .columns and the table function
// tarn_snapshots('db.t') (a table's snapshot history, the versions FOR VERSION AS OF reads).
#include <fmt/format.h>

#include <cctype>
#include <set>

#include "common/error.h"
#include "sql/session/lake_tables.h"
#include "sql/session/statement_context.h"
#include "sql/session/table_access.h"

namespace tarn::sql {

namespace {

using exec::Value;

// Catalog name shown in information_schema (there is one catalog per data directory).
constexpr const char* kCatalogName = "tarn";

std::shared_ptr<const MaterializedTable> RowsTable(
    const std::vector<std::pair<std::string, LogicalType>>& columns,
    const std::vector<std::vector<Value>>& rows) {
  auto table = std::make_shared<MaterializedTable>();
  std::vector<LogicalType> types;
  for (const auto& [name, type] : columns) {
    table->columns.push_back({name, type});
    types.push_back(type);
  }
  table->chunks = ChunksOf(types, rows);
  return table;
}

Value Text(const std::string& text) { return Value::Varchar(text); }
Value TextOrNull(const std::string& text) {
  return text.empty() ? Value::Null(TypeId::kVarchar) : Value::Varchar(text);
}

}  // namespace

std::shared_ptr<const MaterializedTable> LakeTables::InformationSchema(const std::string& name) {
  const LogicalType varchar(TypeId::kVarchar);
  catalog::Lake* lake = Open(false);
  std::vector<std::string> databases;
  if (lake != nullptr) databases = lake->catalog->ListDatabases();
  // Under an AccessControl only what the principal can see is listed (nothing about the rest
  // leaks, not even its name); "main", the default database, is always listed.
  AccessControl* control = access();
  if (control != nullptr) {
    std::erase_if(databases, [&](const std::string& database) {
      return database != "main" && !control->CanSeeDatabase(database);
    });
  }
  auto visible = [&](const std::string& database, const std::string& table) {
    return control == nullptr || control->CanSeeTable(database, table);
  };
  std::vector<std::vector<Value>> rows;
  if (name == "schemata") {
    std::set<std::string> names(databases.begin(), databases.end());
    names.insert("main");
    if (session_ != nullptr && (!session_->tables.empty() || !session_->views.empty())) {
      names.insert("temp");
    }
    for (const auto& database : names) rows.push_back({Text(kCatalogName), Text(database)});
    return RowsTable({{"catalog_name", varchar}, {"schema_name", varchar}}, rows);
  }
  if (name == "tables") {
    for (const auto& database : databases) {
      for (const auto& table : lake->catalog->ListTables(database)) {
        if (!visible(database, table.name)) continue;
        rows.push_back({Text(kCatalogName), Text(database), Text(table.name), Text("BASE TABLE"),
                        TextOrNull(table.description), TextOrNull(table.owner),
                        TextOrNull(table.steward)});
      }
    }
    if (session_ != nullptr) {
      for (const auto& [table, entry] : session_->tables) {
        rows.push_back({Text(kCatalogName), Text("temp"), Text(table), Text("LOCAL TEMPORARY"),
                        TextOrNull(""), TextOrNull(""), TextOrNull("")});
      }
      for (const auto& [view, entry] : session_->views) {
        rows.push_back({Text(kCatalogName), Text("temp"), Text(view), Text("VIEW"),
                        TextOrNull(""), TextOrNull(""), TextOrNull("")});
      }
    }
    return RowsTable({{"table_catalog", varchar},
                      {"table_schema", varchar},
                      {"table_name", varchar},
                      {"table_type", varchar},
                      {"table_comment", varchar},
                      {"owner", varchar},
                      {"steward", varchar}},
                     rows);
  }
  if (name == "columns") {
    auto add = [&](const std::string& database, const std::string& table, size_t position,
                   const std::string& column, const LogicalType& type, bool nullable,
                   const std::string& description, const std::string& sensitivity) {
      rows.push_back({Text(kCatalogName), Text(database), Text(table), Text(column),
                      Value::Integer(static_cast<int32_t>(position)), Text(type.ToString()),
                      Text(nullable ? "YES" : "NO"), TextOrNull(description),
                      TextOrNull(sensitivity)});
    };
    for (const auto& database : databases) {
      for (const auto& table : lake->catalog->ListTables(database)) {
        if (!visible(database, table.name)) continue;
        catalog::SchemaVersion schema = lake->catalog->CurrentSchema(table.id);
        std::vector<bool> listed(schema.columns.size(), true);
        if (control != nullptr) {
          std::vector<std::string> names;
          for (const auto& column : schema.columns) names.push_back(column.name);
          listed = ListedColumns(*control, database, table.name, names);
        }
        for (size_t i = 0; i < schema.columns.size(); ++i) {
          if (!listed[i]) continue;  // ordinal_position stays the column's position in the table
          const auto& column = schema.columns[i];
          add(database, table.name, i + 1, column.name, column.type, column.nullable,
              column.description, std::string(catalog::SensitivityName(column.sensitivity)));
        }
      }
    }
    if (session_ != nullptr) {
      for (const auto& [table, entry] : session_->tables) {
        for (size_t i = 0; i < entry->columns.size(); ++i) {
          bool not_null = i < entry->not_null.size() && entry->not_null[i];
          add("temp", table, i + 1, entry->columns[i].name, entry->columns[i].type, !not_null, "",
              "");
        }
      }
    }
    return RowsTable({{"table_catalog", varchar},
                      {"table_schema", varchar},
                      {"table_name", varchar},
                      {"column_name", varchar},
                      {"ordinal_position", LogicalType(TypeId::kInteger)},
                      {"data_type", varchar},
                      {"is_nullable", varchar},
                      {"column_comment", varchar},
                      {"sensitivity", varchar}},
                     rows);
  }
  return nullptr;
}

std::shared_ptr<const MaterializedTable> LakeTables::CallTableFunction(
    const std::string& name, const std::vector<exec::Value>& arguments) {
  if (name == "tarn_snapshots") return Snapshots(arguments);
  return nullptr;
}

std::shared_ptr<const MaterializedTable> LakeTables::Snapshots(
    const std::vector<exec::Value>& arguments) {
  if (arguments.size() != 1 || arguments[0].is_null() ||
      arguments[0].type().id() != TypeId::kVarchar) {
    throw Error(ErrorCode::kInvalidArgument,
                "tarn_snapshots takes one argument: the table name as a string ('db.t' or 't')");
  }
  const std::string& text = arguments[0].string();
  QualifiedName name;
  size_t dot = text.find('.');
  if (dot == std::string::npos) {
    name.name = text;
  } else {
    name.schema = text.substr(0, dot);
    name.name = text.substr(dot + 1);
  }
  for (std::string* part : {&name.schema, &name.name}) {
    for (char& c : *part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  catalog::Lake* lake = Open(false);
  std::optional<catalog::TableInfo> info;
  std::string database = name.schema.empty() ? database_ : name.schema;
  if (lake != nullptr && !name.name.empty()) info = lake->catalog->FindTable(database, name.name);
  if (info && access() != nullptr && !access()->CanSeeTable(database, name.name)) info.reset();
  if (!info) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("table \"{}.{}\" does not exist", database, name.name));
  }
  // Row and file counts are totals: shown only to who may read every row (SELECT, no row filter).
  bool counts = true;
  if (access() != nullptr && !access()->IsAdministrator()) {
    try {
      counts = !access()->SelectPolicy(database, name.name).row_filter.has_value();
    } catch (const Error& error) {
      if (error.code() != ErrorCode::kPermissionDenied) throw;
      counts = false;
    }
  }
  std::vector<std::vector<Value>> rows;
  for (const auto& snapshot : lake->catalog->SnapshotHistory(info->id)) {
    rows.push_back({Value::Bigint(snapshot.id),
                    snapshot.parent_id == 0 ? Value::Null(TypeId::kBigint)
                                            : Value::Bigint(snapshot.parent_id),
                    Value::Timestamp(snapshot.committed_unix_micros), Text(snapshot.operation),
                    counts ? Value::Bigint(snapshot.row_count) : Value::Null(TypeId::kBigint),
                    counts ? Value::Bigint(snapshot.file_count) : Value::Null(TypeId::kBigint),
                    Value::Bigint(snapshot.schema_version)});
  }
  const LogicalType bigint(TypeId::kBigint);
  return RowsTable({{"snapshot_id", bigint},
                    {"parent_id", bigint},
                    {"committed_at", LogicalType(TypeId::kTimestamp)},
                    {"operation", LogicalType(TypeId::kVarchar)},
                    {"row_count", bigint},
                    {"file_count", bigint},
                    {"schema_version", bigint}},
                   rows);
}

}  // namespace tarn::sql
