#include "security/identity/password_hash.h"

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <charconv>

#include "common/error.h"
#include "security/sha256.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// Splits "a$b$c" into its parts.
std::vector<std::string_view> SplitDollar(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find('$', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool ParseInt(std::string_view text, int& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<uint8_t> Scrypt(std::string_view password, std::string_view salt, uint64_t n,
                            uint32_t r, uint32_t p, size_t length) {
  std::vector<uint8_t> out(length);
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
  EVP_KDF_CTX* context = kdf != nullptr ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  if (context == nullptr) throw Error(ErrorCode::kInternal, "scrypt is not available in OpenSSL");
  uint64_t max_memory = 1ull << 30;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(password.data()),
                                        password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
      OSSL_PARAM_construct_end()};
  int ok = EVP_KDF_derive(context, out.data(), out.size(), params);
  EVP_KDF_CTX_free(context);
  if (ok != 1) throw Error(ErrorCode::kInternal, "scrypt key derivation failed");
  return out;
}

std::string HashPassword(std::string_view password, ScryptParameters parameters) {
  uint8_t salt[kSaltBytes];
  storage::FillRandomBytes(salt);
  std::string_view salt_view(reinterpret_cast<const char*>(salt), sizeof(salt));
  std::vector<uint8_t> hash = Scrypt(password, salt_view, uint64_t{1} << parameters.log2_n,
                                     static_cast<uint32_t>(parameters.r),
                                     static_cast<uint32_t>(parameters.p), kHashBytes);
  return fmt::format("scrypt${}${}${}${}${}", parameters.log2_n, parameters.r, parameters.p,
                     HexEncode(salt), HexEncode(hash));
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  std::vector<std::string_view> parts = SplitDollar(stored);
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  int log2_n = 0, r = 0, p = 0;
  if (!ParseInt(parts[1], log2_n) || !ParseInt(parts[2], r) || !ParseInt(parts[3], p)) return false;
  if (log2_n < 1 || log2_n > 22 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  std::vector<uint8_t> salt(parts[4].size() / 2);
  std::vector<uint8_t> expected(parts[5].size() / 2);
  if (salt.empty() || expected.empty() || !HexDecode(parts[4], salt) ||
      !HexDecode(parts[5], expected)) {
    return false;
  }
  std::vector<uint8_t> actual =
      Scrypt(password, std::string_view(reinterpret_cast<const char*>(salt.data()), salt.size()),
             uint64_t{1} << log2_n, static_cast<uint32_t>(r), static_cast<uint32_t>(p),
             expected.size());
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

}  // namespace tarn::security
