#include "cli/slt_runner.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/error.h"
#include "sql/session/session.h"

namespace tarn::cli {

namespace {

bool IsTarnEngine(const std::string& engine) { return engine == "tarn" || engine == "postgresql"; }

bool ConditionsSkip(const std::vector<SltCondition>& conditions) {
  for (const auto& condition : conditions) {
    if (condition.skip_if == IsTarnEngine(condition.engine)) return true;
  }
  return false;
}

bool IsCase(const SltRecord& record) {
  return record.kind == SltRecordKind::kStatement || record.kind == SltRecordKind::kQuery;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  size_t position = 0;
  while ((position = text.find(from, position)) != std::string::npos) {
    text.replace(position, from.size(), to);
    position += to.size();
  }
}

bool ContainsIgnoringCase(std::string_view text, std::string_view part) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto found = std::search(text.begin(), text.end(), part.begin(), part.end(),
                           [&](char a, char b) { return lower(a) == lower(b); });
  return found != text.end();
}

std::filesystem::path TestsRoot(const std::filesystem::path& directory) {
  for (auto folder = directory; !folder.empty(); folder = folder.parent_path()) {
    if (folder.filename() == "tests") return folder;
    if (folder == folder.parent_path()) break;
  }
  return directory;
}

}  // namespace

struct SltRunner::FileState {
  std::string display_path;
  std::string test_directory;
  std::unique_ptr<sql::Session> session;
  sql::SessionOptions session_options;
  std::string temporary_data_dir;  // removed when the file ends
  const std::vector<SltRecord>* records = nullptr;
  std::vector<std::pair<std::string, std::string>> substitutions;  // loop variables
  int64_t hash_threshold = 0;
  bool skip_mode = false;

  std::string Substitute(std::string text) const {
    for (auto it = substitutions.rbegin(); it != substitutions.rend(); ++it) {
      ReplaceAll(text, "${" + it->first + "}", it->second);
    }
    ReplaceAll(text, "__TEST_DIR__", test_directory);
    return text;
  }
};

void SltRunner::RunFile(const std::string& path) {
  namespace fs = std::filesystem;
  if (options_.verbose) {
    fmt::print(options_.output, "{}\n", path);
    std::fflush(options_.output);
  }
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  std::ifstream stream(absolute, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  if (!stream || !fs::is_regular_file(absolute, error)) {
    fmt::print(options_.output, "FAIL {}: cannot read file\n\n", path);
    ++summary_.failed;
    return;
  }
  std::vector<SltRecord> records;
  try {
    records = ParseSltFile(text.str(), path);
  } catch (const Error& parse_error) {
    fmt::print(options_.output, "FAIL {}\n\n", parse_error.what());
    ++summary_.failed;
    return;
  }

  FileState state;
  state.display_path = path;
  state.test_directory = absolute.parent_path().string();
  state.records = &records;
  state.session_options.threads = options_.threads;
  state.session = std::make_unique<sql::Session>(state.session_options);
  if (options_.lake) UseLake(state);

  fs::path previous = fs::current_path(error);
  fs::current_path(TestsRoot(absolute.parent_path()), error);
  try {
    RunRange(state, 0, records.size());
  } catch (...) {
    state.session.reset();
    if (!state.temporary_data_dir.empty()) fs::remove_all(state.temporary_data_dir, error);
    throw;
  }
  state.session.reset();
  if (!state.temporary_data_dir.empty()) fs::remove_all(state.temporary_data_dir, error);
  if (!previous.empty()) fs::current_path(previous, error);
}

void SltRunner::UseLake(FileState& state) {
  if (state.session_options.lake) return;
  sql::LakeAccess lake;
  if (!options_.data_dir.empty()) {
    lake.options.data_dir = options_.data_dir;
  } else {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tarn-slt-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorCode::kIoError, "cannot create a temporary data directory")
          .At({pattern, 0, 0, -1});
    }
    state.temporary_data_dir = pattern;
    lake.options.data_dir = pattern;
  }
  state.session_options.lake = std::move(lake);
  state.session = std::make_unique<sql::Session>(state.session_options);
}

