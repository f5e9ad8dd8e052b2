// Prints --help like a man page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (with defaults), COMMANDS,
// EXAMPLES. Installed on the root app; subcommands inherit it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace tarn::cli {

// Attaches 'help' to 'app' (kept for the life of the process).
void SetCommandHelp(const CLI::App* app, CommandHelp help);

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
};

}  // namespace tarn::cli
