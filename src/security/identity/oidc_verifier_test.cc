// Keys are generated here with OpenSSL; tokens are signed here, so every accept and reject case
// is built from the JWS rules (RFC 7515) rather than from the verifier's own output.
#include "security/identity/oidc_verifier.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

#include <memory>

#include "common/error.h"

namespace tarn::security {
namespace {

constexpr int64_t kNow = 1800000000;

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;

std::string BigNumberParam(EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &value), 1);
  std::string bytes(static_cast<size_t>(BN_num_bytes(value)), '\0');
  BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(value);
  return bytes;
}

std::string RsaJwk(EVP_PKEY* key, const std::string& kid) {
  return fmt::format(R"({{"kty":"RSA","kid":"{}","use":"sig","n":"{}","e":"{}"}})", kid,
                     Base64UrlEncode(BigNumberParam(key, OSSL_PKEY_PARAM_RSA_N)),
                     Base64UrlEncode(BigNumberParam(key, OSSL_PKEY_PARAM_RSA_E)));
}

std::string EcJwk(EVP_PKEY* key, const std::string& kid) {
  unsigned char point[65];
  size_t length = 0;
  EXPECT_EQ(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point),
                                            &length),
            1);
  EXPECT_EQ(length, 65u);
  std::string x(reinterpret_cast<char*>(point) + 1, 32);
  std::string y(reinterpret_cast<char*>(point) + 33, 32);
  return fmt::format(R"({{"kty":"EC","crv":"P-256","kid":"{}","x":"{}","y":"{}"}})", kid,
                     Base64UrlEncode(x), Base64UrlEncode(y));
}

std::string Sign(EVP_PKEY* key, bool ec, std::string_view signed_part) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EXPECT_EQ(EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key), 1);
  size_t length = 0;
  EVP_DigestSign(context, nullptr, &length,
                 reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  std::string signature(length, '\0');
  EXPECT_EQ(EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                           reinterpret_cast<const unsigned char*>(signed_part.data()),
                           signed_part.size()),
            1);
  EVP_MD_CTX_free(context);
  signature.resize(length);
  if (!ec) return signature;
  // DER -> r || s, 32 bytes each.
  const unsigned char* der = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(parsed);
  return raw;
}

std::string Token(EVP_PKEY* key, bool ec, const std::string& header, const std::string& payload) {
  std::string signed_part = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return signed_part + "." + Base64UrlEncode(Sign(key, ec, signed_part));
}

std::string Claims(const std::string& extra = "", int64_t exp = kNow + 300,
                   const std::string& aud = R"("tarn")", const std::string& iss = "https://idp") {
  return fmt::format(R"({{"iss":"{}","aud":{},"sub":"carol","exp":{},"iat":{}{}}})", iss, aud,
                     exp, kNow - 10, extra);
}

class OidcVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
    ec_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    other_rsa_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(rsa_);
    EVP_PKEY_free(ec_);
    EVP_PKEY_free(other_rsa_);
  }

  OidcVerifier Verifier() const {
    OidcOptions options;
    options.issuer = "https://idp";
    options.audience = "tarn";
    std::string jwks =
        R"({"keys":[)" + RsaJwk(rsa_, "rsa1") + "," + EcJwk(ec_, "ec1") + "]}";
    return OidcVerifier(options, JwkSet::Parse(jwks),
                        [](const std::string& role) { return role == "analyst" || role == "admin"; });
  }

  std::string Reason(const std::string& token) const {
    std::string reason;
    auto identity = Verifier().Verify(token, kNow, &reason);
    return identity ? "accepted" : reason;
  }

  static EVP_PKEY* rsa_;
  static EVP_PKEY* ec_;
  static EVP_PKEY* other_rsa_;
};

EVP_PKEY* OidcVerifierTest::rsa_ = nullptr;
EVP_PKEY* OidcVerifierTest::ec_ = nullptr;
EVP_PKEY* OidcVerifierTest::other_rsa_ = nullptr;

const std::string kRsaHeader = R"({"alg":"RS256","typ":"JWT","kid":"rsa1"})";
const std::string kEcHeader = R"({"alg":"ES256","kid":"ec1"})";

TEST_F(OidcVerifierTest, AcceptsRs256AndMapsClaims) {
  std::string token =
      Token(rsa_, false, kRsaHeader, Claims(R"(,"roles":["analyst","ghost","analyst"])"));
  auto identity = Verifier().Verify(token, kNow);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->name, "carol");
  // Only roles that exist in tarn, once.
  EXPECT_EQ(identity->roles, std::vector<std::string>{"analyst"});
}

TEST_F(OidcVerifierTest, AcceptsEs256AndAnAudienceArray) {
  std::string token = Token(ec_, true, kEcHeader, Claims("", kNow + 300, R"(["other","tarn"])"));
  EXPECT_EQ(Reason(token), "accepted");
}

TEST_F(OidcVerifierTest, ChecksTimesWithSixtySecondsLeeway) {
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, Claims("", kNow - 30))), "accepted");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, Claims("", kNow - 61))), "expired");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader,
                         Claims(fmt::format(R"(,"nbf":{})", kNow + 120)))),
            "not yet valid");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader,
                         Claims(fmt::format(R"(,"nbf":{})", kNow + 50)))),
            "accepted");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader,
                         R"({"iss":"https://idp","aud":"tarn","sub":"carol"})")),
            "no exp claim");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, Claims(R"(,"nbf":"soon")"))),
            "malformed time claim");
}

