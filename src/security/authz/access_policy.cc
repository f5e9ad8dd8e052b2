// The checks of AccessPolicy; its statements (GRANT, REVOKE, ...) are in
// access_policy_statements.cc.
#include "security/authz/access_policy.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "security/secrets/secret_store.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

constexpr sql::Privilege kTablePrivileges[] = {
    sql::Privilege::kSelect, sql::Privilege::kInsert, sql::Privilege::kUpdate,
    sql::Privilege::kDelete, sql::Privilege::kAlter,  sql::Privilege::kDrop};

std::string TableKey(const std::string& database, const std::string& table) {
  return database + "." + table;
}

}  // namespace

AccessPolicy::AccessPolicy(Principal principal, GrantStore& grants, IdentityStore& identity,
                           SecretStore* secrets)
    : principal_(std::move(principal)),
      administrator_(principal_.IsAdmin()),
      grants_(grants),
      identity_(identity),
      secrets_(secrets) {}

std::vector<Grantee> AccessPolicy::Grantees() const {
  std::vector<Grantee> grantees;
  if (principal_.kind != PrincipalKind::kLocal) grantees.push_back({GranteeType::kUser, principal_.name});
  for (const std::string& role : principal_.roles) grantees.push_back({GranteeType::kRole, role});
  return grantees;
}

const AccessPolicy::Privileges& AccessPolicy::Load() const {
  if (!cache_) {
    std::vector<Grantee> grantees = Grantees();
    Privileges privileges;
    privileges.rows = grants_.GrantsOf(grantees);
    privileges.filters = grants_.RowFiltersOf(grantees);
    cache_ = std::move(privileges);
  }
  return *cache_;
}

bool AccessPolicy::Holds(const Grantee* grantee, sql::Privilege privilege,
                         const std::string& database, const std::string& table,
                         const std::string& column) const {
  std::string key = TableKey(database, table);
  for (const GrantRow& row : Load().rows) {
    if (row.privilege != privilege || (grantee != nullptr && !(row.grantee == *grantee))) continue;
    if (row.object_kind == GrantObject::kDatabase && row.object == database) return true;
    if (row.object_kind == GrantObject::kTable && row.object == key &&
        (row.column.empty() || (!column.empty() && row.column == column))) {
      return true;
    }
  }
  return false;
}

bool AccessPolicy::CanSeeDatabase(const std::string& database) const {
  if (administrator_) return true;
  std::string prefix = database + ".";
  for (const GrantRow& row : Load().rows) {
    if (row.object_kind == GrantObject::kDatabase && row.object == database) return true;
    if (row.object_kind == GrantObject::kTable && row.object.compare(0, prefix.size(), prefix) == 0) {
      return true;
    }
  }
  return false;
}

bool AccessPolicy::CanSeeTable(const std::string& database, const std::string& table) const {
  if (administrator_) return true;
  std::string key = TableKey(database, table);
  for (const GrantRow& row : Load().rows) {
    if (row.object_kind == GrantObject::kDatabase && row.object == database) return true;
    if (row.object_kind == GrantObject::kTable && row.object == key) return true;
  }
  return false;
}

sql::TableReadPolicy AccessPolicy::SelectPolicy(const std::string& database,
                                                const std::string& table) {
  std::string key = TableKey(database, table);
  Record("table", key, "SELECT");
  sql::TableReadPolicy policy;
  if (administrator_) {
    policy.all_columns = true;
    policy.unmask = true;
    return policy;
  }
  if (!CanSeeTable(database, table)) NotVisible(database, table);
  const Privileges& privileges = Load();
  bool selecting = false;
  bool unfiltered = false;
  std::vector<std::string> filters;
  for (const Grantee& grantee : Grantees()) {
    bool whole = Holds(&grantee, sql::Privilege::kSelect, database, table, "");
    bool some_columns = false;
    for (const GrantRow& row : privileges.rows) {
      if (row.grantee == grantee && row.privilege == sql::Privilege::kSelect &&
          row.object_kind == GrantObject::kTable && row.object == key && !row.column.empty()) {
        some_columns = true;
        policy.columns.push_back(row.column);
      }
    }
    if (!whole && !some_columns) continue;
    selecting = true;
    policy.all_columns |= whole;
    const RowFilter* filter = nullptr;
    for (const RowFilter& candidate : privileges.filters) {
      if (candidate.table == key && candidate.grantee == grantee) filter = &candidate;
    }
    if (filter == nullptr) {
      unfiltered = true;
    } else {
      filters.push_back(filter->expression);
    }
  }
  if (!selecting) Deny(sql::Privilege::kSelect, "table " + key);
  // UNMASK may also be held by a grantee that cannot SELECT (a role only for unmasking).
  for (const Grantee& grantee : Grantees()) {
    policy.unmask |= Holds(&grantee, sql::Privilege::kUnmask, database, table, "");
  }
  std::sort(policy.columns.begin(), policy.columns.end());
  policy.columns.erase(std::unique(policy.columns.begin(), policy.columns.end()),
                       policy.columns.end());
  if (policy.all_columns) policy.columns.clear();
  if (!unfiltered) {
    std::sort(filters.begin(), filters.end());
    filters.erase(std::unique(filters.begin(), filters.end()), filters.end());
    std::string combined;
    for (const std::string& filter : filters) {
      if (!combined.empty()) combined += " OR ";
      combined += filters.size() == 1 ? filter : "(" + filter + ")";
    }
    policy.row_filter = std::move(combined);
  }
  return policy;
}

