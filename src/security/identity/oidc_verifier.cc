#include "security/identity/oidc_verifier.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/error.h"

namespace tarn::security {
namespace {

constexpr size_t kMaxTokenBytes = 16 << 10;

bool IsBase64Url(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

bool Fail(std::string* reason, std::string why) {
  if (reason != nullptr) *reason = std::move(why);
  return false;
}

// Parses a JWT part as a JSON object without duplicate member names (a duplicate "alg" or "aud"
// must never let two readers of one token see different claims).
bool ParseObject(simdjson::dom::parser& parser, const std::string& json,
                 simdjson::dom::object& out) {
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return false;
  if (root.get_object().get(out) != simdjson::SUCCESS) return false;
  std::set<std::string_view> names;
  for (auto member : out) {
    if (!names.insert(member.key).second) return false;
  }
  return true;
}

// A NumericDate claim (RFC 7519 §2): nullopt when absent; sets *malformed when present but not a
// number.
std::optional<double> NumericClaim(simdjson::dom::object& payload, std::string_view name,
                                   bool* malformed) {
  simdjson::dom::element element;
  if (payload[name].get(element) != simdjson::SUCCESS) return std::nullopt;
  double value = 0;
  if (element.get_double().get(value) != simdjson::SUCCESS || !std::isfinite(value)) {
    *malformed = true;
    return std::nullopt;
  }
  return value;
}

// ES256 signatures are r || s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> EcdsaDer(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* signature = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (signature == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(signature, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(signature);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(signature, &der);
  ECDSA_SIG_free(signature);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

bool VerifySignature(const Jwk& key, std::string_view signed_part, const std::string& signature) {
  std::string der;
  const std::string* bytes = &signature;
  if (key.type == JwkType::kEcP256) {
    std::optional<std::string> converted = EcdsaDer(signature);
    if (!converted) return false;
    der = std::move(*converted);
    bytes = &der;
  }
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  bool ok = context != nullptr &&
            EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key.key) == 1 &&
            EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(bytes->data()),
                             bytes->size(),
                             reinterpret_cast<const unsigned char*>(signed_part.data()),
                             signed_part.size()) == 1;
  EVP_MD_CTX_free(context);
  return ok;
}

}  // namespace

OidcVerifier::OidcVerifier(OidcOptions options, JwkSet keys,
                           std::function<bool(const std::string&)> role_exists)
    : options_(std::move(options)), keys_(std::move(keys)), role_exists_(std::move(role_exists)) {
  if (options_.issuer.empty() || options_.audience.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "oidc needs both --oidc-issuer and --oidc-audience");
  }
}

bool OidcVerifier::LooksLikeJwt(std::string_view token) {
  size_t first = token.find('.');
  if (first == std::string_view::npos) return false;
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos) return false;
  return token.find('.', second + 1) == std::string_view::npos;
}

