#include "security/identity/oidc_jwks.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/error.h"

namespace tarn::security {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

Error Invalid(std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message));
}

// A member that must be a base64url string; returns the decoded bytes.
std::string BytesMember(simdjson::dom::object& object, std::string_view name, size_t index) {
  std::string_view text;
  if (object[name].get_string().get(text) != simdjson::SUCCESS) {
    throw Invalid(fmt::format("jwks: key {} lacks the string member \"{}\"", index, name));
  }
  std::optional<std::string> bytes = Base64UrlDecode(text);
  if (!bytes || bytes->empty()) {
    throw Invalid(fmt::format("jwks: key {} member \"{}\" is not base64url", index, name));
  }
  return *bytes;
}

std::string OptionalString(simdjson::dom::object& object, std::string_view name) {
  std::string_view text;
  if (object[name].get_string().get(text) != simdjson::SUCCESS) return std::string();
  return std::string(text);
}

struct BigNumber {
  explicit BigNumber(const std::string& bytes)
      : value(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<int>(bytes.size()), nullptr)) {}
  ~BigNumber() { BN_free(value); }
  BIGNUM* value;
};

EVP_PKEY* FromParams(const char* type, OSSL_PARAM_BLD* builder, size_t index) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = params != nullptr && context != nullptr && EVP_PKEY_fromdata_init(context) == 1 &&
            EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  if (!ok) {
    EVP_PKEY_free(key);
    throw Invalid(fmt::format("jwks: key {} is not a valid {} public key", index, type));
  }
  return key;
}

EVP_PKEY* RsaKey(simdjson::dom::object& object, size_t index) {
  std::string modulus = BytesMember(object, "n", index);
  std::string exponent = BytesMember(object, "e", index);
  size_t first = modulus.find_first_not_of('\0');
  size_t bits = first == std::string::npos ? 0 : (modulus.size() - first) * 8;
  if (bits < 2048) {
    throw Invalid(fmt::format("jwks: key {} is an RSA key under 2048 bits", index));
  }
  BigNumber n(modulus);
  BigNumber e(exponent);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n.value);
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e.value);
  EVP_PKEY* key = nullptr;
  try {
    key = FromParams("RSA", builder, index);
  } catch (...) {
    OSSL_PARAM_BLD_free(builder);
    throw;
  }
  OSSL_PARAM_BLD_free(builder);
  return key;
}

EVP_PKEY* EcKey(simdjson::dom::object& object, size_t index) {
  std::string x = BytesMember(object, "x", index);
  std::string y = BytesMember(object, "y", index);
  if (x.size() != 32 || y.size() != 32) {
    throw Invalid(fmt::format("jwks: key {} coordinates are not 32 bytes (P-256)", index));
  }
  std::string point = "\x04" + x + y;
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  EVP_PKEY* key = nullptr;
  try {
    key = FromParams("EC", builder, index);
  } catch (...) {
    OSSL_PARAM_BLD_free(builder);
    throw;
  }
  OSSL_PARAM_BLD_free(builder);
  // fromdata checks the encoding; also check the point is on the curve.
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  bool on_curve = check != nullptr && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  if (!on_curve) {
    EVP_PKEY_free(key);
    throw Invalid(fmt::format("jwks: key {} is not a point on P-256", index));
  }
  return key;
}

}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = DecodeChar(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero (canonical encoding).
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

Jwk::Jwk(Jwk&& other) noexcept
    : kid(std::move(other.kid)), type(other.type), alg(std::move(other.alg)), key(other.key) {
  other.key = nullptr;
}

Jwk& Jwk::operator=(Jwk&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key);
    kid = std::move(other.kid);
    type = other.type;
    alg = std::move(other.alg);
    key = other.key;
    other.key = nullptr;
  }
  return *this;
}

Jwk::~Jwk() { EVP_PKEY_free(key); }

JwkSet JwkSet::Parse(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    throw Invalid("jwks: malformed json");
  }
  simdjson::dom::array keys;
  if (root["keys"].get_array().get(keys) != simdjson::SUCCESS) {
    throw Invalid("jwks: expected an object with a \"keys\" array");
  }
  JwkSet set;
  size_t index = 0;
  for (simdjson::dom::element element : keys) {
    simdjson::dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      throw Invalid(fmt::format("jwks: key {} is not an object", index));
    }
    std::string kty = OptionalString(object, "kty");
    std::string use = OptionalString(object, "use");
    Jwk jwk;
    jwk.kid = OptionalString(object, "kid");
    jwk.alg = OptionalString(object, "alg");
    if (!use.empty() && use != "sig") {
      ++index;
      continue;
    }
    if (kty == "RSA") {
      if (!jwk.alg.empty() && jwk.alg != "RS256") {
        ++index;
        continue;
      }
      jwk.type = JwkType::kRsa;
      jwk.key = RsaKey(object, index);
    } else if (kty == "EC" && OptionalString(object, "crv") == "P-256") {
      if (!jwk.alg.empty() && jwk.alg != "ES256") {
        ++index;
        continue;
      }
      jwk.type = JwkType::kEcP256;
      jwk.key = EcKey(object, index);
    } else {
      ++index;
      continue;
    }
    set.keys_.push_back(std::move(jwk));
    ++index;
  }
  if (set.keys_.empty()) throw Invalid("jwks: no RS256 or ES256 signing key");
  return set;
}

JwkSet JwkSet::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorCode::kIoError, fmt::format("cannot read jwks file '{}'", path));
  std::ostringstream text;
  text << file.rdbuf();
  try {
    return Parse(text.str());
  } catch (const Error& error) {
    throw Error(error.code(), fmt::format("{} (in '{}')", error.message(), path));
  }
}

}  // namespace tarn::security
