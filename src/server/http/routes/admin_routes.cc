// Administration over HTTP (role admin only; 403 for everyone else): users and service principals,
// their roles, grants (GRANT/REVOKE/CREATE ROLE/ROW FILTER statements, SHOW GRANTS), API tokens and
// master key rotation. Each route calls the same library function as its CLI command
// (IdentityStore for `tarn user` / `tarn token`, RotateLakeMasterKey for `tarn keys rotate`), and
// grants run through a sql::Session with the caller's AccessControl, as `tarn sql --user` does.
#include <algorithm>
#include <cctype>
#include <ctime>

#include "catalog/lake.h"
#include "common/error.h"
#include "security/identity/identity_store.h"
#include "server/http/routes/route_request.h"
#include "server/json/json_writer.h"
#include "sql/parser/ast.h"
#include "sql/parser/parser.h"
#include "sql/session/session.h"
#include "storage/encryption/key_rotation.h"

namespace tarn::server {
namespace {

HttpError Invalid(std::string message) { return HttpError{400, "invalid_request", std::move(message)}; }

security::IdentityStore& Identity(RouteContext& context) {
  ServerServices& services = RequireServices(context);
  if (services.identity == nullptr) {
    throw HttpError{404, "not_configured", "this server has no identity store"};
  }
  return *services.identity;
}

HttpResponse JsonResponse(std::string body, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.body += '\n';
  return response;
}

void WritePrincipal(JsonWriter& json, const security::PrincipalInfo& info) {
  json.BeginObject().Key("name").String(info.name);
  json.Key("kind").String(security::PrincipalKindName(info.kind));
  json.Key("roles").BeginArray();
  for (const auto& role : info.roles) json.String(role);
  json.EndArray();
  json.Key("disabled").Bool(info.disabled).Key("has_password").Bool(info.has_password);
  json.Key("created_at").String(IsoTime(info.created_unix_seconds)).EndObject();
}

HttpResponse ListUsers(HttpRequest&, RouteContext& context) {
  std::string body;
  JsonWriter json(body);
  json.BeginObject().Key("users").BeginArray();
  for (const auto& info : Identity(context).ListPrincipals()) WritePrincipal(json, info);
  json.EndArray().EndObject();
  return JsonResponse(std::move(body));
}

// {name, kind?: user|service, roles?: [...], password?}. The password is hashed (scrypt) and
// never logged or audited.
HttpResponse CreateUser(HttpRequest& request, RouteContext& context) {
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"name", "kind", "roles", "password"});
  std::optional<std::string> name = StringMember(body, "name");
  if (!name) throw Invalid("missing field \"name\"");
  std::string kind_text = StringMember(body, "kind").value_or("user");
  security::PrincipalKind kind;
  if (kind_text == "user") {
    kind = security::PrincipalKind::kUser;
  } else if (kind_text == "service") {
    kind = security::PrincipalKind::kService;
  } else {
    throw Invalid("unknown kind '" + kind_text + "' (expected user or service)");
  }
  std::vector<std::string> roles = StringListMember(body, "roles");
  std::string password = StringMember(body, "password").value_or("");
  security::PrincipalInfo info = Identity(context).CreatePrincipal(*name, kind, roles, password);
  std::string out;
  JsonWriter json(out);
  WritePrincipal(json, info);
  return JsonResponse(std::move(out), 201);
}

HttpResponse DisableUser(HttpRequest& request, RouteContext& context) {
  const std::string& name = request.path_params.at("name");
  Identity(context).DisablePrincipal(name);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("name").String(name).Key("disabled").Bool(true).EndObject();
  return JsonResponse(std::move(out));
}

// {add: [...], remove: [...]}: the principal's roles afterwards.
HttpResponse ChangeRoles(HttpRequest& request, RouteContext& context) {
  const std::string& name = request.path_params.at("name");
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"add", "remove"});
  security::IdentityStore& identity = Identity(context);
  for (const auto& role : StringListMember(body, "add")) identity.GrantRole(name, role);
  for (const auto& role : StringListMember(body, "remove")) identity.RevokeRole(name, role);
  for (const auto& info : identity.ListPrincipals()) {
    if (info.name != name) continue;
    std::string out;
    JsonWriter json(out);
    WritePrincipal(json, info);
    return JsonResponse(std::move(out));
  }
  throw HttpError{404, "not_found", "no user or service principal named '" + name + "'"};
}