void SltRunner::RunFileIsolated(const std::string& path) {
  std::fflush(options_.output);
  std::fflush(stderr);
  int fds[2];
  if (::pipe(fds) != 0) {
    RunFile(path);
    return;
  }
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    RunFile(path);
    return;
  }
  if (child == 0) {
    ::close(fds[0]);
    summary_ = {};
    int status = 0;
    try {
      RunFile(path);
    } catch (const std::exception& error) {
      fmt::print(options_.output, "FAIL {}: {}\n\n", path, error.what());
      ++summary_.failed;
      status = 1;
    }
    std::fflush(options_.output);
    std::fflush(stderr);
    int64_t counts[3] = {summary_.passed, summary_.failed, summary_.skipped};
    ssize_t written = ::write(fds[1], counts, sizeof(counts));
    ::_exit(written == sizeof(counts) ? status : 2);
  }
  ::close(fds[1]);
  int64_t counts[3] = {0, 0, 0};
  size_t received = 0;
  while (received < sizeof(counts)) {
    ssize_t n = ::read(fds[0], reinterpret_cast<char*>(counts) + received, sizeof(counts) - received);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received += static_cast<size_t>(n);
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (received == sizeof(counts)) {
    summary_.passed += counts[0];
    summary_.failed += counts[1];
    summary_.skipped += counts[2];
    return;
  }
  std::string reason = WIFSIGNALED(status)
                           ? fmt::format("crashed with signal {} ({})", WTERMSIG(status), ::strsignal(WTERMSIG(status)))
                           : fmt::format("runner exited with status {}", WEXITSTATUS(status));
  fmt::print(options_.output, "FAIL {}: {}\n\n", path, reason);
  std::fflush(options_.output);
  ++summary_.failed;
}

bool SltRunner::RunRange(FileState& state, size_t begin, size_t end) {
  const std::vector<SltRecord>& records = *state.records;
  for (size_t i = begin; i < end; ++i) {
    const SltRecord& record = records[i];
    if (record.kind == SltRecordKind::kLoop) {
      size_t depth = 1;
      size_t close = i + 1;
      for (; close < end; ++close) {
        if (records[close].kind == SltRecordKind::kLoop) ++depth;
        if (records[close].kind == SltRecordKind::kEndLoop && --depth == 0) break;
      }
      if (close >= end) {
        ReportFailure(state, record, "", "loop without endloop");
        return false;
      }
      if (!ConditionsSkip(record.conditions)) {
        for (const auto& value : record.loop_values) {
          state.substitutions.emplace_back(record.argument, value);
          bool go_on = RunRange(state, i + 1, close);
          state.substitutions.pop_back();
          if (!go_on) return false;
        }
      }
      i = close;
      continue;
    }
    bool skipped = ConditionsSkip(record.conditions);
    switch (record.kind) {
      case SltRecordKind::kStatement:
      case SltRecordKind::kQuery:
        if (skipped || state.skip_mode) {
          ++summary_.skipped;
        } else if (record.kind == SltRecordKind::kStatement) {
          RunStatement(state, record);
        } else {
          RunQuery(state, record);
        }
        break;
      case SltRecordKind::kHashThreshold:
        if (!skipped) state.hash_threshold = record.number;
        break;
      case SltRecordKind::kHalt:
        if (!skipped) return false;
        break;
      case SltRecordKind::kRequire:
        if (!skipped && record.argument == "lake") {
          UseLake(state);
        } else if (!skipped) {
          for (size_t rest = i + 1; rest < records.size(); ++rest) summary_.skipped += IsCase(records[rest]);
          return false;
        }
        break;
      case SltRecordKind::kMode:
        if (!skipped && record.argument == "skip") state.skip_mode = true;
        if (!skipped && record.argument == "unskip") state.skip_mode = false;
        break;
      case SltRecordKind::kRestart:
        if (!skipped) {
          state.session.reset();  // first: the old session lets go of the lake
          state.session = std::make_unique<sql::Session>(state.session_options);
        }
        break;
      case SltRecordKind::kLoop:
      case SltRecordKind::kEndLoop:
        break;
    }
  }
  return true;
}

