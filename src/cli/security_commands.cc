// DataDirSecurity and RunAudited: what the user, token, secret and audit commands share.
#include "cli/security_commands.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>

#include "common/error.h"
#include "security/secrets/secret_store.h"
#include "server/query/audit_action.h"
#include "server/query/audit_table.h"

namespace tarn::cli {
namespace {

std::unique_ptr<storage::Keyring> OpenOrCreateKeyring(const storage::LakeOptions& options) {
  bool created = false;
  auto keyring = storage::OpenLakeKeyring(options, &created);
  if (created) {
    fmt::print(stderr,
               "created master key version 1 in {} (mode 0600); back it up and keep a copy away "
               "from the data directory\n",
               options.ResolvedKeyFile());
  }
  return keyring;
}

}  // namespace

DataDirSecurity::DataDirSecurity(const storage::LakeOptions& options)
    : data_dir_(options.data_dir), keyring_(OpenOrCreateKeyring(options)) {
  audit_ = security::AuditLog::Open(data_dir_, *keyring_);
}

DataDirSecurity::~DataDirSecurity() = default;

security::IdentityStore& DataDirSecurity::identity() {
  if (identity_ == nullptr) {
    identity_ = security::IdentityStore::Open(data_dir_);
    if (std::optional<security::NewToken> bootstrap = identity_->TakeBootstrapCredential()) {
      std::fflush(stdout);
      fmt::print(stderr,
                 "created the administrator 'admin' (role admin). Its API token is shown only "
                 "now; store it safely:\n{}\n",
                 bootstrap->secret);
      Record("user.bootstrap", {"user:admin", "token:" + bootstrap->id}, nullptr);
    }
  }
  return *identity_;
}

void DataDirSecurity::Record(std::string action, std::vector<std::string> objects,
                             const std::string* error, std::string statement, int64_t rows,
                             std::optional<ErrorCode> error_code) {
  security::Principal local = security::Principal::LocalAdministrator();
  security::AuditEntry entry;
  entry.request_id = "cli-" + std::to_string(::getpid());
  entry.principal = local.name;
  entry.principal_kind = std::string(security::PrincipalKindName(local.kind));
  entry.source_address = fmt::format("cli uid {}", ::getuid());
  entry.action = std::move(action);
  entry.objects = std::move(objects);
  entry.statement = std::move(statement);
  entry.outcome = error == nullptr                          ? "success"
                  : error_code == ErrorCode::kPermissionDenied ? "denied"
                                                               : "error";
  if (error != nullptr) {
    entry.detail = *error;
    if (error_code) {
      entry.error_code = std::string(ErrorCodeName(*error_code));
      for (char& c : entry.error_code) c = c == ' ' ? '_' : c;
    }
  }
  entry.rows = rows;
  audit_->Record(entry);
}

void AttachSqlSecurity(DataDirSecurity& security, ScriptOptions& options) {
  // The local administrator reads the audit trail as a table: SELECT * FROM tarn_audit_log().
  options.session.table_functions = [&security](const std::string& name,
                                                const std::vector<exec::Value>& arguments,
                                                sql::AccessControl* access) {
    return server::AuditTableFunction(security.data_dir(), security.keyring(), name, arguments,
                                      access);
  };
  // The objects each statement touched (the session's AccessControl), for its audit entry, and
  // its action named as the server names it ("query SELECT"; "query" when nothing parsed).
  auto touched = std::make_shared<std::vector<std::string>>();
  auto action = std::make_shared<std::string>(server::kUnparsedQueryAction);
  options.session.on_statement = [touched, action](const sql::Statement& statement,
                                                   const sql::QueryResult*, const Error*,
                                                   sql::AccessControl* access) {
    *action = server::QueryAuditAction(statement);
    if (access == nullptr) return;
    for (const sql::AccessedObject& object : access->TakeAccessed()) {
      touched->push_back(object.kind + ":" + object.name + ":" + object.operation);
    }
  };
  // The Session keeps the values out of error messages (and so out of the audit trail).
  options.session.secret_lookup = [&security](const std::string& name) {
    security::SecretStore store(security.identity().database(), security.keyring());
    return store.Get(name);
  };
  options.on_statement = [&security, touched, action](
                             const std::string& statement,
                             const std::vector<sql::QueryResult>* results,
                             const Error* error) {
    int64_t rows = -1;
    if (results != nullptr) {
      rows = 0;
      for (const auto& result : *results) {
        rows += result.affected_rows >= 0 ? result.affected_rows
                                          : static_cast<int64_t>(result.row_count());
      }
    }
    std::string message = error != nullptr ? error->message() : std::string();
    std::vector<std::string> objects = std::move(*touched);
    touched->clear();
    security.Record(std::exchange(*action, server::kUnparsedQueryAction), std::move(objects), error != nullptr ? &message : nullptr, statement,
                    rows,
                    error != nullptr ? std::optional(error->code()) : std::nullopt);
  };
}

void AddSecurityOptions(CLI::App* command, storage::LakeOptions& options) {
  command->add_option("--data-dir", options.data_dir, "data directory (default ./tarn-data)");
  command->add_option(
      "--key-file", options.key_file,
      "master key file (default <data-dir>/keys/master.key; TARN_MASTER_KEY overrides)");
}

void RunAudited(const storage::LakeOptions& options, const std::string& action,
                std::vector<std::string> objects,
                const std::function<void(DataDirSecurity& security)>& body) {
  DataDirSecurity security(options);
  try {
    body(security);
  } catch (const Error& error) {
    std::string message = error.message();
    security.Record(action, std::move(objects), &message);
    throw;
  }
  security.Record(action, std::move(objects), nullptr);
}

}  // namespace tarn::cli
