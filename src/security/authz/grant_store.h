// The grants of Lake Formation-style authorization, kept in <data-dir>/security.db beside the
// identities and secrets: roles, privileges of roles and users on databases, tables (optionally
// some columns) and secrets, and row filters. AccessPolicy (access_policy.h) reads them for one
// principal; the rules are in docs/authorization.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/binder/access_control.h"

namespace tarn::security {

class SecurityDatabase;

enum class GranteeType : uint8_t { kRole, kUser };
enum class GrantObject : uint8_t { kDatabase, kTable, kSecret };

// "ROLE" / "USER"; "DATABASE" / "TABLE" / "SECRET".
std::string_view GranteeTypeName(GranteeType type);
std::string_view GrantObjectName(GrantObject object);

// Who holds or receives grants: a role or a user (or service principal) by name.
struct Grantee {
  GranteeType type = GranteeType::kRole;
  std::string name;
  bool operator==(const Grantee& other) const = default;
};

// One stored privilege. 'object': "db" for databases, "db.t" for tables, the secret's name.
struct GrantRow {
  Grantee grantee;
  sql::Privilege privilege = sql::Privilege::kSelect;
  GrantObject object_kind = GrantObject::kTable;
  std::string object;
  std::string column;  // tables: "" = every column (also those added later), else one column
  bool operator==(const GrantRow& other) const = default;
};

// Rows of 'table' ("db.t") a grantee sees: where 'expression' (canonical SQL over the table's
// unqualified columns) is TRUE.
struct RowFilter {
  std::string name;
  std::string table;
  Grantee grantee;
  std::string expression;
};

// Thread-safe (through the database's mutex); borrows the database. Errors throw tarn::Error:
// kNotFound / kConflict as named below, kIoError / kCorrupt for the file.
class GrantStore {
 public:
  // Creates the grant tables in 'database' when missing.
  explicit GrantStore(SecurityDatabase& database);

  // Roles live in the table 'roles' (IdentityStore::RoleExists reads it too). A role exists when
  // it was created, is held by some principal (`tarn user create --role r`) or is "admin", which
  // is built in and cannot be created or dropped (kConflict).
  void CreateRole(std::string_view role);  // kConflict when it was created before
  // Drops the role, its grants, its row filters and its memberships. kNotFound when missing.
  void DropRole(std::string_view role);
  bool RoleExists(std::string_view role) const;
  std::vector<std::string> ListRoles() const;  // sorted, "admin" included
  // Whether a user or service principal named 'name' exists (disabled ones included).
  bool PrincipalExists(std::string_view name) const;

  // Adds 'rows' (already held ones are kept), in one transaction.
  void Grant(const std::vector<GrantRow>& rows);
  // Removes each row in one transaction. A row with column "" removes that privilege on the
  // object including its column grants. Throws kNotFound "no such grant: ..." naming the first
  // row that removed nothing (and removes none); with 'any_of', only when no row removed anything
  // (REVOKE ALL).
  void Revoke(const std::vector<GrantRow>& rows, bool any_of);
  // The grants held by any of 'grantees'.
  std::vector<GrantRow> GrantsOf(const std::vector<Grantee>& grantees) const;
  std::vector<GrantRow> AllGrants() const;

  // Removes every grant (any grantee, any column) and row filter on table 'table' ("db.t"): a
  // table created under the name of a dropped one starts without the old grants.
  void ForgetTable(std::string_view table);

  // Row filters: one per (table, grantee) and per (table, name); kConflict otherwise.
  void CreateRowFilter(const RowFilter& filter);
  void DropRowFilter(std::string_view name, std::string_view table);  // kNotFound when missing
  std::vector<RowFilter> RowFiltersOf(const std::vector<Grantee>& grantees) const;
  std::vector<RowFilter> AllRowFilters() const;

 private:
  SecurityDatabase& database_;
};

}  // namespace tarn::security
