// AES-256-GCM through OpenSSL's EVP interface: the one primitive behind object encryption (data
// segments) and key wrapping (data keys under master keys). Hardware AES and carry-less multiply
// are used when the CPU has them (OpenSSL picks at run time).
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace tarn::storage {

constexpr size_t kAesKeySize = 32;    // AES-256
constexpr size_t kGcmNonceSize = 12;  // 96-bit nonces: the GCM fast path (NIST SP 800-38D)
constexpr size_t kGcmTagSize = 16;    // full-length tags

// A key scheduled once and reused for many messages. Not thread-safe: one instance per thread.
// The key schedule lives inside OpenSSL's context and is wiped when the instance is destroyed.
class AesGcm {
 public:
  explicit AesGcm(std::span<const uint8_t, kAesKeySize> key);
  ~AesGcm();
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;

  // Encrypts 'plaintext' into 'ciphertext' (same size; may alias) and writes the tag.
  void Encrypt(std::span<const uint8_t, kGcmNonceSize> nonce, std::span<const uint8_t> aad,
               std::span<const uint8_t> plaintext, uint8_t* ciphertext, uint8_t* tag);

  // Decrypts into 'plaintext' (same size; may alias) and checks the tag. Returns false when the
  // tag does not match (wrong key, or any bit of nonce, aad, ciphertext or tag changed); the
  // plaintext is then garbage and must not be used.
  [[nodiscard]] bool Decrypt(std::span<const uint8_t, kGcmNonceSize> nonce,
                             std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                             const uint8_t* tag, uint8_t* plaintext);

 private:
  void* context_;  // EVP_CIPHER_CTX*
};

// Overwrites 'bytes' with zeros in a way the compiler cannot drop (OPENSSL_cleanse).
void WipeBytes(std::span<uint8_t> bytes);

}  // namespace tarn::storage