HttpResponse ListRoles(HttpRequest&, RouteContext& context) {
  security::IdentityStore& identity = Identity(context);
  std::vector<security::PrincipalInfo> principals = identity.ListPrincipals();
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("roles").BeginArray();
  for (const auto& role : identity.ListRoles()) {
    json.BeginObject().Key("name").String(role).Key("members").BeginArray();
    for (const auto& info : principals) {
      if (std::find(info.roles.begin(), info.roles.end(), role) != info.roles.end()) {
        json.String(info.name);
      }
    }
    json.EndArray().EndObject();
  }
  json.EndArray().EndObject();
  return JsonResponse(std::move(out));
}

// Runs 'sql' in a session with the caller's access (the same hook as POST /v1/query).
sql::QueryResult RunAsCaller(HttpRequest& request, RouteContext& context, const std::string& sql) {
  sql::SessionOptions options;
  options.threads = 1;
  if (context.configure_session) context.configure_session(request.principal, options);
  sql::Session session(options);
  std::vector<sql::QueryResult> results = session.Execute(sql);
  return results.empty() ? sql::QueryResult() : std::move(results.back());
}

bool IsPlainName(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                  c == '@' || c == '-';
         });
}

// GET /v1/admin/grants[?role=r | ?user=u]: the rows of SHOW GRANTS.
HttpResponse ListGrants(HttpRequest& request, RouteContext& context) {
  std::string sql = "SHOW GRANTS";
  std::optional<std::string> role = QueryParameter(request, "role");
  std::optional<std::string> user = QueryParameter(request, "user");
  if (role && user) throw Invalid("give role or user, not both");
  if (role || user) {
    const std::string& name = role ? *role : *user;
    if (!IsPlainName(name)) throw Invalid("invalid role or user name '" + name + "'");
    sql += std::string(role ? " FOR ROLE \"" : " FOR USER \"") + name + "\"";
  }
  sql::QueryResult result = RunAsCaller(request, context, sql);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("columns").BeginArray();
  for (const auto& column : result.column_names) json.String(column);
  json.EndArray().Key("grants").BeginArray();
  for (size_t row = 0; row < result.row_count(); ++row) {
    json.BeginObject();
    for (size_t column = 0; column < result.column_names.size(); ++column) {
      exec::Value value = result.GetValue(column, row);
      json.Key(result.column_names[column]);
      if (value.is_null()) {
        json.Null();
      } else {
        json.String(value.ToString());
      }
    }
    json.EndObject();
  }
  json.EndArray().EndObject();
  return JsonResponse(std::move(out));
}

// {"statement": "GRANT ..."}: exactly one authorization statement (GRANT, REVOKE, CREATE/DROP
// ROLE, CREATE/DROP ROW FILTER); anything else is refused before it runs.
HttpResponse ExecuteGrant(HttpRequest& request, RouteContext& context) {
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"statement"});
  std::optional<std::string> statement = StringMember(body, "statement");
  if (!statement) throw Invalid("missing field \"statement\"");
  std::vector<std::unique_ptr<sql::Statement>> parsed = sql::ParseStatements(*statement);
  if (parsed.size() != 1) {
    throw HttpError{400, "not_an_authorization_statement",
                    "expected exactly one statement, got " + std::to_string(parsed.size())};
  }
  const auto* authorization = dynamic_cast<const sql::AuthorizationStatement*>(parsed[0].get());
  if (authorization == nullptr || authorization->kind != sql::StatementKind::kAuthorization ||
      authorization->authorization_kind == sql::AuthorizationKind::kShowGrants) {
    throw HttpError{400, "not_an_authorization_statement",
                    "only GRANT, REVOKE, CREATE ROLE, DROP ROLE, CREATE ROW FILTER and DROP ROW "
                    "FILTER run here (SHOW GRANTS: GET /v1/admin/grants; other SQL: POST /v1/query)"};
  }
  sql::QueryResult result = RunAsCaller(request, context, *statement);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("status").String(result.status).EndObject();
  HttpResponse response = JsonResponse(std::move(out));
  response.statement = *statement;
  return response;
}

void WriteToken(JsonWriter& json, const security::TokenInfo& token) {
  json.BeginObject().Key("id").String(token.id).Key("principal").String(token.principal);
  json.Key("created_at").String(IsoTime(token.created_unix_seconds));
  if (token.expires_unix_seconds > 0) {
    json.Key("expires_at").String(IsoTime(token.expires_unix_seconds));
  } else {
    json.Key("expires_at").Null();
  }
  json.Key("scopes").BeginArray();
  for (const auto& scope : token.scopes) json.String(scope);
  json.EndArray().Key("revoked").Bool(token.revoked).EndObject();
}

