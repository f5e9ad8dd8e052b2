// `tarn sql`: run SQL from -c, -f, a pipe, or an interactive shell.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

#include "cli/command.h"
#include "catalog/lake.h"
#include "cli/help_formatter.h"
#include "cli/keys_command.h"
#include "cli/script_runner.h"
#include "cli/security_commands.h"
#include "cli/shell.h"
#include "common/error.h"
#include "common/memory.h"
#include "security/authz/access_policy.h"
#include "security/secrets/secret_store.h"
#include "server/query/audit_action.h"

namespace tarn::cli {

namespace {

struct SqlArguments {
  std::vector<std::string> commands;
  std::string file;
  std::string format;
  size_t threads = 0;
  std::string memory_limit;
  std::vector<std::string> params;
  bool timer = false;
  size_t max_rows = 40;
  storage::LakeOptions lake;
  bool audited = false;  // --data-dir given: its local administrator, audited
  std::string user;      // --user: act as this principal (its grants apply)
};

// The principal `tarn sql --user NAME` acts as: its roles from the identity store. Throws
// Error(kNotFound) for an unknown name and Error(kInvalidArgument) for a disabled one.
security::Principal LookUpPrincipal(security::IdentityStore& identity, const std::string& name) {
  for (const security::PrincipalInfo& info : identity.ListPrincipals()) {
    if (info.name != name) continue;
    if (info.disabled) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("--user: principal '{}' is disabled", name));
    }
    security::Principal principal;
    principal.id = info.id;
    principal.name = info.name;
    principal.kind = info.kind;
    principal.roles = info.roles;
    return principal;
  }
  throw Error(ErrorCode::kNotFound, fmt::format("--user: no user or service principal named '{}'", name));
}

// Who a `tarn sql --data-dir` run acts as: the local administrator, or --user. Its statements
// are checked against the grants, secret('name') answers only with USAGE, and --user runs are
// audited under the principal's name with the objects each statement touched.
struct SqlAccess {
  std::unique_ptr<security::GrantStore> grants;
  std::unique_ptr<security::SecretStore> secrets;
  std::shared_ptr<security::AccessPolicy> policy;
};

void AttachAccess(DataDirSecurity& security, const std::string& user, SqlAccess& access,
                  ScriptOptions& options) {
  security::IdentityStore& identity = security.identity();
  security::Principal principal = user.empty() ? security::Principal::LocalAdministrator()
                                               : LookUpPrincipal(identity, user);
  access.grants = std::make_unique<security::GrantStore>(identity.database());
  access.secrets = std::make_unique<security::SecretStore>(identity.database(), security.keyring());
  access.policy = std::make_shared<security::AccessPolicy>(principal, *access.grants, identity,
                                                           access.secrets.get());
  options.session.access = access.policy;
  // secret('name') answers only with USAGE (the binder asks too; this guards every other caller).
  // The Session keeps the values out of error messages (and so out of the audit trail).
  options.session.secret_lookup = [policy = access.policy.get(),
                                   inner = std::move(options.session.secret_lookup)](
                                      const std::string& name) -> std::optional<std::string> {
    if (!inner || !policy->CanUseSecret(name)) return std::nullopt;
    return inner(name);
  };
  if (user.empty()) return;  // the local administrator: AttachSqlSecurity audits
  // --user: each statement is audited under the principal's name with the objects it touched.
  // Actions are named as the server names them ("query SELECT"); "query" when nothing parsed.
  auto touched = std::make_shared<std::vector<std::string>>();
  auto action = std::make_shared<std::string>(server::kUnparsedQueryAction);
  options.session.on_statement = [touched, action](const sql::Statement& statement,
                                                   const sql::QueryResult*, const Error*,
                                                   sql::AccessControl* control) {
    *action = server::QueryAuditAction(statement);
    if (control == nullptr) return;
    for (const sql::AccessedObject& object : control->TakeAccessed()) {
      touched->push_back(object.kind + ":" + object.name + ":" + object.operation);
    }
  };
  options.on_statement = [&security, principal, touched, action](
                             const std::string& statement,
                             const std::vector<sql::QueryResult>* results, const Error* error) {
    security::AuditEntry entry;
    entry.request_id = fmt::format("cli-{}", ::getpid());
    entry.principal = principal.name;
    entry.principal_kind = std::string(security::PrincipalKindName(principal.kind));
    entry.source_address = fmt::format("cli uid {} (--user)", ::getuid());
    entry.action = std::exchange(*action, server::kUnparsedQueryAction);
    entry.objects = std::move(*touched);
    touched->clear();
    entry.statement = statement;
    entry.outcome = error == nullptr                                    ? "success"
                    : error->code() == ErrorCode::kPermissionDenied ? "denied"
                                                                        : "error";
    if (error != nullptr) {
      entry.detail = error->message();
      entry.error_code = std::string(ErrorCodeName(error->code()));
      for (char& c : entry.error_code) c = c == ' ' ? '_' : c;
    }
    if (results != nullptr) {
      entry.rows = 0;
      for (const auto& result : *results) {
        entry.rows += result.affected_rows >= 0 ? result.affected_rows
                                                : static_cast<int64_t>(result.row_count());
      }
    }
    security.audit().Record(entry);
  };
}

