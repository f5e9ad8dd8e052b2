#include "security/identity/identity_store.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <ctime>

#include "common/error.h"
#include "security/identity/password_hash.h"
#include "security/identity/security_database.h"
#include "security/sha256.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

constexpr std::string_view kTokenPrefix = "tarn_";
constexpr size_t kTokenSecretBytes = 32;  // 256 bits
constexpr std::string_view kAdminName = "admin";
constexpr std::string_view kAdminRole = "admin";
constexpr std::string_view kSessionScope = "session";

std::atomic<int64_t> test_clock{0};

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) {
    if (!out.empty()) out += ',';
    out += value;
  }
  return out;
}

std::vector<std::string> SplitComma(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

PrincipalKind ParseKind(std::string_view text) {
  if (text == "service") return PrincipalKind::kService;
  if (text == "local") return PrincipalKind::kLocal;
  return PrincipalKind::kUser;
}

// Names of principals and roles: 1-64 of [A-Za-z0-9_.@-], starting with a letter or digit.
void CheckName(std::string_view name, std::string_view what) {
  bool ok = !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '@' ||
                c == '-');
  }
  if (!ok) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid {} name '{}': use 1-64 letters, digits, '_', '.', '@' or '-', "
                            "starting with a letter or digit",
                            what, name));
  }
}

// The stored form of a token: hex SHA-256 of the whole bearer string.
std::string TokenHash(std::string_view bearer) {
  Sha256Digest digest = Sha256({"tarn token v1\n", bearer});
  return HexEncode(digest);
}

bool WellFormedToken(std::string_view bearer) {
  if (bearer.size() != kTokenPrefix.size() + 2 * kTokenSecretBytes) return false;
  if (bearer.substr(0, kTokenPrefix.size()) != kTokenPrefix) return false;
  for (char c : bearer.substr(kTokenPrefix.size())) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int64_t FindPrincipalId(SecurityDatabase& database, std::string_view name) {
  SqlStatement query(database, "SELECT id FROM principals WHERE name = ?");
  query.Bind(1, name);
  if (!query.Step()) {
    throw Error(ErrorCode::kNotFound, fmt::format("no user or service principal named '{}'", name));
  }
  return query.Int64(0);
}

std::vector<std::string> RolesOf(SecurityDatabase& database, int64_t id) {
  SqlStatement query(database,
                     "SELECT role FROM principal_roles WHERE principal_id = ? ORDER BY role",
                     SqlStatement::Kept{});
  query.Bind(1, id);
  std::vector<std::string> roles;
  while (query.Step()) roles.push_back(query.Text(0));
  return roles;
}

NewToken InsertToken(SecurityDatabase& database, int64_t principal_id, int64_t expires,
                     const std::vector<std::string>& scopes) {
  NewToken token;
  token.id = "tk_" + storage::RandomHex(8);
  token.secret = std::string(kTokenPrefix) + storage::RandomHex(kTokenSecretBytes);
  SqlStatement insert(database,
                      "INSERT INTO tokens (id, principal_id, hash, created, expires, scopes) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, token.id).Bind(2, principal_id).Bind(3, TokenHash(token.secret));
  insert.Bind(4, SecurityNow()).Bind(5, expires).Bind(6, Join(scopes));
  insert.Run();
  return token;
}

}  // namespace

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser: return "user";
    case PrincipalKind::kService: return "service";
    case PrincipalKind::kLocal: return "local";
  }
  return "user";
}

bool Principal::IsAdmin() const {
  return kind == PrincipalKind::kLocal ||
         std::find(roles.begin(), roles.end(), kAdminRole) != roles.end();
}

Principal Principal::LocalAdministrator() {
  Principal principal;
  principal.name = "local-admin";
  principal.kind = PrincipalKind::kLocal;
  principal.roles = {std::string(kAdminRole)};
  return principal;
}

int64_t SecurityNow() {
  int64_t fixed = test_clock.load();
  return fixed != 0 ? fixed : static_cast<int64_t>(::time(nullptr));
}

void SetSecurityClockForTesting(int64_t unix_seconds) { test_clock.store(unix_seconds); }

int64_t ParseDuration(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, text.data() + text.size() - end);
  int64_t scale = unit.empty() || unit == "s" ? 1
                  : unit == "m"               ? 60
                  : unit == "h"               ? 3600
                  : unit == "d"               ? 86400
                                              : 0;
  if (error != std::errc() || value <= 0 || scale == 0 || value > (int64_t{1} << 40) / scale) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid duration '{}': expected a positive number with s, m, h or d "
                            "(e.g. 30d)",
                            text));
  }
  return value * scale;
}

