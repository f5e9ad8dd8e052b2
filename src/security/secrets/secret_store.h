// Named secrets (HMAC keys for pseudonymization, credentials of sources) kept sealed under the
// keyring (ValueSealer purpose "secrets") in <data-dir>/security.db. SQL reads them with
// secret('name'); values are never listed, logged or audited.
//
// Access: until authorization lands (USAGE grants on secrets), only administrators (the local
// administrator of `tarn ... --data-dir`, principals with role admin) may read a secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/encryption/keyring.h"

namespace tarn::security {

class SecurityDatabase;

struct SecretInfo {
  std::string name;
  int64_t created_unix_seconds = 0;
  int64_t updated_unix_seconds = 0;
};

// Thread-safe (through the database's mutex). Borrows the database and the keyring.
class SecretStore {
 public:
  SecretStore(SecurityDatabase& database, const storage::Keyring& keyring);

  // Creates or replaces 'name'. Throws Error(kInvalidArgument) for a bad name or empty value.
  void Set(std::string_view name, std::string_view value);
  // Returns the value, or nullopt when there is no such secret. Throws Error(kCorrupt) when the
  // stored value does not open (altered, or moved from another name).
  std::optional<std::string> Get(std::string_view name) const;
  // Names and times, never values; sorted by name.
  std::vector<SecretInfo> List() const;
  // Returns false when there was no such secret.
  bool Delete(std::string_view name);

 private:
  SecurityDatabase& database_;
  const storage::Keyring& keyring_;
};

}  // namespace tarn::security
