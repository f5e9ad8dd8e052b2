#include "catalog/sqlite/sqlite_catalog.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "catalog/retention.h"
#include "catalog/schema_evolution.h"
#include "catalog/sqlite/record_codec.h"
#include "catalog/sqlite/sqlite_schema.h"
#include "common/error.h"
#include "storage/lake_layout.h"

namespace tarn::catalog {
namespace {

using Mode = SqliteTransaction::Mode;

constexpr std::string_view kTableColumns =
    "id, database, name, kind, zone, format, location, partition_columns, owner, steward, "
    "description, created_micros, properties";

TableInfo ReadTable(const SqliteStatement& row) {
  TableInfo table;
  table.id = row.Int(0);
  table.database = row.Text(1);
  table.name = row.Text(2);
  table.kind = row.Int(3) == 1 ? TableKind::kExternal : TableKind::kManaged;
  table.zone = row.Text(4);
  table.format = row.Text(5);
  table.location = row.Text(6);
  table.partition_columns = DecodeStringList(row.Text(7));
  table.owner = row.Text(8);
  table.steward = row.Text(9);
  table.description = row.Text(10);
  table.created_unix_micros = row.Int(11);
  table.properties = DecodeStringMap(row.Text(12));
  return table;
}

void RequireName(const std::string& name, std::string_view what) {
  if (name.empty()) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{} name must not be empty", what));
  }
}

// Escapes LIKE wildcards so user text matches literally (ESCAPE '\').
std::string LikePattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace

int64_t NowUnixMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<Catalog> OpenSqliteCatalog(const std::string& data_dir,
                                           std::shared_ptr<const storage::ValueSealer> sealer) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  std::string path = data_dir + "/catalog.db";
  // Owner-only from the start: SQLite gives the -wal and -shm files the database file's mode.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(ErrorCode::kIoError, fmt::format("cannot open catalog: {}", std::strerror(errno)))
        .At({path, 0, 0, -1});
  }
  ::close(fd);
  return std::make_unique<SqliteCatalog>(path, std::move(sealer));
}

SqliteCatalog::SqliteCatalog(const std::string& path,
                             std::shared_ptr<const storage::ValueSealer> sealer)
    : database_(path, kCatalogBusyTimeoutMs), sealer_(std::move(sealer)) {
  MigrateCatalogSchema(database_);
}

// --- databases

void SqliteCatalog::CreateDatabase(const std::string& name, const std::string& description,
                                   bool if_not_exists) {
  RequireName(name, "database");
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  SqliteStatement insert(database_,
                         "INSERT INTO databases (name, description, created_micros) VALUES (?, ?, "
                         "?) ON CONFLICT (name) DO NOTHING");
  insert.Bind(1, LowerName(name)).Bind(2, description).Bind(3, NowUnixMicros()).Run();
  if (database_.changes() == 0 && !if_not_exists) {
    throw Error(ErrorCode::kConflict, fmt::format("database '{}' already exists", name));
  }
  transaction.Commit();
}

std::vector<std::string> SqliteCatalog::ListDatabases() {
  std::lock_guard lock(mutex_);
  SqliteStatement select(database_, "SELECT name FROM databases ORDER BY name");
  std::vector<std::string> names;
  while (select.Step()) names.push_back(select.Text(0));
  return names;
}

void SqliteCatalog::DropDatabase(const std::string& name, bool if_exists, bool cascade) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  std::string lower = LowerName(name);
  SqliteStatement count(database_,
                        "SELECT (SELECT count(*) FROM databases WHERE name = ?1), "
                        "(SELECT count(*) FROM tables WHERE database = ?1)");
  count.Bind(1, lower).Step();
  if (count.Int(0) == 0) {
    if (if_exists) return;
    throw Error(ErrorCode::kNotFound, fmt::format("database '{}' does not exist", name));
  }
  if (count.Int(1) > 0 && !cascade) {
    throw Error(ErrorCode::kConflict,
                fmt::format("database '{}' still has {} tables; drop them first or use CASCADE",
                            name, count.Int(1)));
  }
  SqliteStatement drop(database_, "DELETE FROM databases WHERE name = ?");
  drop.Bind(1, lower).Run();
  transaction.Commit();
}

// --- tables

