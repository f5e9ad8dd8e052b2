#include "catalog/sqlite/sqlite_schema.h"

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::catalog {
namespace {

// Migration 1: the model of catalog.h. A data file row is live in snapshots
// [added_snapshot, removed_snapshot) (removed_snapshot NULL = still live), so a commit writes only
// the files it adds and marks the ones it removes, instead of copying the whole file list.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE databases (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  created_micros INTEGER NOT NULL
);
CREATE TABLE tables (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  database TEXT NOT NULL REFERENCES databases(name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  zone TEXT NOT NULL,
  format TEXT NOT NULL,
  location TEXT NOT NULL,
  partition_columns BLOB NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  steward TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_micros INTEGER NOT NULL,
  properties BLOB NOT NULL,
  current_snapshot INTEGER NOT NULL DEFAULT 0,
  first_commit_micros INTEGER,
  UNIQUE (database, name)
);
CREATE TABLE schema_versions (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (table_id, version)
);
CREATE TABLE schema_columns (
  table_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  nullable INTEGER NOT NULL,
  PRIMARY KEY (table_id, version, position),
  FOREIGN KEY (table_id, version) REFERENCES schema_versions(table_id, version) ON DELETE CASCADE
);
CREATE TABLE column_metadata (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  sensitivity INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (table_id, name)
);
CREATE TABLE snapshots (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  parent_id INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  committed_micros INTEGER NOT NULL,
  operation TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  file_count INTEGER NOT NULL,
  summary BLOB NOT NULL,
  PRIMARY KEY (table_id, id)
);
CREATE TABLE data_files (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  added_snapshot INTEGER NOT NULL,
  removed_snapshot INTEGER,
  partition BLOB NOT NULL,
  row_count INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  stats BLOB NOT NULL,
  PRIMARY KEY (table_id, key, added_snapshot)
);
CREATE INDEX data_files_by_removed ON data_files (table_id, removed_snapshot);
CREATE TABLE ingested (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  checksum TEXT NOT NULL,
  snapshot INTEGER NOT NULL,
  PRIMARY KEY (table_id, checksum)
);
CREATE TABLE watermarks (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (table_id, source)
);
)sql";

constexpr std::string_view kMigrations[] = {kMigration1};

}  // namespace

void MigrateCatalogSchema(SqliteDatabase& database) {
  SqliteTransaction transaction(database, SqliteTransaction::Mode::kWrite);
  database.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  int64_t version = 0;
  {
    SqliteStatement select(database, "SELECT max(version) FROM schema_version");
    if (select.Step() && !select.IsNull(0)) version = select.Int(0);
  }
  if (version > kCatalogSchemaVersion) {
    throw Error(ErrorCode::kNotSupported,
                fmt::format("catalog schema version {} is newer than this tarn supports ({}); "
                            "upgrade tarn",
                            version, kCatalogSchemaVersion))
        .At({database.path(), 0, 0, -1});
  }
  for (int64_t next = version + 1; next <= kCatalogSchemaVersion; ++next) {
    database.Execute(kMigrations[next - 1]);
    SqliteStatement record(database, "INSERT INTO schema_version (version) VALUES (?)");
    record.Bind(1, next).Run();
  }
  transaction.Commit();
}

}  // namespace tarn::catalog
