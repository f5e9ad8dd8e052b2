// Runs SQL text statement by statement on one Session and prints each result as it completes:
// the engine side of `tarn sql -c/-f/stdin` and of the interactive shell.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/progress_line.h"
#include "cli/result_writer.h"
#include "common/error.h"
#include "exec/vector/value.h"
#include "sql/session/session.h"

namespace tarn::cli {

struct ScriptOptions {
  sql::SessionOptions session;        // progress is wired by the runner
  FormatOptions format;
  std::vector<exec::Value> params;    // bound to $1, $2... in every statement
  bool timer = false;                 // print "Run Time: real N s" on stderr after each statement
  bool progress = false;              // draw the progress line on stderr (a terminal)
  // Called after each statement with its text and its results, or its error (the audit log).
  std::function<void(const std::string& statement, const std::vector<sql::QueryResult>* results,
                     const Error* error)>
      on_statement;
};

// Not thread-safe. Results go to stdout, timings and progress to stderr.
class ScriptRunner {
 public:
  ScriptRunner(ScriptOptions options, CommandContext& context);

  // Runs every statement of 'script'. On the first failing statement, throws its tarn::Error with
  // the query offset made relative to 'script' (context.current_query is set to 'script').
  void Run(const std::string& script);
  // Like Run() but prints an error (with the caret) on stderr instead of throwing; returns false
  // then. Used by the interactive shell, which carries on after errors.
  bool RunAndReport(const std::string& script);

  FormatOptions& format() { return options_.format; }
  bool& timer() { return options_.timer; }

 private:
  ScriptOptions options_;
  CommandContext& context_;
  OutputBuffer out_;
  std::unique_ptr<ProgressLine> progress_;
  std::unique_ptr<sql::Session> session_;
};

}  // namespace tarn::cli
