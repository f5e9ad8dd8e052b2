// The AccessControl (sql/binder/access_control.h) of one principal over the grants in
// security.db: what the binder and the session ask for every table, column, statement and secret
// of a request or a `tarn sql` run. Rules in docs/authorization.md.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "security/authz/grant_store.h"
#include "security/identity/identity_store.h"
#include "sql/binder/access_control.h"

namespace tarn::security {

class SecretStore;

// One per request or session (not thread-safe); the stores it borrows are shared, thread-safe
// and outlive it. The principal's grants are read once, on first use, and again after Execute
// changed them. Administrators (role admin, the local administrator) pass every check.
class AccessPolicy final : public sql::AccessControl {
 public:
  // 'secrets' may be null: MaskingKey then throws Error(kNotSupported). 'identity' runs GRANT ROLE
  // and REVOKE ROLE.
  AccessPolicy(Principal principal, GrantStore& grants, IdentityStore& identity,
               SecretStore* secrets);

  const std::string& principal() const override { return principal_.name; }
  bool IsAdministrator() const override { return administrator_; }
  bool CanSeeDatabase(const std::string& database) const override;
  bool CanSeeTable(const std::string& database, const std::string& table) const override;
  sql::TableReadPolicy SelectPolicy(const std::string& database, const std::string& table) override;
  void CheckTable(sql::Privilege privilege, const std::string& database, const std::string& table,
                  const std::vector<std::string>& columns = {}) override;
  void CheckDatabase(sql::Privilege privilege, const std::string& database) override;
  void OnTableCreated(const std::string& database, const std::string& table) override;
  void OnTableDropped(const std::string& database, const std::string& table) override;
  bool CanUseSecret(const std::string& name) override;
  std::string MaskingKey() override;
  std::string Execute(const sql::AuthorizationStatement& statement) override;
  std::vector<std::vector<std::string>> ShowGrants(
      const sql::AuthorizationStatement& statement) override;
  std::vector<sql::AccessedObject> TakeAccessed() override;

  // The secret masking keys come from (32 random bytes, hex; created on first use).
  static constexpr const char* kMaskingKeySecret = "tarn.masking_key";

 private:
  // The principal's grants, indexed (see Load).
  struct Privileges {
    std::vector<GrantRow> rows;
    std::vector<RowFilter> filters;
  };
  const Privileges& Load() const;
  // The grantees whose grants the principal holds: its user and each of its roles.
  std::vector<Grantee> Grantees() const;
  // Whether 'grantee' holds 'privilege' on d.t through the database or the whole table;
  // 'column' non-empty also accepts a grant on that column.
  bool Holds(const Grantee* grantee, sql::Privilege privilege, const std::string& database,
             const std::string& table, const std::string& column) const;
  // Throws Error(kNotFound) at the grantee when its role or user does not exist.
  void CheckGrantee(const sql::AuthorizationStatement& statement) const;
  void Record(std::string kind, std::string name, std::string_view operation);
  [[noreturn]] void Deny(sql::Privilege privilege, const std::string& what) const;
  [[noreturn]] void NotVisible(const std::string& database, const std::string& table) const;

  Principal principal_;
  bool administrator_ = false;
  GrantStore& grants_;
  IdentityStore& identity_;
  SecretStore* secrets_;
  mutable std::optional<Privileges> cache_;
  std::optional<std::string> masking_key_;
  std::vector<sql::AccessedObject> accessed_;
};

}  // namespace tarn::security
