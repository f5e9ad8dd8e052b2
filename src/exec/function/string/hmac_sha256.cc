// hmac_sha256(value, key): HMAC-SHA-256 (RFC 2104, FIPS 198-1) of value's bytes under key's bytes,
// as 64 lower-case hex digits. With key = secret('name') it pseudonymizes (GDPR): the same input
// gives the same pseudonym, and without the secret it cannot be reversed or recomputed. The
// hashing is OpenSSL's SHA-256; the key's padded inner and outer states are computed once per key
// and copied per row, so a constant key costs two SHA-256 finalizations per value.
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <string>

#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

constexpr size_t kBlockSize = 64;
constexpr size_t kDigestSize = 32;

// The HMAC key schedule for one key, and a scratch context; reused while the key repeats.
class HmacSha256 {
 public:
  HmacSha256() : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()), work_(EVP_MD_CTX_new()) {
    if (inner_ == nullptr || outer_ == nullptr || work_ == nullptr) Fail();
  }
  ~HmacSha256() {
    EVP_MD_CTX_free(inner_);
    EVP_MD_CTX_free(outer_);
    EVP_MD_CTX_free(work_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  void SetKey(std::string_view key) {
    if (has_key_ && key == key_) return;
    OPENSSL_cleanse(key_.data(), key_.size());
    key_.assign(key);
    has_key_ = true;
    std::array<uint8_t, kBlockSize> block{};
    if (key.size() > kBlockSize) {
      unsigned int length = 0;
      if (EVP_Digest(key.data(), key.size(), block.data(), &length, EVP_sha256(), nullptr) != 1) {
        Fail();
      }
    } else {
      std::memcpy(block.data(), key.data(), key.size());
    }
    std::array<uint8_t, kBlockSize> pad;
    for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x36;
    Start(inner_, pad);
    for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x5c;
    Start(outer_, pad);
    OPENSSL_cleanse(block.data(), block.size());
    OPENSSL_cleanse(pad.data(), pad.size());
  }

  // Writes the 64 hex digits of HMAC(key, message) to 'out'.
  void HexDigest(std::string_view message, char* out) {
    std::array<uint8_t, kDigestSize> inner_hash;
    std::array<uint8_t, kDigestSize> mac;
    unsigned int length = 0;
    bool ok = EVP_MD_CTX_copy_ex(work_, inner_) == 1 &&
              EVP_DigestUpdate(work_, message.data(), message.size()) == 1 &&
              EVP_DigestFinal_ex(work_, inner_hash.data(), &length) == 1 &&
              EVP_MD_CTX_copy_ex(work_, outer_) == 1 &&
              EVP_DigestUpdate(work_, inner_hash.data(), inner_hash.size()) == 1 &&
              EVP_DigestFinal_ex(work_, mac.data(), &length) == 1;
    if (!ok) Fail();
    static constexpr char kDigits[] = "0123456789abcdef";
    for (size_t i = 0; i < kDigestSize; ++i) {
      out[2 * i] = kDigits[mac[i] >> 4];
      out[2 * i + 1] = kDigits[mac[i] & 15];
    }
  }

 private:
  void Start(EVP_MD_CTX* context, const std::array<uint8_t, kBlockSize>& pad) {
    if (EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(context, pad.data(), pad.size()) != 1) {
      Fail();
    }
  }
  [[noreturn]] static void Fail() {
    throw Error(ErrorCode::kInternal, "hmac-sha-256 failed in OpenSSL");
  }

  EVP_MD_CTX* inner_;  // SHA-256 state after (key ^ ipad)
  EVP_MD_CTX* outer_;  // SHA-256 state after (key ^ opad)
  EVP_MD_CTX* work_;
  std::string key_;
  bool has_key_ = false;
};

void HmacSha256Kernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                      Vector& result) {
  HmacSha256 hmac;
  ExecuteBinary<StringRef, StringRef, StringRef>(
      *args[0], *args[1], count, result, [&](StringRef value, StringRef key, StringRef& out) {
        hmac.SetKey(key.view());
        char* bytes = reinterpret_cast<char*>(result.string_arena().Allocate(2 * kDigestSize, 1));
        hmac.HexDigest(value.view(), bytes);
        out = StringRef(bytes, 2 * kDigestSize);
        return true;
      });
}

}  // namespace

void RegisterHmacSha256(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("hmac_sha256", {TypeId::kVarchar, TypeId::kVarchar},
                                TypeId::kVarchar, HmacSha256Kernel));
}

}  // namespace tarn::exec
