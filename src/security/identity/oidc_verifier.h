// Single sign-on: `tarn serve --oidc-issuer URL --oidc-audience AUD --oidc-jwks FILE` accepts
// bearer JWTs (RFC 7519) an OpenID Connect issuer signed with RS256 or ES256. The verifier never
// fetches anything: keys come from the JWKS file. Only asymmetric algorithms are accepted — "none"
// and HS* are refused, and the header's alg must match the selected key's type, so a public key
// can never be used as an HMAC secret (algorithm confusion).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "security/identity/oidc_jwks.h"

namespace tarn::security {

struct OidcOptions {
  std::string issuer;    // "iss" must equal it exactly
  std::string audience;  // "aud" (string or array) must contain it
  std::string jwks_file;
  std::string roles_claim = "roles";  // array of strings (or one string) naming tarn roles
  std::string user_claim = "sub";     // the principal name
  int64_t leeway_seconds = 60;        // clock skew allowed for exp, nbf and iat
};

// Who a verified JWT names.
struct OidcIdentity {
  std::string name;                // the user claim
  std::vector<std::string> roles;  // the roles claim, only roles that exist in tarn, sorted
};

// Thread-safe (immutable after construction).
class OidcVerifier {
 public:
  // 'role_exists' answers whether a role of the roles claim exists in tarn; roles it rejects are
  // dropped (null = keep none). Throws what JwkSet throws, and Error(kInvalidArgument) for an
  // empty issuer or audience.
  OidcVerifier(OidcOptions options, JwkSet keys,
               std::function<bool(const std::string&)> role_exists);

  // True when 'token' has the shape of a JWT (three base64url parts): worth verifying here rather
  // than as an API token.
  static bool LooksLikeJwt(std::string_view token);

  // Returns the identity of a valid token at 'now_unix_seconds', or nullopt; '*reason' (optional)
  // gets why it was refused ("expired", "bad signature", ...) for tests and debug logs — never
  // for the client.
  std::optional<OidcIdentity> Verify(std::string_view token, int64_t now_unix_seconds,
                                     std::string* reason = nullptr) const;

  const OidcOptions& options() const { return options_; }

 private:
  OidcOptions options_;
  JwkSet keys_;
  std::function<bool(const std::string&)> role_exists_;
};

}  // namespace tarn::security