IdentityStore::IdentityStore(std::unique_ptr<SecurityDatabase> database)
    : database_(std::move(database)) {}

IdentityStore::~IdentityStore() = default;

std::unique_ptr<IdentityStore> IdentityStore::Open(const std::string& data_dir) {
  bool created = false;
  std::unique_ptr<IdentityStore> store(new IdentityStore(SecurityDatabase::Open(data_dir, &created)));
  store->Bootstrap();
  return store;
}

void IdentityStore::Bootstrap() {
  SecurityTransaction transaction(*database_);
  SqlStatement count(*database_, "SELECT count(*) FROM principals");
  count.Step();
  if (count.Int64(0) > 0) return;
  SqlStatement insert(*database_,
                      "INSERT INTO principals (name, kind, created) VALUES (?, 'user', ?)");
  insert.Bind(1, kAdminName).Bind(2, SecurityNow()).Run();
  int64_t id = database_->last_insert_id();
  SqlStatement role(*database_, "INSERT INTO principal_roles (principal_id, role) VALUES (?, ?)");
  role.Bind(1, id).Bind(2, kAdminRole).Run();
  bootstrap_ = InsertToken(*database_, id, 0, {});
  transaction.Commit();
}

std::optional<NewToken> IdentityStore::TakeBootstrapCredential() {
  std::optional<NewToken> out = std::move(bootstrap_);
  bootstrap_.reset();
  return out;
}

PrincipalInfo IdentityStore::CreatePrincipal(std::string_view name, PrincipalKind kind,
                                             const std::vector<std::string>& roles,
                                             std::string_view password) {
  CheckName(name, "user");
  for (const auto& role : roles) CheckName(role, "role");
  if (kind == PrincipalKind::kLocal) {
    throw Error(ErrorCode::kInvalidArgument, "the local administrator cannot be created");
  }
  if (kind == PrincipalKind::kService && !password.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "service principals use tokens, not passwords");
  }
  std::string hash = password.empty() ? std::string() : HashPassword(password);
  SecurityTransaction transaction(*database_);
  {
    SqlStatement exists(*database_, "SELECT 1 FROM principals WHERE name = ?");
    exists.Bind(1, name);
    if (exists.Step()) {
      throw Error(ErrorCode::kConflict, fmt::format("a principal named '{}' already exists", name));
    }
  }
  SqlStatement insert(*database_,
                      "INSERT INTO principals (name, kind, password, created) VALUES (?, ?, ?, ?)");
  insert.Bind(1, name).Bind(2, PrincipalKindName(kind));
  if (hash.empty()) {
    insert.BindNull(3);
  } else {
    insert.Bind(3, hash);
  }
  insert.Bind(4, SecurityNow()).Run();
  int64_t id = database_->last_insert_id();
  for (const auto& role : roles) {
    SqlStatement grant(*database_,
                       "INSERT OR IGNORE INTO principal_roles (principal_id, role) VALUES (?, ?)");
    grant.Bind(1, id).Bind(2, role).Run();
  }
  transaction.Commit();
  PrincipalInfo info;
  info.id = id;
  info.name = std::string(name);
  info.kind = kind;
  info.roles = RolesOf(*database_, id);
  info.has_password = !hash.empty();
  info.created_unix_seconds = SecurityNow();
  return info;
}

std::vector<PrincipalInfo> IdentityStore::ListPrincipals() const {
  std::lock_guard lock(database_->mutex());
  SqlStatement query(*database_,
                     "SELECT id, name, kind, password IS NOT NULL, disabled, created "
                     "FROM principals ORDER BY name");
  std::vector<PrincipalInfo> out;
  while (query.Step()) {
    PrincipalInfo info;
    info.id = query.Int64(0);
    info.name = query.Text(1);
    info.kind = ParseKind(query.Text(2));
    info.has_password = query.Int64(3) != 0;
    info.disabled = query.Int64(4) != 0;
    info.created_unix_seconds = query.Int64(5);
    out.push_back(std::move(info));
  }
  for (auto& info : out) info.roles = RolesOf(*database_, info.id);
  return out;
}

