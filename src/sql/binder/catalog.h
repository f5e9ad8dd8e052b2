// The session's catalog as the binder sees it: in-memory tables and views, and a resolver for the
// lake's persistent tables.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/binder/access_control.h"
#include "sql/parser/ast.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

struct ViewEntry {
  std::vector<std::string> column_names;  // optional renames
  std::unique_ptr<QueryNode> query;
  std::string query_text;
};

// Which version of a table a query reads (time travel: FOR VERSION AS OF / FOR TIMESTAMP AS OF);
// neither set = the current version.
struct TableVersion {
  std::optional<int64_t> version;
  std::optional<int64_t> as_of_unix_micros;
};

// Who a lake table is, for the AccessControl checks of the binder (SessionCatalog::access).
struct LakeTableIdentity {
  std::string database;
  std::string table;
  // Per column of the table as FindTable returned it: tagged pii (masked without UNMASK) in the
  // schema read or in the table's current schema.
  std::vector<bool> pii;
};

// Tables the session does not hold in memory: the lake's tables, information_schema and catalog
// table functions (sql/session/lake_tables.h). The binder asks it after CTEs, session tables and
// views. Not thread-safe (one per Session).
class TableResolver {
 public:
  virtual ~TableResolver() = default;
  // Returns table 'name' at 'version' (its rows, or a scan over its data files), or nullptr when
  // there is no such table. Throws Error without a location (the binder adds it) for an unknown
  // version or a catalog failure.
  virtual std::shared_ptr<const MaterializedTable> FindTable(const QualifiedName& name,
                                                             const TableVersion& version) = 0;
  // Returns the rows of table function 'name' called with constant 'arguments' (e.g.
  // tarn_snapshots('db.t')), or nullptr when 'name' is not one of its functions.
  virtual std::shared_ptr<const MaterializedTable> CallTableFunction(
      const std::string& name, const std::vector<exec::Value>& arguments) = 0;
  // The identity of 'table' when it is a lake table FindTable returned (nullopt for
  // information_schema, table functions and anything else: those are not access-checked here).
  virtual std::optional<LakeTableIdentity> Identify(const MaterializedTable& table) {
    (void)table;
    return std::nullopt;
  }
};

// Not thread-safe: owned by one Session. Names are lower case.
struct SessionCatalog {
  std::map<std::string, std::shared_ptr<MaterializedTable>> tables;
  std::map<std::string, std::shared_ptr<ViewEntry>> views;
  // Resolves secret('name') while binding (SessionOptions::secret_lookup); null = refused.
  std::function<std::optional<std::string>(const std::string& name)> secret_lookup;
  // Every secret value the binder bound (secret('name') and masking keys): the Session replaces
  // them by "<secret>" in error messages, whatever operator quoted them.
  mutable std::vector<std::string> bound_secrets;
  // How many lake table reads the binder bound under a row filter: EXPLAIN shows no row counts
  // (estimates count the hidden rows too) when a statement's binding raised it.
  mutable int64_t filtered_reads = 0;
  TableResolver* resolver = nullptr;  // borrowed; null when the session has no lake
  bool allow_file_access = true;      // SessionOptions::allow_file_access
  AccessControl* access = nullptr;    // SessionOptions::access (borrowed); null = everything allowed
  // Identifies the lake tables 'resolver' returns (the session's LakeTables sets itself here, so
  // resolvers wrapped around it need not forward Identify); null = ask 'resolver'. Borrowed.
  TableResolver* lake_identity = nullptr;
};

}  // namespace tarn::sql
