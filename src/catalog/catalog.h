// The lake's catalog: databases, tables, versioned schemas, snapshots of data files with their
// statistics, business metadata, and ingestion state. One interface, several backends: the
// embedded SQLite backend (sqlite/, one file <data-dir>/catalog.db) is the default; a PostgreSQL
// backend implements the same calls later. Callers never see SQL or files of the backend.
//
// Model (Iceberg-like, kept small):
//   database 1─* table 1─* schema version          (columns only ever added or widened)
//                      1─* snapshot 1─* data file  (a snapshot lists every live file of the table)
// Every write (ingest, INSERT, CTAS, UPDATE/DELETE, stream delivery) is one CommitSnapshot: the
// new snapshot is visible in full or not at all. Commits are optimistic: a commit names the
// snapshot it was based on, and fails with Error(kConflict) when another writer committed first;
// the writer re-reads and retries (CommitWithRetry in snapshot_commit.h does this). Old snapshots
// stay readable (time travel) until ExpireSnapshots removes them; the data files no snapshot
// references any more are then returned for deletion (VACUUM).
//
// Data file keys are object-store keys relative to the lake root (storage/lake_layout.h); the
// catalog never touches objects itself.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "storage/encryption/value_sealer.h"

namespace tarn::catalog {

// Column sensitivity, Lake Formation-style. pii columns are masked for principals without UNMASK.
enum class Sensitivity : uint8_t { kPublic, kInternal, kConfidential, kPii };
std::string_view SensitivityName(Sensitivity sensitivity);  // "public", "internal", ...
// Parses a sensitivity name (case-insensitive); nullopt when unknown.
std::optional<Sensitivity> ParseSensitivity(std::string_view name);

struct ColumnDef {
  std::string name;
  LogicalType type;
  bool nullable = true;
  std::string description;
  Sensitivity sensitivity = Sensitivity::kPublic;
};

// Per-column statistics of one data file. Bounds are the values rendered as SQL literals of the
// column type (Value::ToString form: 42, 3.5, 'text' without quotes, 2026-01-01); absent when the
// column is all NULL or the writer kept no bounds (e.g. long strings).
struct ColumnStats {
  std::optional<std::string> min;
  std::optional<std::string> max;
  int64_t null_count = 0;
};

// One immutable data file of a table (Parquet for managed tables).
struct DataFile {
  std::string key;                                // object key, e.g. raw/db/t/dt=2026-01-01/part-<uuid>.parquet
  std::map<std::string, std::string> partition;   // Hive partition values, e.g. {"dt": "2026-01-01"}
  int64_t row_count = 0;
  int64_t size_bytes = 0;                         // bytes as stored (encrypted size when encrypted)
  std::map<std::string, ColumnStats> stats;       // by column name
};

enum class TableKind : uint8_t {
  kManaged,   // data files written by tarn under <zone>/<database>/<table>/
  kExternal,  // data left where a crawler found it; 'location' is a path or glob, files by crawl
};

struct TableInfo {
  int64_t id = 0;  // assigned by CreateTable
  std::string database;
  std::string name;
  TableKind kind = TableKind::kManaged;
  std::string zone = "curated";          // raw, cleaned or curated (managed tables)
  std::string format = "parquet";        // of the data files: parquet, csv, ndjson
  std::string location;                  // key prefix (managed) or path/glob (external)
  std::vector<std::string> partition_columns;  // Hive partition keys in folder order
  // Business metadata.
  std::string owner;
  std::string steward;
  std::string description;
  int64_t created_unix_micros = 0;
  // Free-form properties set at CreateTable and stored with the table (plaintext): SQL constraints
  // of tables created by CREATE TABLE ("sql.primary_key" -> "a,b", "sql.unique" -> "c;d,e",
  // "sql.defaults" -> sealed text). Empty for most tables.
  std::map<std::string, std::string> properties;
};

struct SchemaVersion {
  int64_t version = 0;  // 1, 2, ... per table
  std::vector<ColumnDef> columns;
  int64_t created_unix_micros = 0;
};

struct Snapshot {
  int64_t id = 0;         // 1, 2, ... per table; 0 = "no snapshot yet" (empty table)
  int64_t parent_id = 0;  // the snapshot this one was based on
  int64_t schema_version = 0;
  int64_t committed_unix_micros = 0;
  std::string operation;  // "create", "insert", "ingest", "update", "delete", "overwrite", "stream"
  int64_t row_count = 0;  // rows in the table at this snapshot
  int64_t file_count = 0;
  std::map<std::string, std::string> summary;  // free-form: source, principal, files added ...
};

// What one write changes. Files are added and removed by key; the new snapshot lists the base
// snapshot's files minus 'removed_keys' plus 'added_files'. With 'replace_all' the base snapshot's
// files are all removed (INSERT OVERWRITE, UPDATE/DELETE rewrites).
struct SnapshotChange {
  int64_t base_snapshot_id = 0;  // the snapshot the writer read; mismatch -> kConflict
  std::string operation;
  std::vector<DataFile> added_files;
  std::vector<std::string> removed_keys;
  bool replace_all = false;
  // A new schema version (columns added or widened) committed together with the files.
  std::optional<std::vector<ColumnDef>> new_columns;
  std::map<std::string, std::string> summary;
  // Ingestion state committed atomically with the files: source checksums marked as ingested
  // (dedupe of re-ingested files) and watermarks of incremental sources (source name -> value).
  std::vector<std::string> ingested_checksums;
  std::map<std::string, std::string> watermarks;
};

// Which snapshot a reader wants: the current one, a version, or the one current at a time.
struct SnapshotSelector {
  std::optional<int64_t> version;
  std::optional<int64_t> as_of_unix_micros;
};

struct SearchHit {
  std::string database;
  std::string table;
  std::string column;      // empty when the table itself matched
  std::string matched_in;  // "table name", "description", "column name", "column description", ...
  std::string text;        // the matching text
};

// Thread-safe; several processes may open the same catalog at once (the backend serializes
// commits). Names are compared case-insensitively and stored lower case. Unknown databases or
// tables throw Error(kNotFound) naming them; duplicates throw Error(kConflict) unless an
// if-not-exists flag is given.
class Catalog {
 public:
  virtual ~Catalog() = default;