void AccessPolicy::CheckTable(sql::Privilege privilege, const std::string& database,
                              const std::string& table, const std::vector<std::string>& columns) {
  std::string key = TableKey(database, table);
  Record("table", key, sql::PrivilegeName(privilege));
  if (administrator_) return;
  if (!CanSeeTable(database, table)) NotVisible(database, table);
  if (columns.empty()) {
    if (!Holds(nullptr, privilege, database, table, "")) Deny(privilege, "table " + key);
    return;
  }
  for (const std::string& column : columns) {
    if (!Holds(nullptr, privilege, database, table, column)) {
      Deny(privilege, "(" + column + ") on table " + key);
    }
  }
}

void AccessPolicy::CheckDatabase(sql::Privilege privilege, const std::string& database) {
  Record("database", database, sql::PrivilegeName(privilege));
  if (administrator_) return;
  for (const GrantRow& row : Load().rows) {
    if (row.object_kind == GrantObject::kDatabase && row.object == database &&
        row.privilege == privilege) {
      return;
    }
  }
  if (!CanSeeDatabase(database)) {
    throw Error(ErrorCode::kNotFound, "database \"" + database + "\" does not exist");
  }
  Deny(privilege, "database " + database);
}

void AccessPolicy::OnTableCreated(const std::string& database, const std::string& table) {
  // A new table: grants left from a dropped table of the same name do not carry over.
  grants_.ForgetTable(TableKey(database, table));
  cache_.reset();
  // The local administrator is no user a grant could name; it holds everything anyway.
  if (principal_.kind == PrincipalKind::kLocal) return;
  std::vector<GrantRow> rows;
  for (sql::Privilege privilege : kTablePrivileges) {
    GrantRow row;
    row.grantee = {GranteeType::kUser, principal_.name};
    row.privilege = privilege;
    row.object_kind = GrantObject::kTable;
    row.object = TableKey(database, table);
    rows.push_back(std::move(row));
  }
  grants_.Grant(rows);
  cache_.reset();
}

void AccessPolicy::OnTableDropped(const std::string& database, const std::string& table) {
  grants_.ForgetTable(TableKey(database, table));
  cache_.reset();
}

bool AccessPolicy::CanUseSecret(const std::string& name) {
  Record("secret", name, "USAGE");
  if (administrator_) return true;
  for (const GrantRow& row : Load().rows) {
    if (row.object_kind == GrantObject::kSecret && row.object == name &&
        row.privilege == sql::Privilege::kUsage) {
      return true;
    }
  }
  return false;
}

std::string AccessPolicy::MaskingKey() {
  if (masking_key_) return *masking_key_;
  if (secrets_ == nullptr) {
    throw Error(ErrorCode::kNotSupported,
                "not supported: masking pii columns without the data directory's secret store");
  }
  std::optional<std::string> key = secrets_->Get(kMaskingKeySecret);
  if (!key) {
    secrets_->Set(kMaskingKeySecret, storage::RandomHex(32));
    key = secrets_->Get(kMaskingKeySecret);  // another process may have set it first
  }
  TARN_CHECK(key.has_value());
  masking_key_ = std::move(key);
  return *masking_key_;
}

std::vector<sql::AccessedObject> AccessPolicy::TakeAccessed() {
  std::vector<sql::AccessedObject> out = std::move(accessed_);
  accessed_.clear();
  return out;
}

void AccessPolicy::Record(std::string kind, std::string name, std::string_view operation) {
  for (const sql::AccessedObject& object : accessed_) {
    if (object.kind == kind && object.name == name && object.operation == operation) return;
  }
  accessed_.push_back({std::move(kind), std::move(name), std::string(operation)});
}

void AccessPolicy::Deny(sql::Privilege privilege, const std::string& what) const {
  throw Error(ErrorCode::kPermissionDenied,
              fmt::format("permission denied: {} {}{}", sql::PrivilegeName(privilege),
                          what.front() == '(' ? "" : "on ", what));
}

void AccessPolicy::NotVisible(const std::string& database, const std::string& table) const {
  throw Error(ErrorCode::kNotFound, "table \"" + TableKey(database, table) + "\" does not exist");
}

}  // namespace tarn::security
