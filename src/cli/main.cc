// The tarn binary: process set-up, the command list, and the one catch boundary that turns errors
// into a message on stderr and an exit code.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/catalog_command.h"
#include "cli/command.h"
#include "cli/crawl_command.h"
#include "cli/gen_command.h"
#include "cli/help_formatter.h"
#include "cli/ingest_command.h"
#include "cli/keys_command.h"
#include "cli/security_commands.h"
#include "cli/serve_command.h"
#include "cli/stream_command.h"
#include "common/error.h"
#include "common/memory.h"

namespace {

int Main(int argc, char** argv) {
  tarn::ConfigureProcessAllocator();
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error (EPIPE), handled where we write

  CLI::App app("secure data-lake analytics engine", "tarn");
  app.formatter(std::make_shared<tarn::cli::HelpFormatter>());
  app.set_version_flag("--version", tarn::cli::VersionText(), "print the version and build information");
  app.require_subcommand(0, 1);
  tarn::cli::SetCommandHelp(&app, {
      "tarn COMMAND [OPTIONS]\n"
      "tarn help [COMMAND]\n"
      "tarn --version",
      "tarn runs SQL over files in a data lake: a vectorized, parallel engine in one binary.\n"
      "Each command has its own --help page (also shown by 'tarn help COMMAND').\n"
      "\n"
      "Exit codes: 0 success, 1 user error (bad SQL, bad input, bad arguments, failed tests),\n"
      "2 I/O error, 3 internal error, 4 out of memory, 130 interrupted.",
      "tarn sql -c \"SELECT category, avg(value1) FROM 'seed.csv' GROUP BY category\"\n"
      "tarn slt --recursive tests/sql\n"
      "tarn help sql",
  });

  tarn::cli::CommandContext context;
  // The command list: one file per command.
  tarn::cli::AddSqlCommand(app, context);
  tarn::cli::AddSltCommand(app);
  tarn::cli::AddGenCommand(app);
  tarn::cli::AddKeysCommand(app);
  tarn::cli::AddUserCommand(app);
  tarn::cli::AddTokenCommand(app);
  tarn::cli::AddSecretCommand(app);
  tarn::cli::AddAuditCommand(app);
  tarn::cli::AddCatalogCommand(app);
  tarn::cli::AddCrawlCommand(app);
  tarn::cli::AddIngestCommand(app);
  tarn::cli::AddServeCommand(app);
  tarn::cli::AddStreamCommand(app);
  tarn::cli::AddHelpCommand(app);
  tarn::cli::AddVersionCommand(app);

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      fmt::print(stderr, "{}", app.help());
      return 1;
    }
    return 0;
  } catch (const CLI::RuntimeError& error) {
    return error.get_exit_code();  // the command already said why
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 1;
  } catch (const tarn::Error& error) {
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", error.Render(context.current_query));
    return tarn::ErrorCodeExitCode(error.code());
  } catch (const std::exception& error) {
    std::fflush(stdout);
    fmt::print(stderr, "Error: internal error: {}\n", error.what());
    return tarn::ErrorCodeExitCode(tarn::ErrorCode::kInternal);
  }
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
