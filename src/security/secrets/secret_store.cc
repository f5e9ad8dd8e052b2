#include "security/secrets/secret_store.h"

#include <fmt/format.h>

#include <cctype>

#include "common/error.h"
#include "security/identity/identity_store.h"
#include "security/identity/security_database.h"
#include "storage/encryption/value_sealer.h"

namespace tarn::security {
namespace {

constexpr std::string_view kPurpose = "secrets";

void CheckSecretName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  }
  if (!ok) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid secret name '{}': use 1-128 letters, digits, '_', '.' or '-', "
                            "starting with a letter",
                            name));
  }
}

std::string Context(std::string_view name) { return "secret " + std::string(name); }

}  // namespace

SecretStore::SecretStore(SecurityDatabase& database, const storage::Keyring& keyring)
    : database_(database), keyring_(keyring) {}

void SecretStore::Set(std::string_view name, std::string_view value) {
  CheckSecretName(name);
  if (value.empty()) throw Error(ErrorCode::kInvalidArgument, "the secret value is empty");
  std::string sealed = storage::ValueSealer(keyring_, std::string(kPurpose)).Seal(value, Context(name));
  SecurityTransaction transaction(database_);
  SqlStatement upsert(database_,
                      "INSERT INTO secrets (name, sealed, created, updated) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, "
                      "updated = excluded.updated");
  int64_t now = SecurityNow();
  upsert.Bind(1, name).Bind(2, sealed).Bind(3, now).Bind(4, now).Run();
  transaction.Commit();
}

std::optional<std::string> SecretStore::Get(std::string_view name) const {
  std::string sealed;
  {
    std::lock_guard lock(database_.mutex());
    SqlStatement query(database_, "SELECT sealed FROM secrets WHERE name = ?");
    query.Bind(1, name);
    if (!query.Step()) return std::nullopt;
    sealed = query.Text(0);
  }
  try {
    return storage::ValueSealer(keyring_, std::string(kPurpose)).Open(sealed, Context(name));
  } catch (const Error& error) {
    throw Error(error.code(), fmt::format("secret '{}' does not open: {}", name, error.message()))
        .At({database_.path(), 0, 0, -1});
  }
}

std::vector<SecretInfo> SecretStore::List() const {
  std::lock_guard lock(database_.mutex());
  SqlStatement query(database_, "SELECT name, created, updated FROM secrets ORDER BY name");
  std::vector<SecretInfo> out;
  while (query.Step()) out.push_back({query.Text(0), query.Int64(1), query.Int64(2)});
  return out;
}

bool SecretStore::Delete(std::string_view name) {
  SecurityTransaction transaction(database_);
  SqlStatement remove(database_, "DELETE FROM secrets WHERE name = ?");
  remove.Bind(1, name).Run();
  bool removed = database_.changes() > 0;
  transaction.Commit();
  return removed;
}

}  // namespace tarn::security
