// `tarn token create|revoke|list`: API tokens (256 random bits, shown once, stored as a hash).
#include <fmt/format.h>

#include <ctime>

#include "cli/help_formatter.h"
#include "cli/security_commands.h"
#include "cli/time_text.h"
#include "common/error.h"

namespace tarn::cli {
namespace {

struct TokenArguments {
  storage::LakeOptions lake;
  std::string name;  // principal (create) or token id (revoke)
  std::string expires;
  std::vector<std::string> scopes;
};

std::string FormatTime(int64_t unix_seconds) { return FormatUnixSeconds(unix_seconds, "never"); }

void RunCreate(const TokenArguments& arguments) {
  int64_t expires = arguments.expires.empty()
                        ? 0
                        : security::SecurityNow() + security::ParseDuration(arguments.expires);
  std::vector<std::string> objects = {"user:" + arguments.name};
  RunAudited(arguments.lake, "token.create", objects, [&](DataDirSecurity& security) {
    security::NewToken token = security.identity().CreateToken(arguments.name, expires,
                                                               arguments.scopes);
    // Only the token on stdout, so `TOKEN=$(tarn token create ana)` works; the id on stderr.
    fmt::print("{}\n", token.secret);
    std::fflush(stdout);
    fmt::print(stderr, "token {} for '{}' (expires {}); it is shown only now\n", token.id,
               arguments.name, FormatTime(expires));
    security.Record("token.issued", {"user:" + arguments.name, "token:" + token.id}, nullptr);
  });
}

void RunRevoke(const TokenArguments& arguments) {
  RunAudited(arguments.lake, "token.revoke", {"token:" + arguments.name},
             [&](DataDirSecurity& security) {
               security.identity().RevokeToken(arguments.name);
               fmt::print("revoked token {}\n", arguments.name);
             });
}

void RunList(const TokenArguments& arguments) {
  RunAudited(arguments.lake, "token.list", {}, [&](DataDirSecurity& security) {
    fmt::print("{:<19}  {:<20}  {:<19}  {:<19}  {:<7}  {}\n", "id", "principal", "created (UTC)",
               "expires (UTC)", "status", "scopes");
    int64_t now = security::SecurityNow();
    for (const auto& token : security.identity().ListTokens()) {
      std::string status = token.revoked ? "revoked"
                           : token.expires_unix_seconds != 0 && token.expires_unix_seconds <= now
                               ? "expired"
                               : "active";
      fmt::print("{:<19}  {:<20}  {:<19}  {:<19}  {:<7}  {}\n", token.id, token.principal,
                 FormatTime(token.created_unix_seconds), FormatTime(token.expires_unix_seconds),
                 status, fmt::join(token.scopes, ","));
    }
  });
}

}  // namespace

void AddTokenCommand(CLI::App& app) {
  CLI::App* token = app.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  SetCommandHelp(token, {
      "tarn token create NAME [--expires 30d] [--scope SCOPE]... [--data-dir DIR]\n"
      "tarn token revoke ID [--data-dir DIR]\n"
      "tarn token list [--data-dir DIR]",
      "An API token is 256 random bits ('tarn_' and 64 hex digits), sent to `tarn serve` as\n"
      "'Authorization: Bearer <token>'. It is printed once, on stdout alone; tarn stores only\n"
      "its SHA-256 hash, so a lost token cannot be shown again: revoke it and create another.\n"
      "\n"
      "create issues a token for the user or service principal NAME; --expires sets a\n"
      "lifetime (30d, 12h, 45m, 3600s; default: no expiry), --scope narrows what the token may\n"
      "do (repeatable). Its id goes to stderr. revoke ends a token by id; list shows ids,\n"
      "owners, times and status, never tokens.",
      "TOKEN=$(tarn token create loader --expires 30d --scope ingest)\n"
      "tarn token list\n"
      "tarn token revoke tk_0123456789abcdef",
  });
  auto arguments = std::make_shared<TokenArguments>();

  CLI::App* create = token->add_subcommand("create", "create a token (printed once on stdout)");
  AddSecurityOptions(create, arguments->lake);
  create->add_option("NAME", arguments->name, "user or service principal")->required();
  create->add_option("--expires", arguments->expires, "lifetime: 30d, 12h, 45m, 3600s")
      ->type_name("DURATION");
  create->add_option("--scope", arguments->scopes, "scope the token is limited to (repeatable)")
      ->type_name("SCOPE");
  create->callback([arguments]() { RunCreate(*arguments); });

  CLI::App* revoke = token->add_subcommand("revoke", "revoke a token by id");
  AddSecurityOptions(revoke, arguments->lake);
  revoke->add_option("ID", arguments->name, "token id (tk_...)")->required();
  revoke->callback([arguments]() { RunRevoke(*arguments); });

  CLI::App* list = token->add_subcommand("list", "list tokens (ids, never the tokens)");
  AddSecurityOptions(list, arguments->lake);
  list->callback([arguments]() { RunList(*arguments); });
}

}  // namespace tarn::cli
