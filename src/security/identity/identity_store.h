// Who may talk to tarn: users, service principals, their roles, passwords (scrypt) and API tokens.
// Front ends (CLI, `tarn serve`) authenticate through here before anything else runs; the
// authorization layer (security/authz, later) reads a Principal's roles.
//
// Storage: the SQLite file <data-dir>/security.db (mode 0600; the secret store shares it). Tokens
// are stored only as SHA-256 hashes, passwords only as scrypt hashes with their parameters.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::security {

class SecurityDatabase;

enum class PrincipalKind : uint8_t {
  kUser,     // a person: may have a password and tokens
  kService,  // a service principal: tokens only
  kLocal,    // the local administrator (CLI with file access to the data directory)
};

// "user", "service", "local".
std::string_view PrincipalKindName(PrincipalKind kind);

// An authenticated identity.
struct Principal {
  int64_t id = 0;  // 0 for the local administrator
  std::string name;
  PrincipalKind kind = PrincipalKind::kUser;
  std::vector<std::string> roles;   // sorted; "admin" grants everything
  std::vector<std::string> scopes;  // of the token used; empty = not narrowed by the token

  bool IsAdmin() const;
  // The local administrator `tarn ... --data-dir D` acts as (file access = full access).
  static Principal LocalAdministrator();
};

// What `tarn user list` shows.
struct PrincipalInfo {
  int64_t id = 0;
  std::string name;
  PrincipalKind kind = PrincipalKind::kUser;
  std::vector<std::string> roles;
  bool disabled = false;
  bool has_password = false;
  int64_t created_unix_seconds = 0;
};

// What `tarn token list` shows: never the token itself, which is not stored.
struct TokenInfo {
  std::string id;  // "tk_" + 16 hex digits; names the token in revoke and in the audit log
  std::string principal;
  int64_t created_unix_seconds = 0;
  int64_t expires_unix_seconds = 0;  // 0 = never
  std::vector<std::string> scopes;
  bool revoked = false;
};

// A token just created: 'secret' is shown to the user once and never again.
struct NewToken {
  std::string id;
  std::string secret;  // "tarn_" + 64 hex digits (256 random bits)
};

// Thread-safe (one connection behind a mutex; SQLite's busy timeout serializes processes, so the
// CLI works on the data directory while the server runs). Errors throw tarn::Error:
// kNotFound for an unknown principal or token, kConflict for a duplicate name, kIoError /
// kCorrupt for the database file. Authentication failures are return values, never exceptions.
class IdentityStore {
 public:
  // Opens <data_dir>/security.db, creating it (mode 0600) and its schema on first use. The first
  // open also creates the user "admin" with role "admin" and an API token for it: the token is
  // returned once by TakeBootstrapCredential() for the caller to print (there is no default
  // password).
  static std::unique_ptr<IdentityStore> Open(const std::string& data_dir);
  ~IdentityStore();
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  // The admin token created by this Open, once; nullopt afterwards or when the store existed.
  std::optional<NewToken> TakeBootstrapCredential();

  // Users and service principals. 'password' empty = no password (token-only).
  PrincipalInfo CreatePrincipal(std::string_view name, PrincipalKind kind,
                                const std::vector<std::string>& roles, std::string_view password);
  std::vector<PrincipalInfo> ListPrincipals() const;
  // Disables a principal: its password and tokens stop working. Throws kNotFound.
  void DisablePrincipal(std::string_view name);
  void SetPassword(std::string_view name, std::string_view password);
  void GrantRole(std::string_view name, std::string_view role);
  void RevokeRole(std::string_view name, std::string_view role);

  // Creates an API token for 'name'; 'expires_unix_seconds' 0 = never. Throws kNotFound, and
  // kInvalidArgument for a disabled principal.
  NewToken CreateToken(std::string_view name, int64_t expires_unix_seconds,
                       const std::vector<std::string>& scopes);
  // Revokes a token by id. Throws kNotFound for an unknown id.
  void RevokeToken(std::string_view token_id);
  std::vector<TokenInfo> ListTokens() const;

  // Returns the principal a bearer token belongs to, or nullopt when it is unknown, malformed,
  // expired, revoked, or its principal is disabled. Constant-time in the token's secret part.
  std::optional<Principal> AuthenticateToken(std::string_view bearer) const;
  // Same for a name and password (web console login). Runs scrypt even for unknown names.
  std::optional<Principal> AuthenticatePassword(std::string_view name,
                                                std::string_view password) const;
  // The token id a bearer token would have (for audit entries), or nullopt.
  std::optional<std::string> TokenId(std::string_view bearer) const;

  // Session tokens (POST /v1/auth/login): an API token of 'name' with scope "session" that
  // expires 'ttl_seconds' from now. Stored like every token (hash only). Throws like CreateToken.
  NewToken CreateSessionToken(std::string_view name, int64_t ttl_seconds);
  // Revokes the token 'bearer' itself (logout); false when it is not a known token.
  bool RevokeBearer(std::string_view bearer);
  // Whether role 'role' exists: "admin", a role some principal holds, or one created with CREATE
  // ROLE (the grant store's roles table, when there is one).
  bool RoleExists(std::string_view role) const;
  // Every existing role (as RoleExists), sorted.
  std::vector<std::string> ListRoles() const;

  // The database this store opened (the secret store uses the same file).
  SecurityDatabase& database() { return *database_; }

 private:
  explicit IdentityStore(std::unique_ptr<SecurityDatabase> database);
  void Bootstrap();
  std::optional<Principal> LoadPrincipal(int64_t id) const;  // nullopt when disabled or missing

  std::unique_ptr<SecurityDatabase> database_;
  std::optional<NewToken> bootstrap_;
};

// Clock used for expiry; tests replace it. Returns unix seconds.
int64_t SecurityNow();
void SetSecurityClockForTesting(int64_t unix_seconds);  // 0 = the real clock

// Parses "30d", "12h", "45m", "3600s" or "3600" (seconds) into seconds. Throws
// Error(kInvalidArgument) naming the text.
int64_t ParseDuration(std::string_view text);

}  // namespace tarn::security