  // --- databases
  virtual void CreateDatabase(const std::string& name, const std::string& description,
                              bool if_not_exists) = 0;
  virtual std::vector<std::string> ListDatabases() = 0;
  // Fails with kConflict when the database still has tables unless 'cascade'.
  virtual void DropDatabase(const std::string& name, bool if_exists, bool cascade) = 0;

  // --- tables
  // Creates the table with schema version 1 and no snapshot; returns it with its id. The database
  // is created when missing.
  virtual TableInfo CreateTable(TableInfo table, const std::vector<ColumnDef>& columns,
                                bool if_not_exists) = 0;
  virtual std::optional<TableInfo> FindTable(const std::string& database,
                                             const std::string& name) = 0;
  virtual std::vector<TableInfo> ListTables(const std::string& database) = 0;
  // Removes the table from the catalog; its data files become unreferenced and are returned so the
  // caller can delete them (after the call, as a VACUUM would).
  virtual std::vector<std::string> DropTable(const std::string& database, const std::string& name,
                                             bool if_exists) = 0;

  // --- schemas
  virtual SchemaVersion CurrentSchema(int64_t table_id) = 0;
  virtual std::vector<SchemaVersion> SchemaHistory(int64_t table_id) = 0;

  // --- snapshots
  // Resolves a selector; nullopt when the table has no snapshot (yet, or at that time). A version
  // that does not exist or was expired throws Error(kNotFound) naming it.
  virtual std::optional<Snapshot> FindSnapshot(int64_t table_id,
                                               const SnapshotSelector& selector = {}) = 0;
  virtual std::vector<Snapshot> SnapshotHistory(int64_t table_id) = 0;
  // Every data file live in 'snapshot_id', ordered by key.
  virtual std::vector<DataFile> SnapshotFiles(int64_t table_id, int64_t snapshot_id) = 0;
  // Commits 'change' atomically and returns the new snapshot. Throws Error(kConflict) when the
  // table's current snapshot is no longer change.base_snapshot_id, Error(kInvalidArgument) when a
  // new schema would narrow or drop a column.
  virtual Snapshot CommitSnapshot(int64_t table_id, const SnapshotChange& change) = 0;
  // Removes snapshots committed before 'older_than_unix_micros', always keeping the current one,
  // and returns the keys of data files no remaining snapshot references (to delete from the store).
  virtual std::vector<std::string> ExpireSnapshots(int64_t table_id,
                                                   int64_t older_than_unix_micros) = 0;

  // Returns the keys of every data file some remaining snapshot references, sorted and distinct,
  // without reading statistics (VACUUM's orphan sweep). The default walks SnapshotHistory and
  // SnapshotFiles; backends answer it in one query.
  virtual std::vector<std::string> ReferencedKeys(int64_t table_id);

  // --- ingestion state
  virtual bool IsIngested(int64_t table_id, const std::string& checksum) = 0;
  virtual std::optional<std::string> Watermark(int64_t table_id, const std::string& source) = 0;

  // --- business metadata
  // 'key' is owner, steward, description or retention (how long old snapshots stay readable,
  // e.g. "30d"; kept in TableInfo::properties as "snapshot_retention", used by VACUUM).
  virtual void SetTableProperty(const std::string& database, const std::string& table,
                                const std::string& key, const std::string& value) = 0;
  virtual void SetColumnDescription(const std::string& database, const std::string& table,
                                    const std::string& column, const std::string& description) = 0;
  virtual void SetColumnSensitivity(const std::string& database, const std::string& table,
                                    const std::string& column, Sensitivity sensitivity) = 0;
  // Case-insensitive substring search over database, table and column names, descriptions, owners
  // and stewards. Ordered by database, table, column.
  virtual std::vector<SearchHit> Search(const std::string& text) = 0;
};

// Opens (creating on first use) the embedded catalog <data_dir>/catalog.db. Values that hold table
// data — statistics bounds and watermarks — are sealed with 'sealer' (purpose "catalog"), so no
// table data is in plaintext on disk; 'sealer' is null only for a lake created with encryption
// off. (Partition values are not sealed: they are visible in object keys anyway, as in S3.)
std::unique_ptr<Catalog> OpenSqliteCatalog(const std::string& data_dir,
                                           std::shared_ptr<const storage::ValueSealer> sealer);

}  // namespace tarn::catalog
