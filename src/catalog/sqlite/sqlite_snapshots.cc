// SqliteCatalog: schemas, snapshots, commits, expiry and ingestion state.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "catalog/schema_evolution.h"
#include "catalog/sqlite/record_codec.h"
#include "catalog/sqlite/sqlite_catalog.h"
#include "common/error.h"

namespace tarn::catalog {
namespace {

using Mode = SqliteTransaction::Mode;

constexpr std::string_view kSnapshotColumns =
    "id, parent_id, schema_version, committed_micros, operation, row_count, file_count, summary";

Snapshot ReadSnapshot(const SqliteStatement& row) {
  Snapshot snapshot;
  snapshot.id = row.Int(0);
  snapshot.parent_id = row.Int(1);
  snapshot.schema_version = row.Int(2);
  snapshot.committed_unix_micros = row.Int(3);
  snapshot.operation = row.Text(4);
  snapshot.row_count = row.Int(5);
  snapshot.file_count = row.Int(6);
  snapshot.summary = DecodeStringMap(row.Text(7));
  return snapshot;
}

LogicalType ReadType(const std::string& text) {
  LogicalType type = ParseLogicalType(text);
  if (type.id() == TypeId::kInvalid) {
    throw Error(ErrorCode::kCorrupt, fmt::format("catalog: unknown column type '{}'", text));
  }
  return type;
}

}  // namespace

// --- schemas

void SqliteCatalog::InsertSchemaLocked(int64_t table_id, int64_t version,
                                       const std::vector<ColumnDef>& columns, int64_t now) {
  SqliteStatement insert_version(
      database_,
      "INSERT INTO schema_versions (table_id, version, created_micros) VALUES (?, ?, ?)");
  insert_version.Bind(1, table_id).Bind(2, version).Bind(3, now).Run();
  SqliteStatement insert_column(database_,
                                "INSERT INTO schema_columns (table_id, version, position, name, "
                                "type, nullable) VALUES (?, ?, ?, ?, ?, ?)");
  // Business metadata lives per column name, across versions; new columns bring theirs.
  SqliteStatement insert_metadata(
      database_,
      "INSERT INTO column_metadata (table_id, name, description, sensitivity) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (table_id, name) DO NOTHING");
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDef& column = columns[i];
    insert_column.Reset();
    insert_column.Bind(1, table_id)
        .Bind(2, version)
        .Bind(3, static_cast<int64_t>(i))
        .Bind(4, column.name)
        .Bind(5, column.type.ToString())
        .Bind(6, static_cast<int64_t>(column.nullable ? 1 : 0))
        .Run();
    insert_metadata.Reset();
    insert_metadata.Bind(1, table_id)
        .Bind(2, column.name)
        .Bind(3, column.description)
        .Bind(4, static_cast<int64_t>(column.sensitivity))
        .Run();
  }
}

int64_t SqliteCatalog::CurrentSchemaVersionLocked(int64_t table_id) {
  SqliteStatement select(database_,
                         "SELECT max(version) FROM schema_versions WHERE table_id = ?");
  select.Bind(1, table_id).Step();
  if (select.IsNull(0)) {
    throw Error(ErrorCode::kNotFound, fmt::format("table with id {} does not exist", table_id));
  }
  return select.Int(0);
}

SchemaVersion SqliteCatalog::SchemaLocked(int64_t table_id, int64_t version) {
  SqliteStatement header(database_,
                         "SELECT created_micros FROM schema_versions WHERE table_id = ? AND "
                         "version = ?");
  if (!header.Bind(1, table_id).Bind(2, version).Step()) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("schema version {} of table {} does not exist", version, table_id));
  }
  SchemaVersion schema;
  schema.version = version;
  schema.created_unix_micros = header.Int(0);
  SqliteStatement columns(
      database_,
      "SELECT c.name, c.type, c.nullable, coalesce(m.description, ''), coalesce(m.sensitivity, 0) "
      "FROM schema_columns c LEFT JOIN column_metadata m ON m.table_id = c.table_id AND m.name = "
      "c.name WHERE c.table_id = ? AND c.version = ? ORDER BY c.position");
  columns.Bind(1, table_id).Bind(2, version);
  while (columns.Step()) {
    ColumnDef column;
    column.name = columns.Text(0);
    column.type = ReadType(columns.Text(1));
    column.nullable = columns.Int(2) != 0;
    column.description = columns.Text(3);
    int64_t sensitivity = columns.Int(4);
    column.sensitivity = sensitivity >= 0 && sensitivity <= 3
                             ? static_cast<Sensitivity>(sensitivity)
                             : Sensitivity::kPublic;
    schema.columns.push_back(std::move(column));
  }
  return schema;
}

