// The embedded catalog backend: one SQLite file, <data-dir>/catalog.db, shared by every tarn
// process on the machine. Writes run in BEGIN IMMEDIATE transactions (one writer at a time across
// processes, others wait up to the busy timeout); reads run in snapshot-isolated read
// transactions, which WAL journaling lets proceed while a writer commits.
// sqlite_catalog.cc holds databases, tables and business metadata; sqlite_snapshots.cc holds
// schemas, snapshots and ingestion state.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite/sqlite_database.h"

namespace tarn::catalog {

// How long a write waits for another process's write transaction before giving up (kConflict).
constexpr int kCatalogBusyTimeoutMs = 10000;

class SqliteCatalog final : public Catalog {
 public:
  SqliteCatalog(const std::string& path, std::shared_ptr<const storage::ValueSealer> sealer);

  void CreateDatabase(const std::string& name, const std::string& description,
                      bool if_not_exists) override;
  std::vector<std::string> ListDatabases() override;
  void DropDatabase(const std::string& name, bool if_exists, bool cascade) override;

  TableInfo CreateTable(TableInfo table, const std::vector<ColumnDef>& columns,
                        bool if_not_exists) override;
  std::optional<TableInfo> FindTable(const std::string& database,
                                     const std::string& name) override;
  std::vector<TableInfo> ListTables(const std::string& database) override;
  std::vector<std::string> DropTable(const std::string& database, const std::string& name,
                                     bool if_exists) override;

  SchemaVersion CurrentSchema(int64_t table_id) override;
  std::vector<SchemaVersion> SchemaHistory(int64_t table_id) override;

  std::optional<Snapshot> FindSnapshot(int64_t table_id,
                                       const SnapshotSelector& selector) override;
  std::vector<Snapshot> SnapshotHistory(int64_t table_id) override;
  std::vector<DataFile> SnapshotFiles(int64_t table_id, int64_t snapshot_id) override;
  Snapshot CommitSnapshot(int64_t table_id, const SnapshotChange& change) override;
  std::vector<std::string> ExpireSnapshots(int64_t table_id,
                                           int64_t older_than_unix_micros) override;
  std::vector<std::string> ReferencedKeys(int64_t table_id) override;

  bool IsIngested(int64_t table_id, const std::string& checksum) override;
  std::optional<std::string> Watermark(int64_t table_id, const std::string& source) override;

  void SetTableProperty(const std::string& database, const std::string& table,
                        const std::string& key, const std::string& value) override;
  void SetColumnDescription(const std::string& database, const std::string& table,
                            const std::string& column, const std::string& description) override;
  void SetColumnSensitivity(const std::string& database, const std::string& table,
                            const std::string& column, Sensitivity sensitivity) override;
  std::vector<SearchHit> Search(const std::string& text) override;

 private:
  // The helpers below expect mutex_ held and a transaction open.
  int64_t TableIdLocked(const std::string& database, const std::string& table);
  void RequireTableLocked(int64_t table_id);
  SchemaVersion SchemaLocked(int64_t table_id, int64_t version);
  int64_t CurrentSchemaVersionLocked(int64_t table_id);
  std::optional<Snapshot> SnapshotLocked(int64_t table_id, int64_t snapshot_id);
  void InsertSchemaLocked(int64_t table_id, int64_t version, const std::vector<ColumnDef>& columns,
                          int64_t now);

  std::mutex mutex_;  // one connection: calls run one at a time
  SqliteDatabase database_;
  std::shared_ptr<const storage::ValueSealer> sealer_;
};

// Microseconds since 1970-01-01 UTC, from the system clock.
int64_t NowUnixMicros();

}  // namespace tarn::catalog
