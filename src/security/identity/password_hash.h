// Password hashing with scrypt (RFC 7914, through OpenSSL's EVP_KDF "SCRYPT"). A stored hash
// carries its own parameters, so they can be raised later without breaking old passwords:
//   scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::security {

struct ScryptParameters {
  int log2_n = 15;  // N = 32768: 32 MiB and ~0.1 s per hash
  int r = 8;
  int p = 1;
};

// Returns scrypt(password, salt, N, r, p) of 'length' bytes. Throws Error(kInternal) when OpenSSL
// refuses (e.g. parameters past its memory bound).
std::vector<uint8_t> Scrypt(std::string_view password, std::string_view salt, uint64_t n,
                            uint32_t r, uint32_t p, size_t length);

// Returns the stored form of 'password' with a fresh 16-byte random salt.
std::string HashPassword(std::string_view password, ScryptParameters parameters = {});

// Whether 'password' matches 'stored' (constant-time comparison). A malformed 'stored' is false.
bool VerifyPassword(std::string_view password, std::string_view stored);

}  // namespace tarn::security