SchemaVersion SqliteCatalog::CurrentSchema(int64_t table_id) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  return SchemaLocked(table_id, CurrentSchemaVersionLocked(table_id));
}

std::vector<SchemaVersion> SqliteCatalog::SchemaHistory(int64_t table_id) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  int64_t current = CurrentSchemaVersionLocked(table_id);
  std::vector<SchemaVersion> history;
  for (int64_t version = 1; version <= current; ++version) {
    history.push_back(SchemaLocked(table_id, version));
  }
  return history;
}

// --- snapshots

std::optional<Snapshot> SqliteCatalog::SnapshotLocked(int64_t table_id, int64_t snapshot_id) {
  SqliteStatement select(
      database_,
      fmt::format("SELECT {} FROM snapshots WHERE table_id = ? AND id = ?", kSnapshotColumns));
  if (!select.Bind(1, table_id).Bind(2, snapshot_id).Step()) return std::nullopt;
  return ReadSnapshot(select);
}

std::optional<Snapshot> SqliteCatalog::FindSnapshot(int64_t table_id,
                                                    const SnapshotSelector& selector) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  SqliteStatement table(database_,
                        "SELECT current_snapshot, first_commit_micros FROM tables WHERE id = ?");
  if (!table.Bind(1, table_id).Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("table with id {} does not exist", table_id));
  }
  int64_t current = table.Int(0);
  std::optional<int64_t> first_commit = table.OptionalInt(1);
  if (selector.version) {
    int64_t version = *selector.version;
    std::optional<Snapshot> snapshot;
    if (version >= 1 && version <= current) snapshot = SnapshotLocked(table_id, version);
    if (!snapshot) {
      throw Error(ErrorCode::kNotFound,
                  version >= 1 && version <= current
                      ? fmt::format("snapshot {} of table {} was expired", version, table_id)
                      : fmt::format("snapshot {} of table {} does not exist (latest is {})",
                                    version, table_id, current));
    }
    if (selector.as_of_unix_micros &&
        snapshot->committed_unix_micros > *selector.as_of_unix_micros) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("snapshot {} was committed after the requested time", version));
    }
    return snapshot;
  }
  if (!selector.as_of_unix_micros) {
    if (current == 0) return std::nullopt;
    return SnapshotLocked(table_id, current);
  }
  int64_t as_of = *selector.as_of_unix_micros;
  if (!first_commit || as_of < *first_commit) return std::nullopt;  // the table was empty then
  SqliteStatement select(database_,
                         fmt::format("SELECT {} FROM snapshots WHERE table_id = ? AND "
                                     "committed_micros <= ? ORDER BY id DESC LIMIT 1",
                                     kSnapshotColumns));
  if (!select.Bind(1, table_id).Bind(2, as_of).Step()) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("the snapshot of table {} current at that time was expired",
                            table_id));
  }
  return ReadSnapshot(select);
}

std::vector<Snapshot> SqliteCatalog::SnapshotHistory(int64_t table_id) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  RequireTableLocked(table_id);
  SqliteStatement select(
      database_,
      fmt::format("SELECT {} FROM snapshots WHERE table_id = ? ORDER BY id", kSnapshotColumns));
  select.Bind(1, table_id);
  std::vector<Snapshot> history;
  while (select.Step()) history.push_back(ReadSnapshot(select));
  return history;
}

std::vector<DataFile> SqliteCatalog::SnapshotFiles(int64_t table_id, int64_t snapshot_id) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  RequireTableLocked(table_id);
  if (!SnapshotLocked(table_id, snapshot_id)) {
    throw Error(ErrorCode::kNotFound, fmt::format("snapshot {} of table {} does not exist or was "
                                                  "expired",
                                                  snapshot_id, table_id));
  }
  SqliteStatement select(database_,
                         "SELECT key, partition, row_count, size_bytes, stats FROM data_files "
                         "WHERE table_id = ?1 AND added_snapshot <= ?2 AND (removed_snapshot IS "
                         "NULL OR removed_snapshot > ?2) ORDER BY key");
  select.Bind(1, table_id).Bind(2, snapshot_id);
  std::vector<DataFile> files;
  while (select.Step()) {
    DataFile file;
    file.key = select.Text(0);
    file.partition = DecodeStringMap(select.Text(1));
    file.row_count = select.Int(2);
    file.size_bytes = select.Int(3);
    file.stats = DecodeStats(select.Text(4), table_id, file.key, sealer_.get());
    files.push_back(std::move(file));
  }
  return files;
}

