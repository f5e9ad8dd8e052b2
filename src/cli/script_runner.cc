#include "cli/script_runner.h"

#include <fmt/format.h>

#include <chrono>

#include "cli/statement_splitter.h"
#include "common/error.h"

namespace tarn::cli {

ScriptRunner::ScriptRunner(ScriptOptions options, CommandContext& context)
    : options_(std::move(options)), context_(context), out_(stdout) {
  progress_ = std::make_unique<ProgressLine>(options_.progress);
  sql::SessionOptions session_options = options_.session;
  ProgressLine* progress = progress_.get();
  session_options.progress = [progress](double fraction) { progress->Update(fraction); };
  session_ = std::make_unique<sql::Session>(std::move(session_options));
}

void ScriptRunner::Run(const std::string& script) {
  context_.current_query = script;
  for (const StatementSpan& span : SplitStatements(script)) {
    std::string statement = script.substr(span.offset, span.length);
    auto start = std::chrono::steady_clock::now();
    std::vector<sql::QueryResult> results;
    progress_->Start();
    try {
      results = session_->Execute(statement, options_.params, sql::ParameterTyping::kText);
    } catch (Error& error) {
      progress_->Finish();
      out_.Flush();
      if (options_.on_statement) options_.on_statement(statement, nullptr, &error);
      if (error.location().query_offset >= 0) {
        ErrorLocation location = error.location();
        location.query_offset += static_cast<int64_t>(span.offset);
        error.At(location);
      }
      throw;
    }
    progress_->Finish();
    if (options_.on_statement) options_.on_statement(statement, &results, nullptr);
    for (const auto& result : results) WriteResult(result, options_.format, out_);
    out_.Flush();
    if (options_.timer) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fmt::print(stderr, "Run Time: real {:.3f} s\n", seconds);
    }
  }
}

bool ScriptRunner::RunAndReport(const std::string& script) {
  try {
    Run(script);
    return true;
  } catch (const Error& error) {
    fmt::print(stderr, "{}\n", error.Render(script));
    return false;
  } catch (const std::exception& error) {
    // A bug in one statement should not end the user's session; still say it is ours.
    fmt::print(stderr, "Error: internal error: {}\n", error.what());
    return false;
  }
}

}  // namespace tarn::cli
