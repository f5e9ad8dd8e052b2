#include "cli/serve_command.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cctype>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/help_formatter.h"
#include "common/error.h"
#include "common/memory.h"
#include "catalog/lake.h"
#include "ingest/stream/stream_manager.h"
#include "server/http/http_server.h"
#include "server/jobs/job_registry.h"
#include "sql/session/session.h"
#include "security/audit/audit_log.h"
#include "security/authz/access_policy.h"
#include "security/secrets/secret_store.h"
#include "security/identity/identity_store.h"
#include "security/identity/oidc_verifier.h"
#include "server/log/json_log.h"
#include "server/server_services.h"
#include "storage/encryption/keyring.h"
#include "storage/lake_store.h"

namespace tarn::cli {
namespace {

struct ServeArguments {
  storage::LakeOptions lake;  // --data-dir, --key-file
  server::ServerOptions options;
  std::string listen = "127.0.0.1:8080";
  std::string max_body = "1MiB";
  std::string query_memory_limit;
  security::OidcOptions oidc;  // --oidc-*: accepted when issuer is set
  std::string session_ttl = "1h";
  std::string stream_max_buffered = "1GiB";  // all streams' buffers together (429 above)
  std::string stream_wal_limit = "4GiB";     // each stream's write-ahead log (503 above)
};

// Splits "ADDR:PORT" ("[::1]:8080" for IPv6). Throws Error(kInvalidArgument).
void ParseListen(const std::string& listen, server::ServerOptions& options) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    throw Error(ErrorCode::kInvalidArgument, "--listen expects ADDR:PORT, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  char* end = nullptr;
  long port = std::strtol(port_text.c_str(), &end, 10);
  if (*end != '\0' || port < 0 || port > 65535 || host.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "--listen expects ADDR:PORT, got '" + listen + "'");
  }
  options.host = host;
  options.port = static_cast<uint16_t>(port);
}

// The data directory's keyring (created on first use, as `tarn keys init` does), identity store
// and audit log.
struct ServerSecurity {
  explicit ServerSecurity(const storage::LakeOptions& options) {
    bool created = false;
    keyring = storage::OpenLakeKeyring(options, &created);
    if (created) {
      fmt::print(stderr, "created master key version 1 in {} (mode 0600); back it up\n",
                 options.ResolvedKeyFile());
    }
    audit = security::AuditLog::Open(options.data_dir, *keyring);
    identity = security::IdentityStore::Open(options.data_dir);
    if (std::optional<security::NewToken> bootstrap = identity->TakeBootstrapCredential()) {
      // Shown once, on the console (never in a log line or the audit log).
      fmt::print(stderr,
                 "created the administrator 'admin' (role admin). Its API token is shown only "
                 "now; store it safely:\n{}\n",
                 bootstrap->secret);
    }
  }