TEST_F(OidcVerifierTest, RejectsWrongIssuerAndAudience) {
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, Claims("", kNow + 300, R"("other")"))),
            "wrong audience");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, Claims("", kNow + 300, R"(["a","b"])"))),
            "wrong audience");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader,
                         Claims("", kNow + 300, R"("tarn")", "https://evil"))),
            "wrong issuer");
}

TEST_F(OidcVerifierTest, RejectsBadSignatures) {
  // Signed by a key the JWKS does not hold, under a known kid.
  EXPECT_EQ(Reason(Token(other_rsa_, false, kRsaHeader, Claims())), "bad signature");
  // A valid token whose payload was changed afterwards.
  std::string token = Token(rsa_, false, kRsaHeader, Claims());
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  std::string tampered = token.substr(0, first + 1) +
                         Base64UrlEncode(Claims(R"(,"roles":["admin"])")) + token.substr(second);
  EXPECT_EQ(Reason(tampered), "bad signature");
  // An ES256 signature of the wrong length.
  std::string ec = Token(ec_, true, kEcHeader, Claims());
  EXPECT_EQ(Reason(ec.substr(0, ec.rfind('.') + 1) + Base64UrlEncode(std::string(63, 'x'))),
            "bad signature");
}

TEST_F(OidcVerifierTest, RefusesNoneAndSymmetricAlgorithms) {
  std::string unsigned_token = Base64UrlEncode(R"({"alg":"none"})") + "." +
                               Base64UrlEncode(Claims()) + ".";
  EXPECT_NE(Reason(unsigned_token), "accepted");
  std::string none_with_signature =
      Base64UrlEncode(R"({"alg":"none"})") + "." + Base64UrlEncode(Claims()) + ".AAAA";
  EXPECT_EQ(Reason(none_with_signature), "algorithm not accepted: none");
  // Algorithm confusion: HS256 with the RSA public key's JWK text as the HMAC secret.
  std::string header = R"({"alg":"HS256","kid":"rsa1"})";
  std::string signed_part = Base64UrlEncode(header) + "." + Base64UrlEncode(Claims());
  std::string secret = RsaJwk(rsa_, "rsa1");
  unsigned char mac[32];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
       &mac_length);
  std::string confused =
      signed_part + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_length));
  EXPECT_EQ(Reason(confused), "algorithm not accepted: HS256");
  // ES256 header naming the RSA key.
  EXPECT_EQ(Reason(Token(ec_, true, R"({"alg":"ES256","kid":"rsa1"})", Claims())),
            "algorithm does not match the key");
}

TEST_F(OidcVerifierTest, SelectsKeysByKid) {
  EXPECT_EQ(Reason(Token(rsa_, false, R"({"alg":"RS256","kid":"nope"})", Claims())),
            "unknown kid");
  // No kid: the only RSA key of the set.
  EXPECT_EQ(Reason(Token(rsa_, false, R"({"alg":"RS256"})", Claims())), "accepted");
}

TEST_F(OidcVerifierTest, RejectsMalformedTokens) {
  std::string token = Token(rsa_, false, kRsaHeader, Claims());
  EXPECT_EQ(Reason("abc"), "not a compact jws");
  EXPECT_EQ(Reason("a.b.c.d"), "not a compact jws");
  EXPECT_EQ(Reason("*" + token), "malformed base64url");
  EXPECT_EQ(Reason(token.substr(0, token.find('.')) + ".e30=." + "AAAA"), "malformed base64url");
  EXPECT_EQ(Reason(Base64UrlEncode("{not json") + ".e30.AAAA"), "malformed header");
  EXPECT_EQ(Reason(Token(rsa_, false, R"({"alg":"RS256","alg":"HS256"})", Claims())),
            "malformed header");
  EXPECT_EQ(Reason(Token(rsa_, false, kRsaHeader, R"({"iss":"https://idp","iss":"x"})")),
            "malformed payload");
  EXPECT_EQ(Reason(Token(rsa_, false, R"({"alg":"RS256","kid":"rsa1","crit":["b64"]})", Claims())),
            "critical header extensions are not supported");
}

TEST(Base64UrlTest, RoundTripsAndRejectsBadText) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(text)), text);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // RFC 4648 §5 alphabet
  EXPECT_EQ(Base64UrlDecode("Zm9vYg=="), "foob");
  EXPECT_FALSE(Base64UrlDecode("Zm9v+g").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());  // non-zero leftover bits
}

TEST(JwkSetTest, RejectsUnusableDocuments) {
  EXPECT_THROW(JwkSet::Parse("{"), Error);
  EXPECT_THROW(JwkSet::Parse(R"({"keys":[]})"), Error);
  EXPECT_THROW(JwkSet::Parse(R"({"keys":[{"kty":"oct","k":"AAAA"}]})"), Error);
  // A 512-bit modulus is refused.
  EXPECT_THROW(JwkSet::Parse(R"({"keys":[{"kty":"RSA","n":")" + Base64UrlEncode(std::string(64, '\x91')) +
                             R"(","e":"AQAB"}]})"),
               Error);
  // A point not on the curve.
  EXPECT_THROW(JwkSet::Parse(R"({"keys":[{"kty":"EC","crv":"P-256","x":")" +
                             Base64UrlEncode(std::string(32, '\x01')) + R"(","y":")" +
                             Base64UrlEncode(std::string(32, '\x02')) + R"("}]})"),
               Error);
}

}  // namespace
}  // namespace tarn::security
