#include "storage/encryption/value_sealer.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <charconv>
#include <vector>

#include "common/error.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

constexpr std::string_view kPrefix = "s1.";

// HKDF-SHA-256(master, info = "tarn value sealer " + purpose).
std::array<uint8_t, kAesKeySize> DeriveKey(const MasterKey& master, const std::string& purpose) {
  std::array<uint8_t, kAesKeySize> key{};
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* context = kdf != nullptr ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  if (context == nullptr) throw Error(ErrorCode::kInternal, "hkdf is not available in OpenSSL");
  std::string info = "tarn value sealer " + purpose;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                        const_cast<uint8_t*>(master.material.data()),
                                        master.material.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
      OSSL_PARAM_construct_end()};
  int ok = EVP_KDF_derive(context, key.data(), key.size(), params);
  EVP_KDF_CTX_free(context);
  if (ok != 1) throw Error(ErrorCode::kInternal, "hkdf key derivation failed");
  return key;
}

std::string Aad(const std::string& purpose, std::string_view context) {
  std::string aad = purpose;
  aad.push_back('\0');
  aad.append(context);
  return aad;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

ValueSealer::ValueSealer(const Keyring& keyring, std::string purpose)
    : keyring_(keyring), purpose_(std::move(purpose)) {}

std::string ValueSealer::Seal(std::string_view plaintext, std::string_view context) const {
  const MasterKey& master = keyring_.Current();
  std::array<uint8_t, kAesKeySize> key = DeriveKey(master, purpose_);
  AesGcm cipher(key);
  WipeBytes(key);
  std::vector<uint8_t> blob(kGcmNonceSize + plaintext.size() + kGcmTagSize);
  FillRandomBytes(std::span<uint8_t>(blob.data(), kGcmNonceSize));
  std::string aad = Aad(purpose_, context);
  cipher.Encrypt(std::span<const uint8_t, kGcmNonceSize>(blob.data(), kGcmNonceSize),
                 {reinterpret_cast<const uint8_t*>(aad.data()), aad.size()},
                 {reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size()},
                 blob.data() + kGcmNonceSize, blob.data() + kGcmNonceSize + plaintext.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kPrefix);
  out += std::to_string(master.version);
  out.push_back('.');
  out.reserve(out.size() + blob.size() * 2);
  for (uint8_t byte : blob) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  return out;
}

bool ValueSealer::IsSealed(std::string_view text) {
  return text.starts_with(kPrefix) && text.find('.', kPrefix.size()) != std::string_view::npos;
}

std::string ValueSealer::Open(std::string_view sealed, std::string_view context) const {
  auto corrupt = [&](std::string_view what) {
    return Error(ErrorCode::kCorrupt, "sealed " + purpose_ + " value " + std::string(what));
  };
  if (!IsSealed(sealed)) throw corrupt("is malformed (no s1.<version>. prefix)");
  size_t dot = sealed.find('.', kPrefix.size());
  uint32_t version = 0;
  auto [end, ec] = std::from_chars(sealed.data() + kPrefix.size(), sealed.data() + dot, version);
  if (ec != std::errc() || end != sealed.data() + dot) throw corrupt("has a malformed key version");
  std::string_view hex = sealed.substr(dot + 1);
  if (hex.size() % 2 != 0 || hex.size() < 2 * (kGcmNonceSize + kGcmTagSize)) {
    throw corrupt("is truncated");
  }
  std::vector<uint8_t> blob(hex.size() / 2);
  for (size_t i = 0; i < blob.size(); ++i) {
    int high = HexDigit(hex[2 * i]), low = HexDigit(hex[2 * i + 1]);
    if (high < 0 || low < 0) throw corrupt("holds a non-hex digit");
    blob[i] = static_cast<uint8_t>(high << 4 | low);
  }
  const MasterKey* master = keyring_.Find(version);
  if (master == nullptr) {
    throw Error(ErrorCode::kNotFound, "sealed " + purpose_ + " value needs master key version " +
                                          std::to_string(version) + ", which " +
                                          keyring_.source() + " does not hold");
  }
  std::array<uint8_t, kAesKeySize> key = DeriveKey(*master, purpose_);
  AesGcm cipher(key);
  WipeBytes(key);
  size_t text_size = blob.size() - kGcmNonceSize - kGcmTagSize;
  std::string plaintext(text_size, '\0');
  std::string aad = Aad(purpose_, context);
  bool ok = cipher.Decrypt(std::span<const uint8_t, kGcmNonceSize>(blob.data(), kGcmNonceSize),
                           {reinterpret_cast<const uint8_t*>(aad.data()), aad.size()},
                           {blob.data() + kGcmNonceSize, text_size},
                           blob.data() + kGcmNonceSize + text_size,
                           reinterpret_cast<uint8_t*>(plaintext.data()));
  if (!ok) throw corrupt("failed authentication (altered, moved, or sealed under another key)");
  return plaintext;
}

}  // namespace tarn::storage