TableInfo SqliteCatalog::CreateTable(TableInfo table, const std::vector<ColumnDef>& columns,
                                     bool if_not_exists) {
  RequireName(table.database, "database");
  RequireName(table.name, "table");
  if (columns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("table '{}.{}' needs at least one column", table.database,
                            table.name));
  }
  table.database = LowerName(table.database);
  table.name = LowerName(table.name);
  for (std::string& column : table.partition_columns) column = LowerName(column);
  if (table.kind == TableKind::kManaged && table.location.empty()) {
    table.location = storage::TablePrefix(storage::ParseZone(table.zone), table.database,
                                          table.name);
  }
  // Validate the columns (no duplicates, names lower case) with the evolution rules from nothing.
  std::vector<ColumnDef> checked = columns;
  for (ColumnDef& column : checked) column.nullable = true;
  checked = *EvolveSchema({}, checked);
  for (size_t i = 0; i < checked.size(); ++i) checked[i].nullable = columns[i].nullable;

  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  int64_t now = NowUnixMicros();
  SqliteStatement ensure(database_,
                         "INSERT INTO databases (name, created_micros) VALUES (?, ?) "
                         "ON CONFLICT (name) DO NOTHING");
  ensure.Bind(1, table.database).Bind(2, now).Run();
  SqliteStatement existing(database_,
                           fmt::format("SELECT {} FROM tables WHERE database = ? AND name = ?",
                                       kTableColumns));
  existing.Bind(1, table.database).Bind(2, table.name);
  if (existing.Step()) {
    if (if_not_exists) return ReadTable(existing);
    throw Error(ErrorCode::kConflict,
                fmt::format("table '{}.{}' already exists", table.database, table.name));
  }
  SqliteStatement insert(
      database_,
      "INSERT INTO tables (database, name, kind, zone, format, location, partition_columns, "
      "owner, steward, description, created_micros, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)");
  insert.Bind(1, table.database)
      .Bind(2, table.name)
      .Bind(3, static_cast<int64_t>(table.kind == TableKind::kExternal ? 1 : 0))
      .Bind(4, table.zone)
      .Bind(5, table.format)
      .Bind(6, table.location)
      .BindBlob(7, EncodeStringList(table.partition_columns))
      .Bind(8, table.owner)
      .Bind(9, table.steward)
      .Bind(10, table.description)
      .Bind(11, now)
      .BindBlob(12, EncodeStringMap(table.properties))
      .Run();
  table.id = database_.last_insert_rowid();
  table.created_unix_micros = now;
  InsertSchemaLocked(table.id, 1, checked, now);
  transaction.Commit();
  return table;
}

std::optional<TableInfo> SqliteCatalog::FindTable(const std::string& database,
                                                  const std::string& name) {
  std::lock_guard lock(mutex_);
  SqliteStatement select(database_,
                         fmt::format("SELECT {} FROM tables WHERE database = ? AND name = ?",
                                     kTableColumns));
  select.Bind(1, LowerName(database)).Bind(2, LowerName(name));
  if (!select.Step()) return std::nullopt;
  return ReadTable(select);
}

std::vector<TableInfo> SqliteCatalog::ListTables(const std::string& database) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  std::string lower = LowerName(database);
  SqliteStatement exists(database_, "SELECT 1 FROM databases WHERE name = ?");
  if (!exists.Bind(1, lower).Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("database '{}' does not exist", database));
  }
  SqliteStatement select(
      database_,
      fmt::format("SELECT {} FROM tables WHERE database = ? ORDER BY name", kTableColumns));
  select.Bind(1, lower);
  std::vector<TableInfo> tables;
  while (select.Step()) tables.push_back(ReadTable(select));
  return tables;
}

std::vector<std::string> SqliteCatalog::DropTable(const std::string& database,
                                                  const std::string& name, bool if_exists) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  SqliteStatement find(database_, "SELECT id FROM tables WHERE database = ? AND name = ?");
  if (!find.Bind(1, LowerName(database)).Bind(2, LowerName(name)).Step()) {
    if (if_exists) return {};
    throw Error(ErrorCode::kNotFound, fmt::format("table '{}.{}' does not exist", database, name));
  }
  int64_t table_id = find.Int(0);
  std::vector<std::string> keys;
  SqliteStatement files(database_,
                        "SELECT DISTINCT key FROM data_files WHERE table_id = ? ORDER BY key");
  files.Bind(1, table_id);
  while (files.Step()) keys.push_back(files.Text(0));
  SqliteStatement drop(database_, "DELETE FROM tables WHERE id = ?");
  drop.Bind(1, table_id).Run();
  transaction.Commit();
  return keys;
}

int64_t SqliteCatalog::TableIdLocked(const std::string& database, const std::string& table) {
  SqliteStatement find(database_, "SELECT id FROM tables WHERE database = ? AND name = ?");
  if (!find.Bind(1, LowerName(database)).Bind(2, LowerName(table)).Step()) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("table '{}.{}' does not exist", database, table));
  }
  return find.Int(0);
}

void SqliteCatalog::RequireTableLocked(int64_t table_id) {
  SqliteStatement find(database_, "SELECT 1 FROM tables WHERE id = ?");
  if (!find.Bind(1, table_id).Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("table with id {} does not exist", table_id));
  }
}

// --- business metadata