std::optional<OidcIdentity> OidcVerifier::Verify(std::string_view token, int64_t now,
                                                 std::string* reason) const {
  if (token.size() > kMaxTokenBytes || !LooksLikeJwt(token)) {
    Fail(reason, "not a compact jws");
    return std::nullopt;
  }
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  std::string_view header_part = token.substr(0, first);
  std::string_view payload_part = token.substr(first + 1, second - first - 1);
  std::string_view signature_part = token.substr(second + 1);
  if (!IsBase64Url(header_part) || !IsBase64Url(payload_part) || !IsBase64Url(signature_part)) {
    Fail(reason, "malformed base64url");
    return std::nullopt;
  }
  std::optional<std::string> header_json = Base64UrlDecode(header_part);
  std::optional<std::string> payload_json = Base64UrlDecode(payload_part);
  std::optional<std::string> signature = Base64UrlDecode(signature_part);
  if (!header_json || !payload_json || !signature) {
    Fail(reason, "malformed base64url");
    return std::nullopt;
  }

  simdjson::dom::parser header_parser;
  simdjson::dom::object header;
  if (!ParseObject(header_parser, *header_json, header)) {
    Fail(reason, "malformed header");
    return std::nullopt;
  }
  std::string_view alg;
  if (header["alg"].get_string().get(alg) != simdjson::SUCCESS) {
    Fail(reason, "header has no alg");
    return std::nullopt;
  }
  JwkType wanted;
  if (alg == "RS256") {
    wanted = JwkType::kRsa;
  } else if (alg == "ES256") {
    wanted = JwkType::kEcP256;
  } else {
    Fail(reason, "algorithm not accepted: " + std::string(alg.substr(0, 16)));
    return std::nullopt;
  }
  simdjson::dom::element crit;
  if (header["crit"].get(crit) == simdjson::SUCCESS) {
    Fail(reason, "critical header extensions are not supported");
    return std::nullopt;
  }
  // Key selection: by kid when the header names one, else the only key of the algorithm's type.
  const Jwk* key = nullptr;
  std::string_view kid;
  bool has_kid = header["kid"].get_string().get(kid) == simdjson::SUCCESS;
  for (const Jwk& candidate : keys_.keys()) {
    if (has_kid ? candidate.kid == kid : candidate.type == wanted) {
      if (!has_kid && key != nullptr) {
        Fail(reason, "no kid and several keys");
        return std::nullopt;
      }
      key = &candidate;
      if (has_kid) break;
    }
  }
  if (key == nullptr) {
    Fail(reason, "unknown kid");
    return std::nullopt;
  }
  if (key->type != wanted || (!key->alg.empty() && key->alg != alg)) {
    Fail(reason, "algorithm does not match the key");
    return std::nullopt;
  }
  if (!VerifySignature(*key, token.substr(0, second), *signature)) {
    Fail(reason, "bad signature");
    return std::nullopt;
  }

  // Claims, only once the signature is good.
  simdjson::dom::parser payload_parser;
  simdjson::dom::object payload;
  if (!ParseObject(payload_parser, *payload_json, payload)) {
    Fail(reason, "malformed payload");
    return std::nullopt;
  }
  std::string_view issuer;
  if (payload["iss"].get_string().get(issuer) != simdjson::SUCCESS ||
      issuer != options_.issuer) {
    Fail(reason, "wrong issuer");
    return std::nullopt;
  }
  bool audience_ok = false;
  simdjson::dom::element audience;
  if (payload["aud"].get(audience) == simdjson::SUCCESS) {
    std::string_view single;
    simdjson::dom::array many;
    if (audience.get_string().get(single) == simdjson::SUCCESS) {
      audience_ok = single == options_.audience;
    } else if (audience.get_array().get(many) == simdjson::SUCCESS) {
      for (simdjson::dom::element item : many) {
        std::string_view value;
        if (item.get_string().get(value) == simdjson::SUCCESS && value == options_.audience) {
          audience_ok = true;
        }
      }
    }
  }
  if (!audience_ok) {
    Fail(reason, "wrong audience");
    return std::nullopt;
  }
  bool malformed = false;
  std::optional<double> expires = NumericClaim(payload, "exp", &malformed);
  std::optional<double> not_before = NumericClaim(payload, "nbf", &malformed);
  std::optional<double> issued_at = NumericClaim(payload, "iat", &malformed);
  double leeway = static_cast<double>(options_.leeway_seconds);
  double current = static_cast<double>(now);
  if (malformed) {
    Fail(reason, "malformed time claim");
    return std::nullopt;
  }
  if (!expires) {
    Fail(reason, "no exp claim");
    return std::nullopt;
  }
  if (current >= *expires + leeway) {
    Fail(reason, "expired");
    return std::nullopt;
  }
  if (not_before && current < *not_before - leeway) {
    Fail(reason, "not yet valid");
    return std::nullopt;
  }
  if (issued_at && *issued_at > current + leeway) {
    Fail(reason, "issued in the future");
    return std::nullopt;
  }

  OidcIdentity identity;
  std::string_view name;
  if (payload[options_.user_claim].get_string().get(name) != simdjson::SUCCESS || name.empty() ||
      name.size() > 256 ||
      std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    Fail(reason, "no usable user claim '" + options_.user_claim + "'");
    return std::nullopt;
  }
  identity.name = std::string(name);
  simdjson::dom::element roles;
  if (payload[options_.roles_claim].get(roles) == simdjson::SUCCESS) {
    std::vector<std::string> claimed;
    std::string_view single;
    simdjson::dom::array many;
    if (roles.get_string().get(single) == simdjson::SUCCESS) {
      claimed.emplace_back(single);
    } else if (roles.get_array().get(many) == simdjson::SUCCESS) {
      for (simdjson::dom::element item : many) {
        std::string_view value;
        if (item.get_string().get(value) == simdjson::SUCCESS) claimed.emplace_back(value);
      }
    }
    for (auto& role : claimed) {
      if (role_exists_ && role_exists_(role)) identity.roles.push_back(std::move(role));
    }
    std::sort(identity.roles.begin(), identity.roles.end());
    identity.roles.erase(std::unique(identity.roles.begin(), identity.roles.end()),
                         identity.roles.end());
  }
  return identity;
}

}  // namespace tarn::security
