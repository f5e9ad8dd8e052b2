// `tarn secret set|list|delete`: named secrets for SQL's secret('name') (security/secrets).
#include <fmt/format.h>

#include <ctime>
#include <iostream>
#include <iterator>

#include "cli/help_formatter.h"
#include "cli/security_commands.h"
#include "cli/time_text.h"
#include "common/error.h"
#include "security/secrets/secret_store.h"
#include "storage/encryption/aes_gcm.h"

namespace tarn::cli {
namespace {

struct SecretArguments {
  storage::LakeOptions lake;
  std::string name;
};

std::string FormatTime(int64_t unix_seconds) { return FormatUnixSeconds(unix_seconds, "-"); }

void RunSet(const SecretArguments& arguments) {
  std::string value((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (value.ends_with("\n")) value.pop_back();
  if (value.ends_with("\r")) value.pop_back();
  RunAudited(arguments.lake, "secret.set", {"secret:" + arguments.name},
             [&](DataDirSecurity& security) {
               security::SecretStore store(security.identity().database(), security.keyring());
               store.Set(arguments.name, value);
               fmt::print("stored secret '{}' ({} bytes, sealed)\n", arguments.name, value.size());
             });
  storage::WipeBytes({reinterpret_cast<uint8_t*>(value.data()), value.size()});
}

void RunList(const SecretArguments& arguments) {
  RunAudited(arguments.lake, "secret.list", {}, [&](DataDirSecurity& security) {
    security::SecretStore store(security.identity().database(), security.keyring());
    fmt::print("{:<32}  {:<19}  {}\n", "name", "created (UTC)", "updated (UTC)");
    for (const auto& info : store.List()) {
      fmt::print("{:<32}  {:<19}  {}\n", info.name, FormatTime(info.created_unix_seconds),
                 FormatTime(info.updated_unix_seconds));
    }
  });
}

void RunDelete(const SecretArguments& arguments) {
  RunAudited(arguments.lake, "secret.delete", {"secret:" + arguments.name},
             [&](DataDirSecurity& security) {
               security::SecretStore store(security.identity().database(), security.keyring());
               if (!store.Delete(arguments.name)) {
                 throw Error(ErrorCode::kNotFound,
                             fmt::format("no secret named '{}'", arguments.name));
               }
               fmt::print("deleted secret '{}'\n", arguments.name);
             });
}

}  // namespace

void AddSecretCommand(CLI::App& app) {
  CLI::App* secret = app.add_subcommand("secret", "manage secrets usable in SQL");
  secret->require_subcommand(1);
  SetCommandHelp(secret, {
      "tarn secret set NAME [--data-dir DIR] < value\n"
      "tarn secret list [--data-dir DIR]\n"
      "tarn secret delete NAME [--data-dir DIR]",
      "Secrets are named values (HMAC keys for pseudonymization, credentials) sealed under the\n"
      "master key (AES-256-GCM, key purpose 'secrets') in <data-dir>/security.db. SQL reads\n"
      "them with secret('NAME'), e.g. hmac_sha256(email, secret('pseudonym_key')) gives the\n"
      "same pseudonym for the same input and cannot be reversed without the secret.\n"
      "\n"
      "set reads the value from stdin (one trailing newline is dropped), so it never appears\n"
      "in the process list or shell history; list shows names and times, never values.\n"
      "Values never appear in the audit log or in logs. Until grants on secrets exist, only\n"
      "the local administrator (tarn sql --data-dir DIR) may read secrets in SQL.",
      "head -c 32 /dev/urandom | base64 | tarn secret set pseudonym_key\n"
      "tarn sql --data-dir ./tarn-data -c \"SELECT hmac_sha256(email, secret('pseudonym_key')) "
      "FROM 'users.csv'\"\n"
      "tarn secret list",
  });
  auto arguments = std::make_shared<SecretArguments>();

  CLI::App* set = secret->add_subcommand("set", "create or replace a secret (value from stdin)");
  AddSecurityOptions(set, arguments->lake);
  set->add_option("NAME", arguments->name, "secret name")->required();
  set->callback([arguments]() { RunSet(*arguments); });

  CLI::App* list = secret->add_subcommand("list", "list secret names (never values)");
  AddSecurityOptions(list, arguments->lake);
  list->callback([arguments]() { RunList(*arguments); });

  CLI::App* remove = secret->add_subcommand("delete", "delete a secret");
  AddSecurityOptions(remove, arguments->lake);
  remove->add_option("NAME", arguments->name, "secret name")->required();
  remove->callback([arguments]() { RunDelete(*arguments); });
}

}  // namespace tarn::cli