// {principal, expires?: "30d", scopes?: [...]}: answers the token once (it is stored as a hash).
HttpResponse CreateToken(HttpRequest& request, RouteContext& context) {
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"principal", "expires", "scopes"});
  std::optional<std::string> principal = StringMember(body, "principal");
  if (!principal) throw Invalid("missing field \"principal\"");
  int64_t expires = 0;
  if (std::optional<std::string> text = StringMember(body, "expires")) {
    expires = security::SecurityNow() + security::ParseDuration(*text);
  }
  std::vector<std::string> scopes = StringListMember(body, "scopes");
  security::NewToken token = Identity(context).CreateToken(*principal, expires, scopes);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("id").String(token.id).Key("token").String(token.secret);
  json.Key("principal").String(*principal);
  if (expires > 0) {
    json.Key("expires_at").String(IsoTime(expires));
  } else {
    json.Key("expires_at").Null();
  }
  json.EndObject();
  HttpResponse response = JsonResponse(std::move(out), 201);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse ListTokens(HttpRequest&, RouteContext& context) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("tokens").BeginArray();
  for (const auto& token : Identity(context).ListTokens()) WriteToken(json, token);
  json.EndArray().EndObject();
  return JsonResponse(std::move(out));
}

HttpResponse RevokeToken(HttpRequest& request, RouteContext& context) {
  const std::string& id = request.path_params.at("id");
  Identity(context).RevokeToken(id);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("id").String(id).Key("revoked").Bool(true).EndObject();
  return JsonResponse(std::move(out));
}

// The same call as `tarn keys rotate`: a new master key version, data keys re-wrapped under it.
HttpResponse RotateKeys(HttpRequest& request, RouteContext& context) {
  ServerServices& services = RequireServices(context);
  if (services.lake == nullptr || services.lake->store == nullptr) {
    throw HttpError{404, "not_configured", "this server has no lake"};
  }
  bool rewrap_only = false;
  if (!request.body.empty()) {
    JsonValue body = ParseJsonObjectBody(request);
    CheckMembers(body, {"rewrap_only"});
    if (const JsonValue* flag = body.Find("rewrap_only")) {
      if (flag->kind() != JsonValue::Kind::kBool) throw Invalid("\"rewrap_only\" must be a boolean");
      rewrap_only = flag->bool_value();
    }
  }
  storage::KeyRotationResult result = storage::RotateLakeMasterKey(
      *services.lake->store, static_cast<int64_t>(::time(nullptr)), rewrap_only);
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("version").Int(result.version).Key("rotated").Bool(result.rotated);
  json.Key("encrypted").Bool(result.encrypted).Key("rewrapped").Uint(result.rewrapped);
  json.Key("already_current").Uint(result.already_current).EndObject();
  return JsonResponse(std::move(out));
}

}  // namespace

void RegisterAdminRoutes(Router& router, RouteContext& context) {
  auto add = [&](std::string method, std::string pattern, bool blocking,
                 HttpResponse (*handler)(HttpRequest&, RouteContext&)) {
    // kAdminPermission: the request guard refuses non-administrators before the handler runs.
    router.Add({std::move(method), std::move(pattern), std::string(kAdminPermission), true,
                blocking,
                [&context, handler](HttpRequest& request) { return handler(request, context); }});
  };
  add("GET", "/v1/admin/users", false, ListUsers);
  add("POST", "/v1/admin/users", true, CreateUser);  // scrypt
  add("POST", "/v1/admin/users/{name}/disable", false, DisableUser);
  add("POST", "/v1/admin/users/{name}/roles", false, ChangeRoles);
  add("GET", "/v1/admin/roles", false, ListRoles);
  add("GET", "/v1/admin/grants", true, ListGrants);
  add("POST", "/v1/admin/grants", true, ExecuteGrant);
  add("POST", "/v1/admin/tokens", false, CreateToken);
  add("GET", "/v1/admin/tokens", false, ListTokens);
  add("DELETE", "/v1/admin/tokens/{id}", false, RevokeToken);
  add("POST", "/v1/admin/keys/rotate", true, RotateKeys);
}

}  // namespace tarn::server