void IdentityStore::DisablePrincipal(std::string_view name) {
  SecurityTransaction transaction(*database_);
  int64_t id = FindPrincipalId(*database_, name);
  SqlStatement update(*database_, "UPDATE principals SET disabled = 1 WHERE id = ?");
  update.Bind(1, id).Run();
  transaction.Commit();
}

void IdentityStore::SetPassword(std::string_view name, std::string_view password) {
  if (password.empty()) throw Error(ErrorCode::kInvalidArgument, "the password is empty");
  std::string hash = HashPassword(password);
  SecurityTransaction transaction(*database_);
  int64_t id = FindPrincipalId(*database_, name);
  SqlStatement update(*database_,
                      "UPDATE principals SET password = ? WHERE id = ? AND kind = 'user'");
  update.Bind(1, hash).Bind(2, id).Run();
  if (database_->changes() == 0) {
    throw Error(ErrorCode::kInvalidArgument, "service principals use tokens, not passwords");
  }
  transaction.Commit();
}

void IdentityStore::GrantRole(std::string_view name, std::string_view role) {
  CheckName(role, "role");
  SecurityTransaction transaction(*database_);
  int64_t id = FindPrincipalId(*database_, name);
  SqlStatement grant(*database_,
                     "INSERT OR IGNORE INTO principal_roles (principal_id, role) VALUES (?, ?)");
  grant.Bind(1, id).Bind(2, role).Run();
  transaction.Commit();
}

void IdentityStore::RevokeRole(std::string_view name, std::string_view role) {
  SecurityTransaction transaction(*database_);
  int64_t id = FindPrincipalId(*database_, name);
  SqlStatement revoke(*database_,
                      "DELETE FROM principal_roles WHERE principal_id = ? AND role = ?");
  revoke.Bind(1, id).Bind(2, role).Run();
  transaction.Commit();
}

NewToken IdentityStore::CreateToken(std::string_view name, int64_t expires_unix_seconds,
                                    const std::vector<std::string>& scopes) {
  for (const auto& scope : scopes) CheckName(scope, "scope");
  SecurityTransaction transaction(*database_);
  int64_t id = FindPrincipalId(*database_, name);
  SqlStatement disabled(*database_, "SELECT disabled FROM principals WHERE id = ?");
  disabled.Bind(1, id);
  if (disabled.Step() && disabled.Int64(0) != 0) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("principal '{}' is disabled", name));
  }
  NewToken token = InsertToken(*database_, id, expires_unix_seconds, scopes);
  transaction.Commit();
  return token;
}

void IdentityStore::RevokeToken(std::string_view token_id) {
  SecurityTransaction transaction(*database_);
  SqlStatement update(*database_, "UPDATE tokens SET revoked = 1 WHERE id = ?");
  update.Bind(1, token_id).Run();
  if (database_->changes() == 0) {
    throw Error(ErrorCode::kNotFound, fmt::format("no token with id '{}'", token_id));
  }
  transaction.Commit();
}

