// Seals short values that hold table data or secrets but live outside data objects: column
// statistics and watermarks in the catalog, secrets in the secret store. A sealed value is
// AES-256-GCM under a key derived (HKDF-SHA-256) from a master key version and a purpose label,
// so the catalog and the secret store never share a key, and rotating the master key needs no
// re-encryption to stay readable (old versions stay in the keyring).
//
// Sealed text: "s1." <master version, decimal> "." <hex of nonce, ciphertext, tag>.
// The purpose and an optional context string (e.g. "table 7 column price") are authenticated, so
// a sealed value copied to another place fails to open.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "storage/encryption/keyring.h"

namespace tarn::storage {

// Thread-safe. Borrows the keyring, which must outlive it.
class ValueSealer {
 public:
  // 'purpose' names the user of the keys: "catalog", "secrets", "audit".
  ValueSealer(const Keyring& keyring, std::string purpose);

  // Encrypts 'plaintext' under the current master key version.
  std::string Seal(std::string_view plaintext, std::string_view context = {}) const;
  // Decrypts a value Seal returned. Throws Error(kCorrupt) when it is malformed or was altered or
  // moved, Error(kNotFound) when its master key version is not in the keyring.
  std::string Open(std::string_view sealed, std::string_view context = {}) const;
  // Whether 'text' has the sealed form (cheap check, no decryption).
  static bool IsSealed(std::string_view text);

 private:
  const Keyring& keyring_;
  std::string purpose_;
};

}  // namespace tarn::storage