Snapshot SqliteCatalog::CommitSnapshot(int64_t table_id, const SnapshotChange& change) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  SqliteStatement table(database_,
                        "SELECT current_snapshot, first_commit_micros FROM tables WHERE id = ?");
  if (!table.Bind(1, table_id).Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("table with id {} does not exist", table_id));
  }
  int64_t current = table.Int(0);
  if (current != change.base_snapshot_id) {
    throw Error(ErrorCode::kConflict,
                fmt::format("table {} changed since snapshot {}: snapshot {} is current now; "
                            "re-read and retry",
                            table_id, change.base_snapshot_id, current));
  }
  std::optional<Snapshot> base = current == 0 ? std::nullopt : SnapshotLocked(table_id, current);
  int64_t id = current + 1;
  // Commit times never go backwards within a table, so "as of" always finds one snapshot.
  int64_t now = std::max(NowUnixMicros(), base ? base->committed_unix_micros : 0);

  int64_t schema_version = CurrentSchemaVersionLocked(table_id);
  if (change.new_columns) {
    SchemaVersion schema = SchemaLocked(table_id, schema_version);
    if (auto evolved = EvolveSchema(schema.columns, *change.new_columns)) {
      ++schema_version;
      InsertSchemaLocked(table_id, schema_version, *evolved, now);
    }
  }

  int64_t row_count = base ? base->row_count : 0;
  int64_t file_count = base ? base->file_count : 0;
  if (change.replace_all) {
    SqliteStatement remove(database_,
                           "UPDATE data_files SET removed_snapshot = ? WHERE table_id = ? AND "
                           "removed_snapshot IS NULL RETURNING row_count");
    remove.Bind(1, id).Bind(2, table_id);
    while (remove.Step()) {
      row_count -= remove.Int(0);
      --file_count;
    }
  }
  SqliteStatement remove(database_,
                         "UPDATE data_files SET removed_snapshot = ? WHERE table_id = ? AND key = "
                         "? AND removed_snapshot IS NULL RETURNING row_count");
  for (const std::string& key : change.removed_keys) {
    remove.Reset();
    remove.Bind(1, id).Bind(2, table_id).Bind(3, key);
    if (!remove.Step()) {
      if (change.replace_all) continue;  // removed with everything else
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("cannot remove '{}': it is not in snapshot {} of table {}", key,
                              current, table_id));
    }
    row_count -= remove.Int(0);
    --file_count;
    remove.Run();
  }
  SqliteStatement live(database_,
                       "SELECT 1 FROM data_files WHERE table_id = ? AND key = ? AND "
                       "removed_snapshot IS NULL");
  SqliteStatement insert(database_,
                         "INSERT INTO data_files (table_id, key, added_snapshot, partition, "
                         "row_count, size_bytes, stats) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const DataFile& file : change.added_files) {
    if (file.key.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "a data file needs an object key");
    }
    live.Reset();
    if (live.Bind(1, table_id).Bind(2, file.key).Step()) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("data file '{}' is already in table {}", file.key, table_id));
    }
    insert.Reset();
    insert.Bind(1, table_id)
        .Bind(2, file.key)
        .Bind(3, id)
        .BindBlob(4, EncodeStringMap(file.partition))
        .Bind(5, file.row_count)
        .Bind(6, file.size_bytes)
        .BindBlob(7, EncodeStats(file.stats, table_id, file.key, sealer_.get()))
        .Run();
    row_count += file.row_count;
    ++file_count;
  }

  Snapshot snapshot;
  snapshot.id = id;
  snapshot.parent_id = current;
  snapshot.schema_version = schema_version;
  snapshot.committed_unix_micros = now;
  snapshot.operation = change.operation;
  snapshot.row_count = row_count;
  snapshot.file_count = file_count;
  snapshot.summary = change.summary;
  SqliteStatement insert_snapshot(
      database_,
      fmt::format("INSERT INTO snapshots (table_id, {}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  kSnapshotColumns));
  insert_snapshot.Bind(1, table_id)
      .Bind(2, id)
      .Bind(3, current)
      .Bind(4, schema_version)
      .Bind(5, now)
      .Bind(6, change.operation)
      .Bind(7, row_count)
      .Bind(8, file_count)
      .BindBlob(9, EncodeStringMap(change.summary))
      .Run();
  SqliteStatement advance(database_,
                          "UPDATE tables SET current_snapshot = ?, first_commit_micros = "
                          "coalesce(first_commit_micros, ?) WHERE id = ?");
  advance.Bind(1, id).Bind(2, now).Bind(3, table_id).Run();

  SqliteStatement ingested(database_,
                           "INSERT INTO ingested (table_id, checksum, snapshot) VALUES (?, ?, ?) "
                           "ON CONFLICT (table_id, checksum) DO NOTHING");
  for (const std::string& checksum : change.ingested_checksums) {
    ingested.Reset();
    ingested.Bind(1, table_id).Bind(2, checksum).Bind(3, id).Run();
  }
  SqliteStatement watermark(database_,
                            "INSERT INTO watermarks (table_id, source, value) VALUES (?, ?, ?) "
                            "ON CONFLICT (table_id, source) DO UPDATE SET value = excluded.value");
  for (const auto& [source, value] : change.watermarks) {
    // "p." marks a plaintext value (lake without encryption); sealed values start "s1.".
    std::string stored =
        sealer_ ? sealer_->Seal(value, WatermarkContext(table_id, source)) : "p." + value;
    watermark.Reset();
    watermark.Bind(1, table_id).Bind(2, source).Bind(3, stored).Run();
  }
  transaction.Commit();
  return snapshot;
}

std::vector<std::string> SqliteCatalog::ExpireSnapshots(int64_t table_id,
                                                        int64_t older_than_unix_micros) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kWrite);
  SqliteStatement table(database_, "SELECT current_snapshot FROM tables WHERE id = ?");
  if (!table.Bind(1, table_id).Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("table with id {} does not exist", table_id));
  }
  int64_t current = table.Int(0);
  SqliteStatement expire(database_,
                         "DELETE FROM snapshots WHERE table_id = ? AND committed_micros < ? AND "
                         "id <> ?");
  expire.Bind(1, table_id).Bind(2, older_than_unix_micros).Bind(3, current).Run();
  // A file row is referenced while some remaining snapshot lies in [added, removed).
  SqliteStatement unreferenced(
      database_,
      "DELETE FROM data_files AS f WHERE f.table_id = ?1 AND f.removed_snapshot IS NOT NULL AND "
      "NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.table_id = ?1 AND s.id >= f.added_snapshot "
      "AND s.id < f.removed_snapshot) RETURNING key");
  unreferenced.Bind(1, table_id);
  std::set<std::string> candidates;
  while (unreferenced.Step()) candidates.insert(unreferenced.Text(0));
  // A key re-added later (removed, then written again) is still in use by its other row.
  SqliteStatement still_used(database_,
                             "SELECT 1 FROM data_files WHERE table_id = ? AND key = ?");
  std::vector<std::string> keys;
  for (const std::string& key : candidates) {
    still_used.Reset();
    if (!still_used.Bind(1, table_id).Bind(2, key).Step()) keys.push_back(key);
  }
  transaction.Commit();
  return keys;
}

