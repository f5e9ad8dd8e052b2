// Console login: POST /v1/auth/login {"user", "password"} answers a short-lived session token (an
// API token with scope "session", ServerOptions::session_ttl_seconds, stored as a hash only);
// POST /v1/auth/logout revokes the token the request was made with.
//
// Against password guessing: a stricter limiter than the server-wide one (kLoginRate attempts per
// second per source address, burst kLoginBurst; 429 with Retry-After), scrypt runs for unknown
// names too, and every failure is answered 401 only after kFailureDelay from the start of the
// request, so timing tells nothing. The password is never logged or audited (the audit record of a
// login names the user only through the principal of a success).
#include <chrono>
#include <memory>
#include <thread>

#include "common/error.h"
#include "security/identity/identity_store.h"
#include "server/http/request_guard.h"
#include "server/http/routes/route_request.h"
#include "server/json/json_writer.h"
#include "server/protection/token_bucket.h"

namespace tarn::server {
namespace {

constexpr double kLoginRate = 0.2;   // one attempt per 5 s per address, sustained
constexpr double kLoginBurst = 10;
constexpr auto kFailureDelay = std::chrono::milliseconds(400);

security::IdentityStore& Identity(RouteContext& context) {
  ServerServices& services = RequireServices(context);
  if (services.identity == nullptr) {
    throw HttpError{404, "not_configured", "this server has no identity store"};
  }
  return *services.identity;
}

HttpResponse Login(HttpRequest& request, RouteContext& context, RateLimiter& limiter) {
  auto start = std::chrono::steady_clock::now();
  double wait = limiter.Admit("login:" + request.remote_address, MonotonicSeconds());
  if (wait > 0) {
    context.metrics.registry.Increment(context.metrics.rate_limited, {"login"});
    throw HttpError{429, "rate_limited", "too many login attempts from this address", -1, wait};
  }
  security::IdentityStore& identity = Identity(context);
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"user", "password"});
  std::optional<std::string> user = StringMember(body, "user");
  std::optional<std::string> password = StringMember(body, "password");
  if (!user || !password) throw HttpError{400, "invalid_request", "give \"user\" and \"password\""};
  std::optional<security::Principal> principal = identity.AuthenticatePassword(*user, *password);
  if (!principal) {
    std::this_thread::sleep_until(start + kFailureDelay);
    HttpResponse response =
        ErrorResponse({401, "invalid_credentials", "unknown user or wrong password"});
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
  }
  auto ttl = static_cast<int64_t>(context.options.session_ttl_seconds);
  security::NewToken token = identity.CreateSessionToken(principal->name, ttl);
  int64_t expires = security::SecurityNow() + ttl;
  HttpResponse response;
  response.headers.emplace_back("Cache-Control", "no-store");
  JsonWriter json(response.body);
  json.BeginObject().Key("token").String(token.secret).Key("token_id").String(token.id);
  json.Key("user").String(principal->name);
  json.Key("expires_at").String(IsoTime(expires)).Key("expires_in").Int(ttl).EndObject();
  response.body += '\n';
  return response;
}

HttpResponse Logout(HttpRequest& request, RouteContext& context) {
  std::string_view header = request.Header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  std::string_view bearer;
  if (header.size() > kScheme.size()) bearer = header.substr(kScheme.size());
  bool revoked = Identity(context).RevokeBearer(bearer);
  HttpResponse response;
  JsonWriter json(response.body);
  // A JWT (OIDC) cannot be revoked here: it expires at its exp.
  json.BeginObject().Key("revoked").Bool(revoked).EndObject();
  response.body += '\n';
  return response;
}

}  // namespace

void RegisterAuthRoutes(Router& router, RouteContext& context) {
  auto limiter = std::make_shared<RateLimiter>(kLoginRate, kLoginBurst);
  router.Add({"POST", "/v1/auth/login", "", false, true,
              [&context, limiter](HttpRequest& request) {
                return Login(request, context, *limiter);
              }});
  router.Add({"POST", "/v1/auth/logout", "", true, false,
              [&context](HttpRequest& request) { return Logout(request, context); }});
}

}  // namespace tarn::server