// Tells the user, once, about a key file the first write created and about an old master key.
void ReportLakeOpened(const std::string& key_file, catalog::Lake& lake) {
  if (lake.store->created_key_file()) {
    fmt::print(stderr,
               "created master key file {} (mode 0600): back it up and keep a copy away from the "
               "data directory; without it the data cannot be read\n",
               key_file);
  }
  if (auto warning = lake.store->RotationWarning()) fmt::print(stderr, "warning: {}\n", *warning);
}

std::string ReadFile(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw Error(ErrorCode::kIoError, "cannot open file").At({path, 0, 0, -1});
  std::ostringstream text;
  text << stream.rdbuf();
  if (stream.bad()) throw Error(ErrorCode::kIoError, "cannot read file").At({path, 0, 0, -1});
  return text.str();
}

std::string ReadStdin() {
  std::ostringstream text;
  text << std::cin.rdbuf();
  return text.str();
}

void RunSql(const SqlArguments& arguments, CommandContext& context) {
  ScriptOptions options;
  bool stdin_terminal = ::isatty(STDIN_FILENO) == 1;
  bool stdout_terminal = ::isatty(STDOUT_FILENO) == 1;
  if (arguments.format.empty()) {
    options.format.format = stdout_terminal ? OutputFormat::kTable : OutputFormat::kCsv;
  } else {
    std::optional<OutputFormat> format = ParseOutputFormat(arguments.format);
    if (!format) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("unknown output format '{}' (expected table, csv, tsv, json or ndjson)",
                              arguments.format));
    }
    options.format.format = *format;
  }
  options.format.max_rows = arguments.max_rows;
  options.session.threads = arguments.threads;
  sql::LakeAccess lake;
  lake.options = arguments.lake;
  lake.on_open = [key_file = arguments.lake.ResolvedKeyFile()](catalog::Lake& opened) {
    ReportLakeOpened(key_file, opened);
  };
  options.session.lake = std::move(lake);
  if (!arguments.memory_limit.empty()) {
    options.session.memory_limit = ParseMemorySize(arguments.memory_limit.c_str());
  }
  for (const auto& param : arguments.params) options.params.push_back(exec::Value::Varchar(param));
  options.timer = arguments.timer;
  options.progress = ::isatty(STDERR_FILENO) == 1;

  // With an explicit --data-dir the user is its local administrator: every statement is
  // recorded in the audit log, and secret('name') reads the secret store (security/).
  std::unique_ptr<DataDirSecurity> security;
  SqlAccess access;
  if (arguments.audited) {
    security = std::make_unique<DataDirSecurity>(arguments.lake);
    AttachSqlSecurity(*security, options);
    AttachAccess(*security, arguments.user, access, options);
  }
  ScriptRunner runner(std::move(options), context);
  bool scripted = !arguments.commands.empty() || !arguments.file.empty();
  for (const auto& command : arguments.commands) runner.Run(command);
  if (!arguments.file.empty()) runner.Run(arguments.file == "-" ? ReadStdin() : ReadFile(arguments.file));
  if (scripted) return;
  if (!stdin_terminal) {
    runner.Run(ReadStdin());
    return;
  }
  RunShell(runner);
}

}  // namespace

