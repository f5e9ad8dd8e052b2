// Who may read and change what, as the binder and the session ask it: every table reference
// (in FROM, joins, subqueries, CTEs, views, COPY (query)), every data-changing and catalog
// statement, information_schema, SHOW and DESCRIBE go through one AccessControl, so every front
// end — HTTP, `tarn sql --user`, future ones — gets the same enforcement. The implementation over
// the grants in security.db is security/authz/access_policy.h; a session without one (the local
// administrator of `tarn sql --data-dir D`) may do everything. Syntax and rules: docs/authorization.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::sql {

struct AuthorizationStatement;  // parser/ast.h: GRANT, REVOKE, CREATE/DROP ROLE, ROW FILTER, SHOW GRANTS

enum class Privilege : uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kAlter,   // ALTER TABLE, COMMENT ON, business metadata
  kDrop,
  kCreate,  // CREATE TABLE in a database
  kUnmask,  // read pii columns in clear
  kUsage,   // secrets: secret('name')
};

// "SELECT", "INSERT", ... as written in GRANT.
std::string_view PrivilegeName(Privilege privilege);

// What one principal may read of one table (AccessControl::SelectPolicy).
struct TableReadPolicy {
  // Columns it may read, lower case, in any order; 'all_columns' = every column, also those added
  // later.
  bool all_columns = false;
  std::vector<std::string> columns;
  // A boolean SQL expression over the table's columns (unqualified names); only rows where it is
  // TRUE are visible. nullopt = every row. Already combined over the principal's roles (OR).
  std::optional<std::string> row_filter;
  // False: columns with sensitivity pii read as hmac_sha256(CAST(column AS VARCHAR), MaskingKey())
  // — VARCHAR, 64 hex digits, NULL stays NULL. The row filter sees the clear values.
  bool unmask = false;
};

// One object a statement touched, for the audit trail ("table", "main.t", "SELECT").
struct AccessedObject {
  std::string kind;  // "table", "database", "secret", "role"
  std::string name;  // "db.t", "db", secret or role name
  std::string operation;  // "SELECT", "INSERT", ...
};

// One per session (principal); not thread-safe. Database and table names are lower case; a
// table's database is always given (the binder qualifies unqualified names first).
class AccessControl {
 public:
  virtual ~AccessControl() = default;

  // The principal's name (current_user, audit).
  virtual const std::string& principal() const = 0;
  // Role admin: every check passes and every row and column is visible in clear. The binder still
  // calls the checks so accessed objects are recorded.
  virtual bool IsAdministrator() const = 0;

  // Visibility: true when the principal holds any privilege on the database (or on a table in it)
  // / on the table or one of its columns. Everything else behaves as if it did not exist — "table
  // x does not exist", and absent from SHOW, information_schema and the catalog routes — so names
  // of objects one may not use never leak.
  virtual bool CanSeeDatabase(const std::string& database) const = 0;
  virtual bool CanSeeTable(const std::string& database, const std::string& table) const = 0;

  // The read policy of a visible table. Throws Error(kPermissionDenied) "permission denied:
  // SELECT on table d.t" when the principal may see it but not SELECT from it. Records the access.
  virtual TableReadPolicy SelectPolicy(const std::string& database, const std::string& table) = 0;

  // Throws Error(kPermissionDenied) "permission denied: <PRIVILEGE> on table d.t" unless the
  // principal holds 'privilege' on the table (directly or through its database). With 'columns'
  // (UPDATE SET columns, INSERT column lists) each must be granted. Records the access.
  virtual void CheckTable(Privilege privilege, const std::string& database,
                          const std::string& table,
                          const std::vector<std::string>& columns = {}) = 0;
  // Same for a database-level privilege: kCreate (CREATE TABLE), kDrop (DROP DATABASE).
  virtual void CheckDatabase(Privilege privilege, const std::string& database) = 0;

  // Called after the principal created table d.t (CREATE TABLE, CTAS): the creator owns it and
  // gets every privilege on it, as Lake Formation grants the creator.
  virtual void OnTableCreated(const std::string& database, const std::string& table) = 0;
  // Called after lake table d.t was dropped (DROP TABLE): its grants and row filters go with it, so
  // SHOW GRANTS no longer lists them (database grants stay).
  virtual void OnTableDropped(const std::string& database, const std::string& table) = 0;

  // secret('name'): true when the principal holds USAGE on the secret. Records the access.
  virtual bool CanUseSecret(const std::string& name) = 0;
  // The key pii columns are masked with (a secret of the secret store, created on first use).
  virtual std::string MaskingKey() = 0;

  // Runs GRANT / REVOKE / CREATE ROLE / DROP ROLE / CREATE ROW FILTER / DROP ROW FILTER; returns the
  // status tag ("GRANT", "REVOKE", ...). Only administrators may (Error(kPermissionDenied)).
  // SHOW GRANTS is answered by ShowGrants.
  virtual std::string Execute(const AuthorizationStatement& statement) = 0;
  // Rows of SHOW GRANTS [FOR ROLE r | USER u]: grantee kind, grantee, privilege, object kind,
  // object, columns (comma-separated, "" = all), row filter ("" = none). Non-administrators see
  // only their own.
  virtual std::vector<std::vector<std::string>> ShowGrants(const AuthorizationStatement& statement) = 0;

  // The objects recorded since the last call (for the statement's audit entry), then cleared.
  virtual std::vector<AccessedObject> TakeAccessed() = 0;
};

}  // namespace tarn::sql