std::vector<TokenInfo> IdentityStore::ListTokens() const {
  std::lock_guard lock(database_->mutex());
  SqlStatement query(*database_,
                     "SELECT t.id, p.name, t.created, t.expires, t.scopes, t.revoked "
                     "FROM tokens t JOIN principals p ON p.id = t.principal_id "
                     "ORDER BY t.created, t.id");
  std::vector<TokenInfo> out;
  while (query.Step()) {
    TokenInfo info;
    info.id = query.Text(0);
    info.principal = query.Text(1);
    info.created_unix_seconds = query.Int64(2);
    info.expires_unix_seconds = query.Int64(3);
    info.scopes = SplitComma(query.Text(4));
    info.revoked = query.Int64(5) != 0;
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<Principal> IdentityStore::LoadPrincipal(int64_t id) const {
  SqlStatement query(*database_, "SELECT name, kind, disabled FROM principals WHERE id = ?",
                     SqlStatement::Kept{});
  query.Bind(1, id);
  if (!query.Step() || query.Int64(2) != 0) return std::nullopt;
  Principal principal;
  principal.id = id;
  principal.name = query.Text(0);
  principal.kind = ParseKind(query.Text(1));
  principal.roles = RolesOf(*database_, id);
  return principal;
}

std::optional<Principal> IdentityStore::AuthenticateToken(std::string_view bearer) const {
  if (!WellFormedToken(bearer)) return std::nullopt;
  std::string hash = TokenHash(bearer);
  std::lock_guard lock(database_->mutex());
  // One statement (one read transaction) per request: the token, its principal and the roles.
  // Role names never hold ',' (CheckName).
  SqlStatement query(*database_,
                     "SELECT t.hash, t.principal_id, t.expires, t.scopes, t.revoked, p.name, "
                     "p.kind, p.disabled, (SELECT group_concat(role, ',') FROM principal_roles "
                     "WHERE principal_id = p.id) "
                     "FROM tokens t JOIN principals p ON p.id = t.principal_id WHERE t.hash = ?",
                     SqlStatement::Kept{});
  query.Bind(1, hash);
  if (!query.Step()) return std::nullopt;
  std::string stored = query.Text(0);
  if (stored.size() != hash.size() ||
      CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) != 0) {
    return std::nullopt;
  }
  int64_t expires = query.Int64(2);
  if (query.Int64(4) != 0 || (expires != 0 && expires <= SecurityNow())) return std::nullopt;
  if (query.Int64(7) != 0) return std::nullopt;  // disabled principal
  Principal principal;
  principal.id = query.Int64(1);
  principal.name = query.Text(5);
  principal.kind = ParseKind(query.Text(6));
  principal.roles = SplitComma(query.Text(8));
  std::sort(principal.roles.begin(), principal.roles.end());
  principal.scopes = SplitComma(query.Text(3));
  return principal;
}

std::optional<std::string> IdentityStore::TokenId(std::string_view bearer) const {
  if (!WellFormedToken(bearer)) return std::nullopt;
  std::lock_guard lock(database_->mutex());
  SqlStatement query(*database_, "SELECT id FROM tokens WHERE hash = ?", SqlStatement::Kept{});
  query.Bind(1, TokenHash(bearer));
  if (!query.Step()) return std::nullopt;
  return query.Text(0);
}

std::optional<Principal> IdentityStore::AuthenticatePassword(std::string_view name,
                                                             std::string_view password) const {
  // A fixed hash of a random password: unknown names cost one scrypt like known ones.
  static const std::string kDummy = HashPassword(storage::RandomHex(16));
  std::string stored;
  int64_t id = 0;
  {
    std::lock_guard lock(database_->mutex());
    SqlStatement query(*database_,
                       "SELECT id, password FROM principals WHERE name = ? AND kind = 'user'");
    query.Bind(1, name);
    if (query.Step() && !query.IsNull(1)) {
      id = query.Int64(0);
      stored = query.Text(1);
    }
  }
  bool match = VerifyPassword(password, stored.empty() ? kDummy : stored);
  if (!match || id == 0 || password.empty()) return std::nullopt;
  std::lock_guard lock(database_->mutex());
  return LoadPrincipal(id);
}

NewToken IdentityStore::CreateSessionToken(std::string_view name, int64_t ttl_seconds) {
  if (ttl_seconds <= 0) throw Error(ErrorCode::kInvalidArgument, "session lifetime must be positive");
  return CreateToken(name, SecurityNow() + ttl_seconds, {std::string(kSessionScope)});
}

bool IdentityStore::RevokeBearer(std::string_view bearer) {
  if (!WellFormedToken(bearer)) return false;
  SecurityTransaction transaction(*database_);
  SqlStatement update(*database_, "UPDATE tokens SET revoked = 1 WHERE hash = ?");
  update.Bind(1, TokenHash(bearer)).Run();
  bool found = database_->changes() > 0;
  transaction.Commit();
  return found;
}

std::vector<std::string> IdentityStore::ListRoles() const {
  std::lock_guard lock(database_->mutex());
  std::vector<std::string> roles{std::string(kAdminRole)};
  {
    SqlStatement held(*database_, "SELECT DISTINCT role FROM principal_roles");
    while (held.Step()) roles.push_back(held.Text(0));
  }
  // The grant store (security/authz) keeps roles made by CREATE ROLE in a table 'roles'.
  SqlStatement has_table(*database_,
                         "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'roles'");
  if (has_table.Step()) {
    SqlStatement created(*database_, "SELECT name FROM roles");
    while (created.Step()) roles.push_back(created.Text(0));
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

bool IdentityStore::RoleExists(std::string_view role) const {
  std::vector<std::string> roles = ListRoles();
  return std::binary_search(roles.begin(), roles.end(), std::string(role));
}

}  // namespace tarn::security