  std::unique_ptr<storage::Keyring> keyring;
  std::unique_ptr<security::AuditLog> audit;
  std::unique_ptr<security::IdentityStore> identity;
  // Grants and secrets of security.db, shared by every request's AccessPolicy.
  std::unique_ptr<security::GrantStore> grants;
  std::unique_ptr<security::SecretStore> secrets;
};

// Every request's principal gets an AccessPolicy over the grants (its roles as authenticated:
// from the identity store for tokens, from the roles claim for OIDC); its sessions check every
// table, column and statement against it, and secret('name') answers only with USAGE.
void AttachAccess(ServerSecurity& security, server::ServerServices& services,
                  server::RequestHooks& hooks) {
  security.grants = std::make_unique<security::GrantStore>(security.identity->database());
  security.secrets =
      std::make_unique<security::SecretStore>(security.identity->database(), *security.keyring);
  services.secrets = security.secrets.get();
  services.access_for = [&security](const server::Principal& from)
      -> std::shared_ptr<sql::AccessControl> {
    security::Principal principal;
    principal.name = from.name;
    principal.kind = from.kind == "service" ? security::PrincipalKind::kService
                                            : security::PrincipalKind::kUser;
    principal.roles = from.authenticated ? from.roles : std::vector<std::string>{};
    return std::make_shared<security::AccessPolicy>(std::move(principal), *security.grants,
                                                    *security.identity, security.secrets.get());
  };
  hooks.configure_session = [inner = std::move(hooks.configure_session), &services](
                                const server::Principal& principal, sql::SessionOptions& options) {
    if (inner) inner(principal, options);
    std::shared_ptr<sql::AccessControl> access = services.access_for(principal);
    options.access = access;
    options.secret_lookup = [access, secrets = services.secrets](const std::string& name) {
      return access->CanUseSecret(name) ? secrets->Get(name) : std::nullopt;
    };
  };
}

// Bearer tokens are checked against the data directory's identity store; every request is
// recorded in its audit log.
server::RequestHooks MakeHooks(ServerSecurity& security, std::shared_ptr<catalog::Lake> lake,
                               bool allow_file_access) {
  security::IdentityStore& identity = *security.identity;
  security::AuditLog& audit = *security.audit;
  server::RequestHooks hooks;
  hooks.authenticate =
      [&identity](const server::HttpRequest& request) -> std::optional<server::Principal> {
    std::string_view header = request.Header("authorization");
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() <= kScheme.size() || !std::equal(kScheme.begin(), kScheme.end(),
                                                      header.begin(), [](char a, char b) {
                                                        return std::tolower(a) == std::tolower(b);
                                                      })) {
      return std::nullopt;
    }
    std::optional<security::Principal> found =
        identity.AuthenticateToken(header.substr(kScheme.size()));
    if (!found) return std::nullopt;
    server::Principal principal;
    principal.name = found->name;
    principal.kind = std::string(security::PrincipalKindName(found->kind));
    principal.roles = found->roles;
    principal.authenticated = true;
    return principal;
  };
  hooks.audit = [&audit](const server::AuditEvent& event) {
    security::AuditEntry entry;
    entry.time_micros = event.time_micros;
    entry.request_id = event.request_id;
    entry.principal = event.principal;
    entry.principal_kind = event.principal_kind;
    entry.source_address = event.source_address;
    entry.action = event.action;
    entry.objects = event.objects;
    entry.statement = event.statement;
    entry.outcome = event.outcome;
    entry.error_code = event.error_code;
    entry.detail = event.detail;
    entry.rows = event.rows;
    entry.bytes = event.bytes;
    audit.Record(entry);
  };
  // Every query session shares the data directory's open lake (its tables, catalog and keys).
  hooks.configure_session = [lake = std::move(lake),
                             allow_file_access](const server::Principal&, sql::SessionOptions& options) {
    sql::LakeAccess access;
    access.shared = lake;
    options.lake = std::move(access);
    options.allow_file_access = allow_file_access;
  };
  return hooks;
}

// Bearer JWTs of the configured OIDC issuer are verified here (kind "user", roles from the roles
// claim that exist in tarn); everything else goes to 'tokens' (API and session tokens).
std::function<std::optional<server::Principal>(const server::HttpRequest&)> WithOidc(
    std::function<std::optional<server::Principal>(const server::HttpRequest&)> tokens,
    std::shared_ptr<const security::OidcVerifier> verifier) {
  return [tokens = std::move(tokens), verifier = std::move(verifier)](
             const server::HttpRequest& request) -> std::optional<server::Principal> {
    std::string_view header = request.Header("authorization");
    constexpr std::string_view kScheme = "bearer ";
    bool bearer = header.size() > kScheme.size() &&
                  std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                             [](char a, char b) { return a == std::tolower(b); });
    if (!bearer || !security::OidcVerifier::LooksLikeJwt(header.substr(kScheme.size()))) {
      return tokens(request);
    }
    std::optional<security::OidcIdentity> identity =
        verifier->Verify(header.substr(kScheme.size()), security::SecurityNow());
    if (!identity) return std::nullopt;
    server::Principal principal;
    principal.name = identity->name;
    principal.kind = "user";
    principal.roles = identity->roles;
    principal.authenticated = true;
    return principal;
  };
}