void SqliteCatalog::SetTableProperty(const std::string& database, const std::string& table,
                                     const std::string& key, const std::string& value) {
  std::string column = LowerName(key);
  if (column != "owner" && column != "steward" && column != "description" &&
      column != "retention") {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("unknown table property '{}'; expected owner, steward, description "
                            "or retention",
                            key));
  }
  if (column == "retention") ParseRetention(value);  // refuse a setting VACUUM cannot read
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  int64_t table_id = TableIdLocked(database, table);
  if (column == "retention") {
    SqliteStatement select(database_, "SELECT properties FROM tables WHERE id = ?");
    select.Bind(1, table_id).Step();
    std::map<std::string, std::string> properties = DecodeStringMap(select.Text(0));
    properties[std::string(kRetentionProperty)] = value;
    SqliteStatement update(database_, "UPDATE tables SET properties = ? WHERE id = ?");
    update.BindBlob(1, EncodeStringMap(properties)).Bind(2, table_id).Run();
  } else {
    SqliteStatement update(database_,
                           fmt::format("UPDATE tables SET {} = ? WHERE id = ?", column));
    update.Bind(1, value).Bind(2, table_id).Run();
  }
  transaction.Commit();
}

namespace {

// Checks that 'column' is in the table's current schema.
void RequireColumn(SqliteDatabase& database, int64_t table_id, const std::string& table_name,
                   const std::string& column) {
  SqliteStatement find(database,
                       "SELECT 1 FROM schema_columns WHERE table_id = ?1 AND name = ?2 AND "
                       "version = (SELECT max(version) FROM schema_versions WHERE table_id = ?1)");
  if (!find.Bind(1, table_id).Bind(2, column).Step()) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("column '{}' does not exist in table '{}'", column, table_name));
  }
}

}  // namespace

void SqliteCatalog::SetColumnDescription(const std::string& database, const std::string& table,
                                         const std::string& column,
                                         const std::string& description) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  int64_t table_id = TableIdLocked(database, table);
  std::string name = LowerName(column);
  RequireColumn(database_, table_id, database + "." + table, name);
  SqliteStatement upsert(database_,
                         "INSERT INTO column_metadata (table_id, name, description) VALUES (?, ?, "
                         "?) ON CONFLICT (table_id, name) DO UPDATE SET description = "
                         "excluded.description");
  upsert.Bind(1, table_id).Bind(2, name).Bind(3, description).Run();
  transaction.Commit();
}

void SqliteCatalog::SetColumnSensitivity(const std::string& database, const std::string& table,
                                         const std::string& column, Sensitivity sensitivity) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  int64_t table_id = TableIdLocked(database, table);
  std::string name = LowerName(column);
  RequireColumn(database_, table_id, database + "." + table, name);
  SqliteStatement upsert(database_,
                         "INSERT INTO column_metadata (table_id, name, sensitivity) VALUES (?, ?, "
                         "?) ON CONFLICT (table_id, name) DO UPDATE SET sensitivity = "
                         "excluded.sensitivity");
  upsert.Bind(1, table_id).Bind(2, name).Bind(3, static_cast<int64_t>(sensitivity)).Run();
  transaction.Commit();
}

std::vector<SearchHit> SqliteCatalog::Search(const std::string& text) {
  // One UNION over every searchable field; LIKE is case-insensitive for ASCII, and the lower()
  // on both sides extends that to what SQLite's lower() maps.
  static constexpr std::string_view kSearch = R"sql(
SELECT name, '', '', 'database name', name FROM databases
  WHERE lower(name) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT name, '', '', 'database description', description FROM databases
  WHERE lower(description) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT database, name, '', 'table name', name FROM tables
  WHERE lower(name) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT database, name, '', 'description', description FROM tables
  WHERE lower(description) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT database, name, '', 'owner', owner FROM tables WHERE lower(owner) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT database, name, '', 'steward', steward FROM tables
  WHERE lower(steward) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT t.database, t.name, c.name, 'column name', c.name
  FROM tables t JOIN schema_columns c ON c.table_id = t.id
  WHERE c.version = (SELECT max(version) FROM schema_versions v WHERE v.table_id = t.id)
    AND lower(c.name) LIKE lower(?1) ESCAPE '\'
UNION ALL
SELECT t.database, t.name, m.name, 'column description', m.description
  FROM tables t JOIN column_metadata m ON m.table_id = t.id
  WHERE lower(m.description) LIKE lower(?1) ESCAPE '\'
ORDER BY 1, 2, 3, 4
)sql";
  if (text.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "search text must not be empty");
  }
  std::lock_guard lock(mutex_);
  SqliteStatement search(database_, kSearch);
  search.Bind(1, LikePattern(text));
  std::vector<SearchHit> hits;
  while (search.Step()) {
    hits.push_back(SearchHit{search.Text(0), search.Text(1), search.Text(2), search.Text(3),
                             search.Text(4)});
  }
  return hits;
}

}  // namespace tarn::catalog
