// The interactive SQL shell of `tarn sql` (stdin is a terminal): line editing and history through
// libedit, multi-line statements until ';', and dot commands (.help, .quit, .timer, .mode ...).
#pragma once

#include <string>
#include <string_view>

#include "cli/script_runner.h"

namespace tarn::cli {

// Reads statements until EOF or .quit. History lives in ~/.tarn_history (mode 0600).
void RunShell(ScriptRunner& runner);

// Handles one dot command line (".mode csv"); returns false when the shell should exit. Prints
// messages to stdout/stderr. Exposed for tests.
bool HandleDotCommand(std::string_view line, ScriptRunner& runner);

}  // namespace tarn::cli