void AddSqlCommand(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<SqlArguments>();
  CLI::App* command = app.add_subcommand("sql", "run SQL queries over files");
  command->add_option("-c,--command", arguments->commands,
                      "SQL to run; repeatable, run in the order given (before -f)")
      ->type_name("SQL");
  command->add_option("-f,--file", arguments->file, "run the SQL script in FILE ('-' reads stdin)")
      ->type_name("FILE");
  command->add_option("--format", arguments->format,
                      "output format: table, csv, tsv, json, ndjson\n"
                      "(default: table when stdout is a terminal, else csv)")
      ->type_name("FORMAT");
  command->add_option("--threads", arguments->threads, "worker threads (0 = all cores)")
      ->type_name("N")
      ->capture_default_str();
  command->add_option("--memory-limit", arguments->memory_limit,
                      "memory limit: 512MB, 2GiB, 75% (default: 80% of RAM)")
      ->type_name("SIZE");
  command->add_option("--param", arguments->params,
                      "value for $1, $2, ... in order (repeatable); typed by its use,\n"
                      "else a number when it reads as one, else VARCHAR (see below)")
      ->type_name("VALUE");
  command->add_flag("--timer", arguments->timer, "print each statement's run time on stderr");
  AddLakeOptions(command, arguments->lake);
  command->add_option("--user", arguments->user,
                      "act as this user or service principal of the data directory: its\n"
                      "grants apply (default: the local administrator; docs/authorization.md)")
      ->type_name("NAME");
  command->add_option("--max-rows", arguments->max_rows,
                      "table format: rows shown before the middle is elided (0 = all)")
      ->type_name("N")
      ->capture_default_str();
  SetCommandHelp(command, {
      "tarn sql [OPTIONS] [-c SQL]... [-f FILE]\n"
      "tarn sql [OPTIONS] < script.sql",
      "Runs SQL over files (CSV now; more formats to come) and prints the results.\n"
      "\n"
      "SQL comes from the -c options (in order), then -f FILE. Without either, tarn reads\n"
      "all of stdin as a script when it is a pipe or a file, and starts an interactive shell\n"
      "when it is a terminal. A script may hold many statements separated by ';'; each\n"
      "result is printed as soon as its statement finishes. The first failing statement\n"
      "stops the script: its error goes to stderr with a caret under the position in the\n"
      "SQL, and tarn exits non-zero (1 user error, 2 I/O error, 3 internal error,\n"
      "4 out of memory).\n"
      "\n"
      "Output formats:\n"
      "  table   box-drawn columns with names and types, numbers right-aligned, NULL shown\n"
      "          as NULL, values over 40 characters cut, long results elided in the middle,\n"
      "          and a final 'N rows' line\n"
      "  csv     RFC 4180 with a header row; fields quoted when they hold a comma, quote,\n"
      "          CR or LF; NULL is an empty field, the empty string is \"\"; lines end in LF\n"
      "  tsv     tab-separated with a header row; tab, LF, CR and backslash escaped as\n"
      "          \\t \\n \\r \\\\; NULL is an empty field\n"
      "  json    one array of objects, one object per line; NULL, NaN and infinity are null\n"
      "  ndjson  one object per line\n"
      "Doubles print in the shortest form that reads back to the same value.\n"
      "\n"
      "Interactive shell: statements end with ';' and may span lines (prompt 'tarn> ', then\n"
      "'   ...> '). History is kept in ~/.tarn_history (mode 0600). Dot commands: .help,\n"
      ".quit/.exit, .timer on|off, .mode FORMAT, .maxrows N.\n"
      "\n"
      "Tables: CREATE TABLE, INSERT, UPDATE, DELETE and DROP work on tables of the lake in\n"
      "--data-dir (default ./tarn-data): they persist, and every tarn process on that\n"
      "directory sees them. Name them t (database 'main', or the one chosen with USE db) or\n"
      "db.t. The lake is opened only when a statement names a table: queries over files\n"
      "alone never create it. CREATE TEMP TABLE keeps a table in memory for this run.\n"
      "Time travel: SELECT ... FROM t FOR VERSION AS OF 3 / FOR TIMESTAMP AS OF '...';\n"
      "history: SELECT * FROM tarn_snapshots('db.t'). See docs/lake_sql.md.\n"
      "\n"
      "Authorization: with --data-dir, tarn sql acts as the data directory's local\n"
      "administrator (GRANT, REVOKE, CREATE ROLE and row filters work here); --user NAME\n"
      "acts as that principal instead, with its grants, to test policies or to act on its\n"
      "behalf. Whoever can read the data directory has full access anyway: --user is not a\n"
      "security boundary. See docs/authorization.md.\n"
      "\n"
      "Parameters: each --param VALUE binds the next of $1, $2 ... in every statement. A\n"
      "value is text that takes the type its use asks for, like a quoted literal in\n"
      "PostgreSQL: compared with or added to a column, inserted into or assigned to a\n"
      "column, or passed to EXECUTE, it converts to that type ('x = $1' with an INTEGER x\n"
      "reads '7' as 7; a value that does not convert is an error naming the type). Where\n"
      "nothing asks for a type ('SELECT $1'), it follows the literal rules: 42 is INTEGER,\n"
      "2.5 DECIMAL, 1e3 DOUBLE, anything else VARCHAR. A statement using $n with fewer than\n"
      "n values fails with 'no value given for parameter $n'.\n"
      "\n"
      "While a query runs longer than a second and stderr is a terminal, a progress line\n"
      "shows the percent done and the elapsed time; it is erased when the query ends.",
      "tarn sql -c \"SELECT 42 AS answer\"\n"
      "tarn sql --format json -c \"SELECT category, avg(value1) FROM 'seed.csv' GROUP BY 1\"\n"
      "tarn sql --param 7 -c \"SELECT * FROM 'data.csv' WHERE id = \\$1\"\n"
      "tarn sql --threads 4 --memory-limit 2GB --timer -f report.sql > report.csv\n"
      "echo \"SELECT count(*) FROM 'data.csv';\" | tarn sql\n"
      "tarn sql          # interactive shell",
  });
  command->callback([arguments, &context, command]() {
    arguments->audited = command->count("--data-dir") > 0 || !arguments->user.empty();
    RunSql(*arguments, context);
  });
}

}  // namespace tarn::cli
