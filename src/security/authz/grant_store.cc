#include "security/authz/grant_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "security/identity/identity_store.h"
#include "security/identity/security_database.h"

namespace tarn::security {
namespace {

constexpr std::string_view kAdminRole = "admin";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS roles (
  name TEXT PRIMARY KEY,
  created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS authz_grants (
  grantee_type TEXT NOT NULL,
  grantee TEXT NOT NULL,
  privilege TEXT NOT NULL,
  object_kind TEXT NOT NULL,
  object TEXT NOT NULL,
  column_name TEXT NOT NULL,
  PRIMARY KEY (grantee_type, grantee, privilege, object_kind, object, column_name));
CREATE TABLE IF NOT EXISTS authz_row_filters (
  table_name TEXT NOT NULL,
  name TEXT NOT NULL,
  grantee_type TEXT NOT NULL,
  grantee TEXT NOT NULL,
  expression TEXT NOT NULL,
  PRIMARY KEY (table_name, name),
  UNIQUE (table_name, grantee_type, grantee));
)sql";

constexpr sql::Privilege kPrivileges[] = {
    sql::Privilege::kSelect, sql::Privilege::kInsert, sql::Privilege::kUpdate,
    sql::Privilege::kDelete, sql::Privilege::kAlter,  sql::Privilege::kDrop,
    sql::Privilege::kCreate, sql::Privilege::kUnmask, sql::Privilege::kUsage};

sql::Privilege ParsePrivilege(std::string_view text) {
  for (sql::Privilege privilege : kPrivileges) {
    if (sql::PrivilegeName(privilege) == text) return privilege;
  }
  throw Error(ErrorCode::kCorrupt, fmt::format("unknown privilege '{}' in the grant table", text));
}

GranteeType ParseGranteeType(std::string_view text) {
  return text == "USER" ? GranteeType::kUser : GranteeType::kRole;
}

GrantObject ParseObject(std::string_view text) {
  return text == "DATABASE" ? GrantObject::kDatabase
         : text == "SECRET" ? GrantObject::kSecret
                            : GrantObject::kTable;
}

// "SELECT (region) on table sales.orders to role analyst"
std::string Describe(const GrantRow& row) {
  std::string out(sql::PrivilegeName(row.privilege));
  if (!row.column.empty()) out += " (" + row.column + ")";
  std::string kind(GrantObjectName(row.object_kind));
  std::transform(kind.begin(), kind.end(), kind.begin(), ::tolower);
  std::string grantee(GranteeTypeName(row.grantee.type));
  std::transform(grantee.begin(), grantee.end(), grantee.begin(), ::tolower);
  return out + " on " + kind + " " + row.object + " to " + grantee + " " + row.grantee.name;
}

// "(grantee_type = ? AND grantee = ?) OR ..." for 'count' grantees; "0" for none.
std::string GranteeCondition(size_t count) {
  if (count == 0) return "0";
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += " OR ";
    out += "(grantee_type = ? AND grantee = ?)";
  }
  return out;
}

void BindGrantees(SqlStatement& statement, const std::vector<Grantee>& grantees) {
  int index = 1;
  for (const Grantee& grantee : grantees) {
    statement.Bind(index++, GranteeTypeName(grantee.type)).Bind(index++, grantee.name);
  }
}

std::vector<GrantRow> ReadGrants(SqlStatement& query) {
  std::vector<GrantRow> rows;
  while (query.Step()) {
    GrantRow row;
    row.grantee.type = ParseGranteeType(query.Text(0));
    row.grantee.name = query.Text(1);
    row.privilege = ParsePrivilege(query.Text(2));
    row.object_kind = ParseObject(query.Text(3));
    row.object = query.Text(4);
    row.column = query.Text(5);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<RowFilter> ReadFilters(SqlStatement& query) {
  std::vector<RowFilter> filters;
  while (query.Step()) {
    RowFilter filter;
    filter.table = query.Text(0);
    filter.name = query.Text(1);
    filter.grantee.type = ParseGranteeType(query.Text(2));
    filter.grantee.name = query.Text(3);
    filter.expression = query.Text(4);
    filters.push_back(std::move(filter));
  }
  return filters;
}

constexpr std::string_view kGrantColumns =
    "SELECT grantee_type, grantee, privilege, object_kind, object, column_name FROM authz_grants ";
constexpr std::string_view kGrantOrder = " ORDER BY grantee_type, grantee, object_kind, object, privilege, column_name";
constexpr std::string_view kFilterColumns =
    "SELECT table_name, name, grantee_type, grantee, expression FROM authz_row_filters ";

}  // namespace

std::string_view GranteeTypeName(GranteeType type) {
  return type == GranteeType::kUser ? "USER" : "ROLE";
}

std::string_view GrantObjectName(GrantObject object) {
  switch (object) {
    case GrantObject::kDatabase: return "DATABASE";
    case GrantObject::kTable: return "TABLE";
    case GrantObject::kSecret: return "SECRET";
  }
  return "TABLE";
}

GrantStore::GrantStore(SecurityDatabase& database) : database_(database) {
  std::lock_guard lock(database_.mutex());
  database_.Execute(kSchema);
}

void GrantStore::CreateRole(std::string_view role) {
  if (role == kAdminRole) {
    throw Error(ErrorCode::kConflict, "role admin is built in");
  }
  SecurityTransaction transaction(database_);
  SqlStatement exists(database_, "SELECT 1 FROM roles WHERE name = ?");
  exists.Bind(1, role);
  if (exists.Step()) throw Error(ErrorCode::kConflict, fmt::format("role {} already exists", role));
  SqlStatement insert(database_, "INSERT INTO roles (name, created) VALUES (?, ?)");
  insert.Bind(1, role).Bind(2, SecurityNow()).Run();
  transaction.Commit();
}

void GrantStore::DropRole(std::string_view role) {
  if (role == kAdminRole) throw Error(ErrorCode::kConflict, "role admin is built in");
  SecurityTransaction transaction(database_);
  if (!RoleExists(role)) {
    throw Error(ErrorCode::kNotFound, fmt::format("role {} does not exist", role));
  }
  SqlStatement remove(database_, "DELETE FROM roles WHERE name = ?");
  remove.Bind(1, role).Run();
  SqlStatement grants(database_,
                      "DELETE FROM authz_grants WHERE grantee_type = 'ROLE' AND grantee = ?");
  grants.Bind(1, role).Run();
  SqlStatement filters(database_,
                       "DELETE FROM authz_row_filters WHERE grantee_type = 'ROLE' AND grantee = ?");
  filters.Bind(1, role).Run();
  SqlStatement members(database_, "DELETE FROM principal_roles WHERE role = ?");
  members.Bind(1, role).Run();
  transaction.Commit();
}

bool GrantStore::RoleExists(std::string_view role) const {
  if (role == kAdminRole) return true;
  std::lock_guard lock(database_.mutex());
  SqlStatement exists(database_,
                      "SELECT 1 FROM roles WHERE name = ?1 "
                      "UNION ALL SELECT 1 FROM principal_roles WHERE role = ?1");
  exists.Bind(1, role);
  return exists.Step();
}

std::vector<std::string> GrantStore::ListRoles() const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, "SELECT name FROM roles UNION SELECT role FROM principal_roles");
  std::vector<std::string> roles = {std::string(kAdminRole)};
  while (query.Step()) roles.push_back(query.Text(0));
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

bool GrantStore::PrincipalExists(std::string_view name) const {
  std::lock_guard lock(database_.mutex());
  SqlStatement exists(database_, "SELECT 1 FROM principals WHERE name = ?");
  exists.Bind(1, name);
  return exists.Step();
}

void GrantStore::Grant(const std::vector<GrantRow>& rows) {
  SecurityTransaction transaction(database_);
  for (const GrantRow& row : rows) {
    SqlStatement insert(database_,
                        "INSERT OR IGNORE INTO authz_grants (grantee_type, grantee, privilege, "
                        "object_kind, object, column_name) VALUES (?, ?, ?, ?, ?, ?)");
    insert.Bind(1, GranteeTypeName(row.grantee.type)).Bind(2, row.grantee.name);
    insert.Bind(3, sql::PrivilegeName(row.privilege)).Bind(4, GrantObjectName(row.object_kind));
    insert.Bind(5, row.object).Bind(6, row.column).Run();
  }
  transaction.Commit();
}

void GrantStore::Revoke(const std::vector<GrantRow>& rows, bool any_of) {
  SecurityTransaction transaction(database_);
  bool removed_any = false;
  for (const GrantRow& row : rows) {
    // Without a column: the privilege on the whole object and on each of its columns.
    SqlStatement remove(database_,
                        row.column.empty()
                            ? "DELETE FROM authz_grants WHERE grantee_type = ? AND grantee = ? AND "
                              "privilege = ? AND object_kind = ? AND object = ?"
                            : "DELETE FROM authz_grants WHERE grantee_type = ? AND grantee = ? AND "
                              "privilege = ? AND object_kind = ? AND object = ? AND "
                              "column_name = ?");
    remove.Bind(1, GranteeTypeName(row.grantee.type)).Bind(2, row.grantee.name);
    remove.Bind(3, sql::PrivilegeName(row.privilege)).Bind(4, GrantObjectName(row.object_kind));
    remove.Bind(5, row.object);
    if (!row.column.empty()) remove.Bind(6, row.column);
    remove.Run();
    bool removed = database_.changes() > 0;
    removed_any |= removed;
    if (!removed && !any_of) {
      throw Error(ErrorCode::kNotFound, "no such grant: " + Describe(row));
    }
  }
  if (!removed_any && !rows.empty()) {
    GrantRow any = rows.front();
    throw Error(ErrorCode::kNotFound,
                fmt::format("no such grant: any privilege on {} {} to {} {}",
                            any.object_kind == GrantObject::kDatabase ? "database"
                            : any.object_kind == GrantObject::kSecret ? "secret"
                                                                      : "table",
                            any.object, any.grantee.type == GranteeType::kUser ? "user" : "role",
                            any.grantee.name));
  }
  transaction.Commit();
}

std::vector<GrantRow> GrantStore::GrantsOf(const std::vector<Grantee>& grantees) const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, std::string(kGrantColumns) + "WHERE " +
                                    GranteeCondition(grantees.size()) + std::string(kGrantOrder));
  BindGrantees(query, grantees);
  return ReadGrants(query);
}