std::vector<std::string> SqliteCatalog::ReferencedKeys(int64_t table_id) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(database_, Mode::kRead);
  RequireTableLocked(table_id);
  SqliteStatement select(
      database_,
      "SELECT DISTINCT f.key FROM data_files f WHERE f.table_id = ?1 AND EXISTS (SELECT 1 FROM "
      "snapshots s WHERE s.table_id = ?1 AND s.id >= f.added_snapshot AND (f.removed_snapshot "
      "IS NULL OR s.id < f.removed_snapshot)) ORDER BY f.key");
  select.Bind(1, table_id);
  std::vector<std::string> keys;
  while (select.Step()) keys.push_back(select.Text(0));
  return keys;
}

// --- ingestion state

bool SqliteCatalog::IsIngested(int64_t table_id, const std::string& checksum) {
  std::lock_guard lock(mutex_);
  SqliteStatement select(database_,
                         "SELECT 1 FROM ingested WHERE table_id = ? AND checksum = ?");
  return select.Bind(1, table_id).Bind(2, checksum).Step();
}

std::optional<std::string> SqliteCatalog::Watermark(int64_t table_id, const std::string& source) {
  std::lock_guard lock(mutex_);
  SqliteStatement select(database_,
                         "SELECT value FROM watermarks WHERE table_id = ? AND source = ?");
  if (!select.Bind(1, table_id).Bind(2, source).Step()) return std::nullopt;
  std::string value = select.Text(0);
  if (value.starts_with("p.")) return value.substr(2);
  if (!sealer_) {
    throw Error(ErrorCode::kInvalidArgument,
                "catalog: watermark is sealed but the catalog was opened without a key");
  }
  return sealer_->Open(value, WatermarkContext(table_id, source));
}

}  // namespace tarn::catalog
