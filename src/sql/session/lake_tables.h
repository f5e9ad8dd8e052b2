// Named tables of a Session that has a lake: the binder resolves db.t and t (in the current
// database, "main" unless USE changed it) through the lake's catalog, and the session's statements
// write them through the TableStore calls — CREATE TABLE / CTAS create a catalog table, INSERT adds
// data files in one snapshot, UPDATE and DELETE rewrite the table in one snapshot, DROP drops it.
// Also information_schema.tables / .columns and tarn_snapshots('db.t').
//
// The lake is opened on first use: a statement that only reads files never opens it, and a read of
// a data directory that holds no lake yet finds no tables instead of creating one; the first
// write creates it (and its key file).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/lake.h"
#include "sql/binder/catalog.h"
#include "sql/session/session.h"
#include "sql/session/table_store.h"
#include "storage/lake_store.h"

namespace tarn::sql {

// A lake table at one snapshot, as Find and FindTable return it: rows in data files (open_scan).
struct LakeTable : MaterializedTable {
  catalog::TableInfo info;
  catalog::SchemaVersion schema;
  int64_t snapshot_id = 0;  // the snapshot read; 0 = the table has none yet (no rows)
};

// Not thread-safe (one per Session). TableStore names are "database.table" (see Key()).
// Catalog and store failures throw what they throw; Append/Overwrite return false when another
// writer committed since the statement read the table (the statement is then run again).
class LakeTables : public TableResolver, public TableStore {
 public:
  explicit LakeTables(LakeAccess access);
  ~LakeTables() override;

  // The open lake; nullptr when 'create' is false and the data directory holds no lake yet.
  catalog::Lake* Open(bool create);
  // The database unqualified names refer to.
  const std::string& database() const { return database_; }
  // USE: throws Error(kNotFound) for a database the lake does not have ("main" always exists).
  void Use(const std::string& database);
  // The TableStore name of 'name': "<schema or current database>.<name>".
  std::string Key(const QualifiedName& name) const;
  // Splits a key back into database and table.
  static std::pair<std::string, std::string> SplitKey(const std::string& key);
  // The lake table of 'key' at 'selector' (time travel), or nullptr when there is no such table.
  std::shared_ptr<const LakeTable> FindAt(const std::string& key,
                                          const catalog::SnapshotSelector& selector);

  // TableResolver
  std::shared_ptr<const MaterializedTable> FindTable(const QualifiedName& name,
                                                     const TableVersion& version) override;
  std::shared_ptr<const MaterializedTable> CallTableFunction(
      const std::string& name, const std::vector<exec::Value>& arguments) override;
  std::optional<LakeTableIdentity> Identify(const MaterializedTable& table) override;

  // TableStore ('base' must come from Find on this store)
  std::shared_ptr<const MaterializedTable> Find(const std::string& name) override;
  void Create(const std::string& name, std::shared_ptr<MaterializedTable> table) override;
  bool Append(const std::string& name, const MaterializedTable& base,
              std::vector<exec::DataChunk> rows) override;
  bool Overwrite(const std::string& name, const MaterializedTable& base,
                 std::vector<exec::DataChunk> rows, const std::string& operation) override;
  bool Drop(const std::string& name) override;

  // Session tables and views to list beside the lake's in information_schema, and the session's
  // AccessControl (borrowed). Also makes this the catalog's SessionCatalog::lake_identity.
  void SetSessionCatalog(SessionCatalog* session) {
    session_ = session;
    session->lake_identity = this;
  }

 private:
  // Writes 'rows' as data files of 'table'; deletes them again if a later step throws.
  std::vector<catalog::DataFile> WriteFiles(const LakeTable& table,
                                            const std::vector<exec::DataChunk>& rows);
  void DeleteObjects(const std::vector<std::string>& keys);
  std::shared_ptr<const MaterializedTable> InformationSchema(const std::string& name);
  std::shared_ptr<const MaterializedTable> Snapshots(const std::vector<exec::Value>& arguments);
  // The session's AccessControl (SessionCatalog::access); null = everything allowed.
  AccessControl* access() const { return session_ != nullptr ? session_->access : nullptr; }

  LakeAccess access_;
  std::unique_ptr<catalog::Lake> owned_;
  catalog::Lake* lake_ = nullptr;  // owned_ or access_.shared
  std::string database_ = "main";
  const SessionCatalog* session_ = nullptr;
  // The tables FindAt returned that are still alive, for Identify (MaterializedTable has no
  // virtual functions to tell a LakeTable by); expired entries are dropped as it goes.
  std::vector<std::weak_ptr<const LakeTable>> issued_;
};

}  // namespace tarn::sql
