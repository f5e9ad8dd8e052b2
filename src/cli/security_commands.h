// `tarn user`, `tarn token`, `tarn secret`, `tarn audit`: administration of identities, secrets and
// the audit trail on a data directory (security/). Whoever can run these on the data directory is
// its local administrator. Each command is recorded in the audit log.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/script_runner.h"
#include "security/audit/audit_log.h"
#include "security/identity/identity_store.h"
#include "storage/encryption/keyring.h"
#include "storage/lake_store.h"

namespace tarn::cli {

void AddUserCommand(CLI::App& app);
void AddTokenCommand(CLI::App& app);
void AddSecretCommand(CLI::App& app);
void AddAuditCommand(CLI::App& app);

// The data directory's security state as a CLI command uses it: the keyring (the key file is
// created on first use, as `tarn keys init` does), the identity store (its first open creates the
// administrator and prints the one-time credential on stderr), and the audit log.
class DataDirSecurity {
 public:
  explicit DataDirSecurity(const storage::LakeOptions& options);
  ~DataDirSecurity();

  const storage::Keyring& keyring() { return *keyring_; }
  security::IdentityStore& identity();
  security::AuditLog& audit() { return *audit_; }
  const std::string& data_dir() const { return data_dir_; }

  // Records one action of the local administrator. 'error' null = success; 'error_code' of a
  // failed statement (kPermissionDenied is recorded as outcome "denied").
  void Record(std::string action, std::vector<std::string> objects, const std::string* error,
              std::string statement = {}, int64_t rows = -1,
              std::optional<ErrorCode> error_code = std::nullopt);

 private:
  std::string data_dir_;
  std::unique_ptr<storage::Keyring> keyring_;
  std::unique_ptr<security::IdentityStore> identity_;
  std::unique_ptr<security::AuditLog> audit_;
};

// Makes `tarn sql --data-dir` audited and lets it read secrets: 'options' gets an on_statement
// hook recording every statement (text sealed, outcome, rows) as the local administrator, and a
// secret lookup for secret('name'). 'security' must outlive the script runner.
void AttachSqlSecurity(DataDirSecurity& security, ScriptOptions& options);

// Adds --data-dir DIR and --key-file FILE (same meaning as for every lake command).
void AddSecurityOptions(CLI::App* command, storage::LakeOptions& options);

// Runs 'body' for the command 'action' on the data directory and records it in the audit log:
// success, or the error's message before the error propagates.
void RunAudited(const storage::LakeOptions& options, const std::string& action,
                std::vector<std::string> objects,
                const std::function<void(DataDirSecurity& security)>& body);

}  // namespace tarn::cli
