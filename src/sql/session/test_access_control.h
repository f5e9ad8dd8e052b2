// Test-only: an in-memory AccessControl (sql/binder/access_control.h) whose grants a test sets
// directly, for the enforcement tests of the binder and the statements. The real one, over the
// grants in security.db, is security/authz.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "sql/binder/access_control.h"

namespace tarn::sql {

class TestAccessControl : public AccessControl {
 public:
  // What the principal holds on one table ("d.t").
  struct TableGrant {
    std::set<Privilege> privileges;  // kSelect with 'read' as its policy
    TableReadPolicy read;
  };

  explicit TestAccessControl(std::string principal, bool administrator = false)
      : principal_(std::move(principal)), administrator_(administrator) {}

  // Grants, set by the test.
  std::map<std::string, TableGrant> tables;
  std::set<std::string> create_databases;  // CREATE ON DATABASE d
  std::set<std::string> secrets;           // USAGE ON SECRET s
  std::string masking_key = "test masking key 0123456789";

  const std::string& principal() const override { return principal_; }
  bool IsAdministrator() const override { return administrator_; }

  bool CanSeeDatabase(const std::string& database) const override {
    if (administrator_ || create_databases.count(database) > 0) return true;
    for (const auto& [name, grant] : tables) {
      if (name.rfind(database + ".", 0) == 0) return true;
    }
    return false;
  }
  bool CanSeeTable(const std::string& database, const std::string& table) const override {
    return administrator_ || tables.count(database + "." + table) > 0;
  }
  TableReadPolicy SelectPolicy(const std::string& database, const std::string& table) override {
    Record("table", database + "." + table, "SELECT");
    if (administrator_) {
      TableReadPolicy all;
      all.all_columns = true;
      all.unmask = true;
      return all;
    }
    auto grant = tables.find(database + "." + table);
    if (grant == tables.end() || grant->second.privileges.count(Privilege::kSelect) == 0) {
      throw Error(ErrorCode::kPermissionDenied,
                  "permission denied: SELECT on table " + database + "." + table);
    }
    return grant->second.read;
  }
  void CheckTable(Privilege privilege, const std::string& database, const std::string& table,
                  const std::vector<std::string>& columns) override {
    Record("table", database + "." + table, Name(privilege));
    checked_columns = columns;
    if (administrator_) return;
    auto grant = tables.find(database + "." + table);
    if (grant == tables.end() || grant->second.privileges.count(privilege) == 0) {
      throw Error(ErrorCode::kPermissionDenied,
                  "permission denied: " + Name(privilege) + " on table " + database + "." + table);
    }
  }
  void CheckDatabase(Privilege privilege, const std::string& database) override {
    Record("database", database, Name(privilege));
    if (administrator_ || (privilege == Privilege::kCreate && create_databases.count(database))) {
      return;
    }
    throw Error(ErrorCode::kPermissionDenied,
                "permission denied: " + Name(privilege) + " on database " + database);
  }
  void OnTableCreated(const std::string& database, const std::string& table) override {
    TableGrant& grant = tables[database + "." + table];
    grant.privileges = {Privilege::kSelect, Privilege::kInsert, Privilege::kUpdate,
                        Privilege::kDelete, Privilege::kAlter,  Privilege::kDrop};
    grant.read.all_columns = true;
    grant.read.unmask = true;
  }
  void OnTableDropped(const std::string& database, const std::string& table) override {
    tables.erase(database + "." + table);
    dropped.push_back(database + "." + table);
  }
  bool CanUseSecret(const std::string& name) override {
    Record("secret", name, "USAGE");
    return administrator_ || secrets.count(name) > 0;
  }
  std::string MaskingKey() override { return masking_key; }
  std::string Execute(const AuthorizationStatement&) override {
    throw Error(ErrorCode::kNotSupported, "not supported: authorization statements in this test");
  }
  std::vector<std::vector<std::string>> ShowGrants(const AuthorizationStatement&) override {
    throw Error(ErrorCode::kNotSupported, "not supported: SHOW GRANTS in this test");
  }
  std::vector<AccessedObject> TakeAccessed() override {
    std::vector<AccessedObject> taken = std::move(accessed_);
    accessed_.clear();
    return taken;
  }

  std::vector<std::string> dropped;          // "d.t" of each OnTableDropped
  std::vector<std::string> checked_columns;  // the columns of the last CheckTable

 private:
  static std::string Name(Privilege privilege) {
    switch (privilege) {
      case Privilege::kSelect: return "SELECT";
      case Privilege::kInsert: return "INSERT";
      case Privilege::kUpdate: return "UPDATE";
      case Privilege::kDelete: return "DELETE";
      case Privilege::kAlter: return "ALTER";
      case Privilege::kDrop: return "DROP";
      case Privilege::kCreate: return "CREATE";
      case Privilege::kUnmask: return "UNMASK";
      case Privilege::kUsage: return "USAGE";
    }
    return "?";
  }
  void Record(const char* kind, std::string name, std::string operation) {
    accessed_.push_back({kind, std::move(name), std::move(operation)});
  }

  std::string principal_;
  bool administrator_;
  std::vector<AccessedObject> accessed_;
};

}  // namespace tarn::sql
