// `tarn user create|list|disable`: users and service principals of a data directory.
#include <fmt/format.h>

#include <iostream>
#include <iterator>

#include "cli/help_formatter.h"
#include "cli/security_commands.h"
#include "common/error.h"

namespace tarn::cli {
namespace {

struct UserArguments {
  storage::LakeOptions lake;
  std::string name;
  std::vector<std::string> roles;
  bool password_stdin = false;
  bool service = false;
};

// Reads the password: all of stdin without one trailing line end.
std::string ReadPassword() {
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (text.ends_with("\n")) text.pop_back();
  if (text.ends_with("\r")) text.pop_back();
  if (text.empty()) throw Error(ErrorCode::kInvalidArgument, "--password-stdin read an empty password");
  return text;
}

void RunCreate(const UserArguments& arguments) {
  std::string password = arguments.password_stdin ? ReadPassword() : std::string();
  std::vector<std::string> objects = {"user:" + arguments.name};
  for (const auto& role : arguments.roles) objects.push_back("role:" + role);
  RunAudited(arguments.lake, "user.create", objects, [&](DataDirSecurity& security) {
    security::PrincipalInfo info = security.identity().CreatePrincipal(
        arguments.name,
        arguments.service ? security::PrincipalKind::kService : security::PrincipalKind::kUser,
        arguments.roles, password);
    fmt::print("created {} '{}'{}{}\n", security::PrincipalKindName(info.kind), info.name,
               info.roles.empty() ? "" : " with roles ",
               fmt::join(info.roles, ", "));
  });
}

void RunList(const UserArguments& arguments) {
  RunAudited(arguments.lake, "user.list", {}, [&](DataDirSecurity& security) {
    fmt::print("{:<24}  {:<8}  {:<8}  {:<8}  {}\n", "name", "kind", "status", "password", "roles");
    for (const auto& info : security.identity().ListPrincipals()) {
      fmt::print("{:<24}  {:<8}  {:<8}  {:<8}  {}\n", info.name,
                 security::PrincipalKindName(info.kind), info.disabled ? "disabled" : "active",
                 info.has_password ? "set" : "-", fmt::join(info.roles, ","));
    }
  });
}

void RunDisable(const UserArguments& arguments) {
  RunAudited(arguments.lake, "user.disable", {"user:" + arguments.name},
             [&](DataDirSecurity& security) {
               security.identity().DisablePrincipal(arguments.name);
               fmt::print("disabled '{}': its password and tokens no longer work\n",
                          arguments.name);
             });
}

}  // namespace

void AddUserCommand(CLI::App& app) {
  CLI::App* user = app.add_subcommand("user", "manage users and service principals");
  user->require_subcommand(1);
  SetCommandHelp(user, {
      "tarn user create NAME [--role ROLE]... [--password-stdin] [--service] [--data-dir DIR]\n"
      "tarn user list [--data-dir DIR]\n"
      "tarn user disable NAME [--data-dir DIR]",
      "Users and service principals authenticate to `tarn serve` with API tokens (tarn token)\n"
      "or, for users, a password (scrypt-hashed; never stored or logged in clear). Roles are\n"
      "names; the role 'admin' may do everything. They live in <data-dir>/security.db\n"
      "(mode 0600).\n"
      "\n"
      "The first use of a data directory creates the user 'admin' and prints its API token\n"
      "once on stderr; there is no default password. Whoever runs these commands on the data\n"
      "directory acts as its local administrator; every command is recorded in the audit log.\n"
      "\n"
      "create adds a user (or with --service a service principal, which has tokens only);\n"
      "--password-stdin reads the password from stdin (one trailing newline is dropped).\n"
      "disable stops the principal's password and tokens; it stays listed.",
      "printf '%s\\n' \"$PASSWORD\" | tarn user create ana --role analyst --password-stdin\n"
      "tarn user create loader --service --role ingest\n"
      "tarn user list\n"
      "tarn user disable ana",
  });
  auto arguments = std::make_shared<UserArguments>();

  CLI::App* create = user->add_subcommand("create", "create a user or service principal");
  AddSecurityOptions(create, arguments->lake);
  create->add_option("NAME", arguments->name, "name (letters, digits, _ . @ -)")->required();
  create->add_option("--role", arguments->roles, "role to grant (repeatable)")->type_name("ROLE");
  create->add_flag("--password-stdin", arguments->password_stdin, "read the password from stdin");
  create->add_flag("--service", arguments->service, "create a service principal (tokens only)");
  create->callback([arguments]() { RunCreate(*arguments); });

  CLI::App* list = user->add_subcommand("list", "list users and service principals");
  AddSecurityOptions(list, arguments->lake);
  list->callback([arguments]() { RunList(*arguments); });

  CLI::App* disable = user->add_subcommand("disable", "disable a user or service principal");
  AddSecurityOptions(disable, arguments->lake);
  disable->add_option("NAME", arguments->name, "name")->required();
  disable->callback([arguments]() { RunDisable(*arguments); });
}

}  // namespace tarn::cli
