// The signing keys of an OIDC issuer, read from a JWKS document (RFC 7517) on disk: RSA keys
// (n, e) for RS256 and EC P-256 keys (x, y) for ES256, as OpenSSL EVP keys. oidc_verifier.h checks
// JWTs against them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace tarn::security {

// Decodes base64url without padding (RFC 7515 §2; '=' padding is tolerated); nullopt when
// 'text' holds a character outside the alphabet or has an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Encodes base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);

enum class JwkType : uint8_t { kRsa, kEcP256 };

// One verification key. Owns its EVP_PKEY.
struct Jwk {
  Jwk() = default;
  Jwk(Jwk&&) noexcept;
  Jwk& operator=(Jwk&&) noexcept;
  ~Jwk();

  std::string kid;  // "" when the JWK has none
  JwkType type = JwkType::kRsa;
  std::string alg;  // the JWK's "alg" ("" = not restricted)
  EVP_PKEY* key = nullptr;
};

// The keys of one JWKS document. Immutable after construction; thread-safe to read.
class JwkSet {
 public:
  // Parses {"keys": [...]}. Keys with "use" other than "sig", or of a type other than RSA and EC
  // P-256, are skipped. Throws Error(kInvalidArgument) naming the cause (malformed JSON, a bad
  // member in key n, RSA modulus under 2048 bits, a point not on the curve, no usable key).
  static JwkSet Parse(std::string_view json);
  // Reads and parses 'path'. Throws Error(kIoError) naming the file, and what Parse throws (with
  // the file name).
  static JwkSet Load(const std::string& path);

  const std::vector<Jwk>& keys() const { return keys_; }

 private:
  std::vector<Jwk> keys_;
};

}  // namespace tarn::security