std::vector<GrantRow> GrantStore::AllGrants() const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, std::string(kGrantColumns) + std::string(kGrantOrder));
  return ReadGrants(query);
}

void GrantStore::ForgetTable(std::string_view table) {
  SecurityTransaction transaction(database_);
  SqlStatement grants(database_,
                      "DELETE FROM authz_grants WHERE object_kind = 'TABLE' AND object = ?");
  grants.Bind(1, table).Run();
  SqlStatement filters(database_, "DELETE FROM authz_row_filters WHERE table_name = ?");
  filters.Bind(1, table).Run();
  transaction.Commit();
}

void GrantStore::CreateRowFilter(const RowFilter& filter) {
  SecurityTransaction transaction(database_);
  {
    SqlStatement same_name(database_,
                           "SELECT 1 FROM authz_row_filters WHERE table_name = ? AND name = ?");
    same_name.Bind(1, filter.table).Bind(2, filter.name);
    if (same_name.Step()) {
      throw Error(ErrorCode::kConflict, fmt::format("row filter {} on table {} already exists",
                                                    filter.name, filter.table));
    }
    SqlStatement same_grantee(database_,
                              "SELECT name FROM authz_row_filters WHERE table_name = ? AND "
                              "grantee_type = ? AND grantee = ?");
    same_grantee.Bind(1, filter.table).Bind(2, GranteeTypeName(filter.grantee.type));
    same_grantee.Bind(3, filter.grantee.name);
    if (same_grantee.Step()) {
      std::string grantee(filter.grantee.type == GranteeType::kUser ? "user " : "role ");
      throw Error(ErrorCode::kConflict,
                  fmt::format("{}{} already has row filter {} on table {} (one per table; drop it "
                              "or combine the conditions)",
                              grantee, filter.grantee.name, same_grantee.Text(0), filter.table));
    }
  }
  SqlStatement insert(database_,
                      "INSERT INTO authz_row_filters (table_name, name, grantee_type, grantee, "
                      "expression) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(1, filter.table).Bind(2, filter.name).Bind(3, GranteeTypeName(filter.grantee.type));
  insert.Bind(4, filter.grantee.name).Bind(5, filter.expression).Run();
  transaction.Commit();
}

void GrantStore::DropRowFilter(std::string_view name, std::string_view table) {
  SecurityTransaction transaction(database_);
  SqlStatement remove(database_,
                      "DELETE FROM authz_row_filters WHERE table_name = ? AND name = ?");
  remove.Bind(1, table).Bind(2, name).Run();
  if (database_.changes() == 0) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("row filter {} on table {} does not exist", name, table));
  }
  transaction.Commit();
}

std::vector<RowFilter> GrantStore::RowFiltersOf(const std::vector<Grantee>& grantees) const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, std::string(kFilterColumns) + "WHERE " +
                                    GranteeCondition(grantees.size()) +
                                    " ORDER BY table_name, name");
  BindGrantees(query, grantees);
  return ReadFilters(query);
}

std::vector<RowFilter> GrantStore::AllRowFilters() const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, std::string(kFilterColumns) + "ORDER BY table_name, name");
  return ReadFilters(query);
}

}  // namespace tarn::security