void SltRunner::RunStatement(FileState& state, const SltRecord& record) {
  std::string sql = state.Substitute(record.sql);
  try {
    state.session->Execute(sql);
  } catch (const Error& error) {
    if (!record.expect_error || error.code() == ErrorCode::kInternal) {
      ReportFailure(state, record, sql, "unexpected error:\n" + error.Render(sql) + "\n");
      return;
    }
    std::string expected = state.Substitute(record.expected_error);
    std::string rendered = error.Render();
    if (!expected.empty() && !ContainsIgnoringCase(rendered, expected)) {
      ReportFailure(state, record, sql,
                    fmt::format("wrong error message\nexpected (substring):\n{}\nactual:\n{}\n",
                                expected, rendered));
      return;
    }
    ++summary_.passed;
    return;
  } catch (const std::exception& error) {
    ReportFailure(state, record, sql, fmt::format("internal error: {}\n", error.what()));
    return;
  }
  if (record.expect_error) {
    ReportFailure(state, record, sql, "statement succeeded but an error was expected\n");
    return;
  }
  ++summary_.passed;
}

void SltRunner::RunQuery(FileState& state, const SltRecord& record) {
  std::string sql = state.Substitute(record.sql);
  SltActualResult actual;
  try {
    std::vector<sql::QueryResult> results = state.session->Execute(sql);
    if (results.empty()) {
      ReportFailure(state, record, sql, "the query returned no result\n");
      return;
    }
    const sql::QueryResult& result = results.back();
    if (result.column_names.empty() && result.affected_rows >= 0) {
      // INSERT/UPDATE/DELETE under `query I`: one row holding the affected-row count (DuckDB).
      std::string count = std::to_string(result.affected_rows);
      actual.column_count = 1;
      actual.typed.push_back({count});
      actual.canonical.push_back({count});
    }
    actual.column_count = std::max(actual.column_count, result.column_names.size());
    for (const auto& chunk : result.chunks) {
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::vector<std::string> typed(actual.column_count);
        std::vector<std::string> canonical(actual.column_count);
        for (size_t column = 0; column < actual.column_count; ++column) {
          exec::Value value = chunk.column(column).GetValue(chunk.RowIndex(row));
          char type = column < record.column_types.size() ? record.column_types[column] : 'T';
          typed[column] = SltValueText(value, type);
          canonical[column] = SltCanonicalText(value);
        }
        actual.typed.push_back(std::move(typed));
        actual.canonical.push_back(std::move(canonical));
      }
    }
  } catch (const Error& error) {
    ReportFailure(state, record, sql, "unexpected error:\n" + error.Render(sql) + "\n");
    return;
  } catch (const std::exception& error) {
    ReportFailure(state, record, sql, fmt::format("internal error: {}\n", error.what()));
    return;
  }
  SltRecord expanded = record;
  for (auto& line : expanded.expected) line = state.Substitute(line);
  std::optional<std::string> mismatch = CompareQueryResult(expanded, std::move(actual), state.hash_threshold);
  if (mismatch) {
    ReportFailure(state, record, sql, *mismatch);
    return;
  }
  ++summary_.passed;
}

void SltRunner::ReportFailure(const FileState& state, const SltRecord& record, const std::string& sql,
                              const std::string& details) {
  ++summary_.failed;
  std::string loop;
  for (const auto& [variable, value] : state.substitutions) loop += fmt::format(" {}={}", variable, value);
  fmt::print(options_.output, "FAIL {}:{}{}\n{}{}{}\n", state.display_path, record.line,
             loop.empty() ? "" : " (loop" + loop + ")", sql, sql.empty() ? "" : "\n", details);
  std::fflush(options_.output);
}

}  // namespace tarn::cli