void RunServe(ServeArguments& arguments) {
  ParseListen(arguments.listen, arguments.options);
  arguments.options.max_body_bytes = ParseMemorySize(arguments.max_body.c_str());
  if (!arguments.query_memory_limit.empty()) {
    arguments.options.query_memory_limit = ParseMemorySize(arguments.query_memory_limit.c_str());
  }
  server::HttpServer::CheckOptions(arguments.options);
  arguments.options.data_dir = arguments.lake.data_dir;
  arguments.options.session_ttl_seconds =
      static_cast<double>(security::ParseDuration(arguments.session_ttl));
  ServerSecurity security(arguments.lake);
  std::shared_ptr<const security::OidcVerifier> oidc;
  if (!arguments.oidc.issuer.empty() || !arguments.oidc.jwks_file.empty()) {
    if (arguments.oidc.jwks_file.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "--oidc-issuer needs --oidc-jwks FILE");
    }
    security::IdentityStore* identity = security.identity.get();
    oidc = std::make_shared<security::OidcVerifier>(
        arguments.oidc, security::JwkSet::Load(arguments.oidc.jwks_file),
        [identity](const std::string& role) { return identity->RoleExists(role); });
  }
  std::shared_ptr<catalog::Lake> lake = catalog::OpenLake(arguments.lake);
  // Streams replay their write-ahead logs now, before the first request.
  ingest::StreamManagerOptions stream_options;
  stream_options.data_dir = arguments.lake.data_dir;
  stream_options.max_buffered_bytes = ParseMemorySize(arguments.stream_max_buffered.c_str());
  stream_options.wal_size_limit = ParseMemorySize(arguments.stream_wal_limit.c_str());
  std::unique_ptr<ingest::StreamManager> streams =
      ingest::StreamManager::Open(stream_options, lake, *security.keyring);
  server::ServerServices services;
  services.data_dir = arguments.lake.data_dir;
  services.lake = lake;
  services.keyring = security.keyring.get();
  services.identity = security.identity.get();
  services.audit = security.audit.get();
  services.streams = streams.get();
  server::JobRegistry jobs(1);  // ingest and crawl jobs, one at a time (they use every core)
  services.jobs = &jobs;
  server::RequestHooks hooks = MakeHooks(security, lake, arguments.options.allow_file_access);
  hooks.services = &services;
  AttachAccess(security, services, hooks);
  if (oidc != nullptr) hooks.authenticate = WithOidc(std::move(hooks.authenticate), oidc);
  server::HttpServer http(arguments.options, std::move(hooks));
  server::LogEvent("info", "listening", [&](server::JsonWriter& json) {
    json.Key("address").String(arguments.options.host).Key("port").Int(http.port());
    json.Key("tls").Bool(http.tls());
  });
  http.Run();
  // In-flight requests are done (Run returned after the drain): deliver what the streams buffer.
  streams->Close();
  security.audit->Flush();
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  CLI::App* serve = app.add_subcommand("serve", "run the HTTP API server");
  SetCommandHelp(serve, {
      "tarn serve [--data-dir DIR] [--key-file FILE] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
      "           [--insecure-no-tls] [--threads N] [OPTIONS]",
      "Serves the HTTP API (docs/server.md; GET /v1/openapi.json describes it): POST /v1/query\n"
      "runs SQL with bound parameters and streams the result as JSON, CSV or NDJSON by the\n"
      "Accept header; DELETE /v1/queries/{id} cancels; GET /healthz, /readyz, /metrics.\n"
      "Also /v1/catalog (list, describe, search, metadata), /v1/jobs (batch ingest and\n"
      "crawl), /v1/admin (users, roles, grants, tokens, key rotation; role admin) and\n"
      "/v1/auth/login (session tokens, --session-ttl). --oidc-issuer, --oidc-audience and\n"
      "--oidc-jwks accept an SSO issuer's RS256/ES256 JWTs as bearer tokens.\n"
      "/v1/streams creates durable Firehose-style streams and takes their records (acknowledged\n"
      "once in the stream's write-ahead log; docs/streams.md, tarn stream).\n"
      "\n"
      "HTTP/1.1 with keep-alive; TLS 1.2/1.3 with --tls-cert and --tls-key (PEM). Listening\n"
      "on an address other than loopback without TLS is refused unless --insecure-no-tls.\n"
      "SIGTERM or SIGINT stops accepting, lets running requests finish (queries still\n"
      "running after --shutdown-grace are cancelled), delivers the streams' buffers and exits 0.\n"
      "\n"
      "Requests authenticate with 'Authorization: Bearer <token>' (tarn token create NAME);\n"
      "the first start on a data directory creates the user admin and prints its token once.\n"
      "Every request is recorded in the data directory's audit log (tarn audit verify).\n"
      "Queries see the data directory's lake tables; reading server-side files (paths,\n"
      "read_csv() ...) and COPY need --allow-file-access.\n"
      "\n"
      "Logs are JSON lines on stderr (level, time, request id, route, status, duration);\n"
      "bodies, SQL text and credentials are never logged. Every response carries X-Request-Id.",
      "tarn serve\n"
      "tarn serve --listen 0.0.0.0:8443 --tls-cert server.pem --tls-key server.key\n"
      "curl -s localhost:8080/v1/query -H \"Authorization: Bearer $TOKEN\" \\\n"
      "     -d '{\"sql\": \"SELECT $1 + 1\", \"params\": [41]}'",
  });
  auto arguments = std::make_shared<ServeArguments>();
  server::ServerOptions& options = arguments->options;
  serve->add_option("--data-dir", arguments->lake.data_dir, "data directory (default ./tarn-data)")
      ->type_name("DIR");
  serve->add_option("--key-file", arguments->lake.key_file,
                    "master key file (default <data-dir>/keys/master.key; TARN_MASTER_KEY overrides)")
      ->type_name("FILE");
  serve->add_option("--listen", arguments->listen, "address and port (default 127.0.0.1:8080)")
      ->type_name("ADDR:PORT");
  serve->add_option("--tls-cert", options.tls_cert_file, "TLS certificate chain (PEM)")
      ->type_name("FILE");
  serve->add_option("--tls-key", options.tls_key_file, "TLS private key (PEM)")->type_name("FILE");
  serve->add_flag("--insecure-no-tls", options.insecure_no_tls,
                  "allow a non-loopback address without TLS");
  serve->add_flag("--allow-file-access", options.allow_file_access,
                  "let queries read server-side files and databases (paths, read_*()) and\n"
                  "write files (COPY); off by default: queries see the lake's tables only");
  serve->add_option("--threads", options.query_threads, "engine threads per query (default 1)")
      ->type_name("N");
  serve->add_option("--io-threads", options.io_threads, "network threads (default 2)")
      ->type_name("N");
  serve->add_option("--workers", options.worker_threads,
                    "queries running at once, server-wide (default 4)")
      ->type_name("N");
  serve->add_option("--ingest-workers", options.ingest_worker_threads,
                    "threads for stream records and flushes, apart from queries (default 4)")
      ->type_name("N");
  serve->add_option("--max-body", arguments->max_body, "largest request body (default 1MiB; 413)")
      ->type_name("SIZE");
  serve->add_option("--max-header", options.max_header_bytes,
                    "largest request header block in bytes (default 16384; 431)")
      ->type_name("BYTES");
  serve->add_option("--read-timeout", options.read_timeout_seconds,
                    "seconds a request may take to arrive; also the keep-alive idle limit (10)")
      ->type_name("SECONDS");
  serve->add_option("--rate-per-address", options.address_rate,
                    "requests/s per source address (default 100; 0 = unlimited; 429)")
      ->type_name("N");
  serve->add_option("--burst-per-address", options.address_burst, "burst per address (200)")
      ->type_name("N");
  serve->add_option("--rate-per-principal", options.principal_rate,
                    "requests/s per principal (default 50; 0 = unlimited; 429)")
      ->type_name("N");
  serve->add_option("--burst-per-principal", options.principal_burst, "burst per principal (100)")
      ->type_name("N");
  serve->add_option("--query-timeout", options.query_timeout_seconds,
                    "seconds a query may run (default 300; 0 = none; 408)")
      ->type_name("SECONDS");
  serve->add_option("--query-memory-limit", arguments->query_memory_limit,
                    "memory per query (512MB, 2GiB, 10%; default: the engine's)")
      ->type_name("SIZE");
  serve->add_option("--max-queries-per-principal", options.max_queries_per_principal,
                    "queries one principal may run at once (default 4; 0 = unlimited; 429)")
      ->type_name("N");
  serve->add_option("--stream-max-buffered", arguments->stream_max_buffered,
                    "stream records buffered in memory, all streams (default 1GiB; 429 above)")
      ->type_name("SIZE");
  serve->add_option("--stream-wal-limit", arguments->stream_wal_limit,
                    "write-ahead log size per stream (default 4GiB; 503 above)")
      ->type_name("SIZE");
  serve->add_option("--session-ttl", arguments->session_ttl,
                    "lifetime of POST /v1/auth/login session tokens (default 1h; s, m, h, d)")
      ->type_name("DURATION");
  serve->add_option("--oidc-issuer", arguments->oidc.issuer,
                    "accept bearer JWTs (RS256, ES256) whose iss is URL (single sign-on)")
      ->type_name("URL");
  serve->add_option("--oidc-audience", arguments->oidc.audience, "the aud the JWTs must name")
      ->type_name("AUD");
  serve->add_option("--oidc-jwks", arguments->oidc.jwks_file,
                    "the issuer's signing keys (a JWKS document; never fetched)")
      ->type_name("FILE");
  serve->add_option("--oidc-roles-claim", arguments->oidc.roles_claim,
                    "claim naming the principal's tarn roles (default roles)")
      ->type_name("CLAIM");
  serve->add_option("--oidc-user-claim", arguments->oidc.user_claim,
                    "claim naming the principal (default sub)")
      ->type_name("CLAIM");
  serve->add_option("--shutdown-grace", options.shutdown_grace_seconds,
                    "seconds in-flight requests get after SIGTERM (default 10)")
      ->type_name("SECONDS");
  serve->callback([arguments]() { RunServe(*arguments); });
}

}  // namespace tarn::cli
