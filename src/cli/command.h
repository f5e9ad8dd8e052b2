// The commands of the tarn binary. main.cc registers them by this explicit list; each lives in its
// own file (sql_command.cc, slt_command.cc, help_command.cc, version_command.cc; gen_command.h
// declares `tarn gen`). A command reports failure by throwing tarn::Error (main renders it and
// exits with ErrorCodeExitCode) or CLI::RuntimeError(exit_code) when it already printed why.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace tarn::cli {

// State shared between main's catch boundary and the running command.
struct CommandContext {
  // The SQL text that a tarn::Error's query offset points into (for the caret under the error).
  std::string current_query;
};

// Man-page sections a command's --help prints besides its options (see help_formatter.h).
struct CommandHelp {
  std::string synopsis;     // "tarn sql [OPTIONS] [-c SQL]... [-f FILE]"
  std::string description;  // paragraphs, wrapped by hand at ~90 columns
  std::string examples;     // one example per line or short block
};

void AddSqlCommand(CLI::App& app, CommandContext& context);
void AddSltCommand(CLI::App& app);
void AddHelpCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);

// "tarn 0.1.0" and the build description printed by --version.
std::string VersionText();

}  // namespace tarn::cli
