// The Ed25519 key that signs audit digests (through OpenSSL's EVP). The private key is kept
// sealed (ValueSealer purpose "audit") in <audit-dir>/signing.key, mode 0600; its public key in
// <audit-dir>/signing.pub as hex, so anyone can check digests without the keyring.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/encryption/keyring.h"

namespace tarn::security {

using Ed25519PublicKey = std::array<uint8_t, 32>;

// Holds a private signing key; the key bytes are wiped on destruction. Thread-safe (const).
class AuditSigner {
 public:
  // Loads the signing key of 'audit_dir', creating both files on first use. Throws
  // Error(kCorrupt) when signing.key does not open under the keyring, kIoError on file errors.
  static std::unique_ptr<AuditSigner> LoadOrCreate(const std::string& audit_dir,
                                                   const storage::Keyring& keyring);
  // Loads an existing key only; nullptr when signing.key does not exist.
  static std::unique_ptr<AuditSigner> Load(const std::string& audit_dir,
                                           const storage::Keyring& keyring);
  ~AuditSigner();

  // Returns the 64-byte Ed25519 signature of 'message' as hex.
  std::string Sign(std::string_view message) const;
  const Ed25519PublicKey& public_key() const { return public_key_; }

 private:
  AuditSigner() = default;
  std::array<uint8_t, 32> private_key_{};
  Ed25519PublicKey public_key_{};
};

// Reads <audit_dir>/signing.pub; nullopt when missing or malformed.
std::optional<Ed25519PublicKey> ReadAuditPublicKey(const std::string& audit_dir);

// Whether 'signature_hex' is a valid Ed25519 signature of 'message' under 'key'.
bool VerifyAuditSignature(const Ed25519PublicKey& key, std::string_view message,
                          std::string_view signature_hex);

}  // namespace tarn::security
