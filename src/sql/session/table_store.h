// Where the rows of tables created with CREATE TABLE live. The Session's statements (INSERT,
// UPDATE, DELETE, CREATE, DROP) change tables only through this interface; today's store keeps
// them in memory for the session, the lake's catalog will keep them persistent behind the same
// calls. Readers (the binder) get immutable snapshots, so a running query never sees a change.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/vector/data_chunk.h"
#include "sql/binder/catalog.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

// Not thread-safe (one per Session). Names are as the parser gives them (lower case unless quoted).
// Writes replace the table's snapshot atomically: a statement that fails never leaves half its rows.
class TableStore {
 public:
  virtual ~TableStore() = default;

  // Returns the current snapshot of 'name', or nullptr when there is no such table.
  virtual std::shared_ptr<const MaterializedTable> Find(const std::string& name) const = 0;
  // Creates (or replaces) table 'name' with the columns, constraints and rows of 'table'.
  virtual void Create(const std::string& name, std::shared_ptr<MaterializedTable> table) = 0;
  // Appends compact chunks in the table's column layout. The table must exist.
  virtual void Append(const std::string& name, std::vector<exec::DataChunk> rows) = 0;
  // Replaces all rows of 'name' (UPDATE, DELETE). The table must exist.
  virtual void Overwrite(const std::string& name, std::vector<exec::DataChunk> rows) = 0;
  // Removes 'name'; returns false when there was no such table.
  virtual bool Drop(const std::string& name) = 0;
};

// Tables in memory, published in a SessionCatalog (borrowed) where the binder finds them.
class MemoryTableStore : public TableStore {
 public:
  explicit MemoryTableStore(SessionCatalog& catalog) : catalog_(catalog) {}

  std::shared_ptr<const MaterializedTable> Find(const std::string& name) const override;
  void Create(const std::string& name, std::shared_ptr<MaterializedTable> table) override;
  void Append(const std::string& name, std::vector<exec::DataChunk> rows) override;
  void Overwrite(const std::string& name, std::vector<exec::DataChunk> rows) override;
  bool Drop(const std::string& name) override;

 private:
  SessionCatalog& catalog_;
};

}  // namespace tarn::sql
