// Where the rows of tables created with CREATE TABLE live. The Session's statements (INSERT,
// UPDATE, DELETE, CREATE, DROP) change tables only through this interface: MemoryTableStore keeps
// them in memory for the session (and for CREATE TEMP TABLE), LakeTables (lake_tables.h) keeps
// them in the lake. Readers (the binder) get immutable snapshots, so a running query never sees a
// change.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/vector/data_chunk.h"
#include "sql/binder/catalog.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

// Not thread-safe (one per Session). Names are as the parser gives them (lower case unless quoted);
// the lake's store (lake_tables.h) uses "database.table". Writes replace the table's snapshot
// atomically: a statement that fails never leaves half its rows.
class TableStore {
 public:
  virtual ~TableStore() = default;

  // Returns the current snapshot of 'name', or nullptr when there is no such table.
  virtual std::shared_ptr<const MaterializedTable> Find(const std::string& name) = 0;
  // Creates (or, in memory, replaces) table 'name' with the columns, constraints and rows of
  // 'table' (rows: CREATE TABLE AS).
  virtual void Create(const std::string& name, std::shared_ptr<MaterializedTable> table) = 0;
  // Appends compact chunks in the table's column layout. 'base' is the snapshot the statement read
  // (from Find). Returns false, changing nothing, when the table changed since 'base' in a way the
  // statement must see (another writer committed and the table has unique keys): the caller runs
  // the statement again.
  virtual bool Append(const std::string& name, const MaterializedTable& base,
                      std::vector<exec::DataChunk> rows) = 0;
  // Replaces all rows of 'name' (UPDATE, DELETE: 'operation' is "update" or "delete"). Returns
  // false, changing nothing, when another writer changed the table since 'base'.
  virtual bool Overwrite(const std::string& name, const MaterializedTable& base,
                         std::vector<exec::DataChunk> rows, const std::string& operation) = 0;
  // Removes 'name'; returns false when there was no such table.
  virtual bool Drop(const std::string& name) = 0;
};

// Tables in memory, published in a SessionCatalog (borrowed) where the binder finds them.
class MemoryTableStore : public TableStore {
 public:
  explicit MemoryTableStore(SessionCatalog& catalog) : catalog_(catalog) {}

  std::shared_ptr<const MaterializedTable> Find(const std::string& name) override;
  void Create(const std::string& name, std::shared_ptr<MaterializedTable> table) override;
  bool Append(const std::string& name, const MaterializedTable& base,
              std::vector<exec::DataChunk> rows) override;
  bool Overwrite(const std::string& name, const MaterializedTable& base,
                 std::vector<exec::DataChunk> rows, const std::string& operation) override;
  bool Drop(const std::string& name) override;

 private:
  SessionCatalog& catalog_;
};

}  // namespace tarn::sql
