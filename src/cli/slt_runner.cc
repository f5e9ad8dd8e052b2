#include "cli/slt_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <sstream>

#include "cli/md5.h"
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

std::string CanonicalText(const exec::Value& value) {
  if (value.is_null()) return "NULL";
  if (value.type().id() == TypeId::kVarchar && value.string().empty()) return "(empty)";
  return value.ToString();
}

double NumericValue(const exec::Value& value) {
  switch (value.type().id()) {
    case TypeId::kDouble: return value.double_value();
    case TypeId::kDecimal: return static_cast<double>(value.integer()) / std::pow(10.0, value.type().scale());
    default: return static_cast<double>(value.integer());
  }
}

// Parses "N values hashing to <32 hex digits>".
bool ParseHashLine(const std::string& line, size_t& count, std::string& hash) {
  static constexpr std::string_view kMiddle = " values hashing to ";
  size_t middle = line.find(kMiddle);
  if (middle == std::string::npos || middle == 0) return false;
  for (size_t i = 0; i < middle; ++i) {
    if (line[i] < '0' || line[i] > '9') return false;
  }
  hash = line.substr(middle + kMiddle.size());
  if (hash.size() != 32 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) return false;
  count = std::stoull(line.substr(0, middle));
  return true;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> values;
  size_t begin = 0;
  while (true) {
    size_t tab = line.find('\t', begin);
    values.push_back(line.substr(begin, tab == std::string::npos ? std::string::npos : tab - begin));
    if (tab == std::string::npos) break;
    begin = tab + 1;
  }
  return values;
}

std::string RenderRows(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += '\t';
      out += row[i];
    }
    out += '\n';
  }
  return out;
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

std::string SltValueText(const exec::Value& value, char type) {
  if (value.is_null()) return "NULL";
  TypeId id = value.type().id();
  if (type == 'I') {
    switch (id) {
      case TypeId::kBoolean: return value.boolean() ? "1" : "0";
      case TypeId::kInteger:
      case TypeId::kBigint: return std::to_string(value.integer());
      case TypeId::kDouble: {
        double number = value.double_value();
        if (!std::isfinite(number) || std::fabs(number) >= 9.2e18) return CanonicalText(value);
        return std::to_string(static_cast<int64_t>(number));  // truncates toward zero
      }
      case TypeId::kDecimal: {
        int64_t divisor = 1;
        for (int i = 0; i < value.type().scale(); ++i) divisor *= 10;
        return std::to_string(value.integer() / divisor);  // truncates toward zero
      }
      default: return CanonicalText(value);
    }
  }
  if (type == 'R' && value.type().IsNumeric()) return fmt::format("{:.3f}", NumericValue(value));
  return CanonicalText(value);
}

std::string SltHash(const std::vector<std::string>& values) {
  Md5 md5;
  for (const auto& value : values) {
    md5.Update(value);
    md5.Update("\n");
  }
  return md5.HexDigest();
}

std::optional<std::string> CompareQueryResult(const SltRecord& record, SltActualResult actual,
                                              int64_t hash_threshold) {
  (void)hash_threshold;  // Expected text decides: a hash line compares hashes, values compare values.
  size_t columns = actual.column_count;
  size_t rows = actual.typed.size();
  if (record.sort_mode == SltSortMode::kRowSort) {
    std::vector<size_t> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return actual.typed[a] < actual.typed[b]; });
    SltActualResult sorted;
    for (size_t index : order) {
      sorted.typed.push_back(std::move(actual.typed[index]));
      sorted.canonical.push_back(std::move(actual.canonical[index]));
    }
    actual.typed = std::move(sorted.typed);
    actual.canonical = std::move(sorted.canonical);
  }
  std::vector<std::pair<std::string, std::string>> values;  // (typed, canonical), row-major
  for (size_t row = 0; row < rows; ++row) {
    for (size_t column = 0; column < columns; ++column) {
      values.emplace_back(actual.typed[row][column], actual.canonical[row][column]);
    }
  }
  if (record.sort_mode == SltSortMode::kValueSort) std::stable_sort(values.begin(), values.end());
  std::vector<std::string> typed_values;
  for (const auto& value : values) typed_values.push_back(value.first);

  auto actual_text = [&]() {
    if (record.sort_mode == SltSortMode::kValueSort) {
      std::string out;
      for (const auto& value : typed_values) out += value + "\n";
      return out;
    }
    return RenderRows(actual.typed);
  };
  std::string expected_text;
  for (const auto& line : record.expected) expected_text += line + "\n";

  if (!record.column_types.empty() && record.column_types.size() != columns) {
    return fmt::format("wrong column count: expected {}, got {}\nexpected:\n{}actual:\n{}",
                       record.column_types.size(), columns, expected_text, actual_text());
  }

  size_t expected_count = 0;
  std::string expected_hash;
  if (record.expected.size() == 1 && ParseHashLine(record.expected[0], expected_count, expected_hash)) {
    std::string hash = SltHash(typed_values);
    if (expected_count == typed_values.size() && expected_hash == hash) return std::nullopt;
    std::string shown = typed_values.size() <= 200 ? actual_text() : "";
    return fmt::format("wrong result hash\nexpected:\n{}actual:\n{} values hashing to {}\n{}",
                       expected_text, typed_values.size(), hash, shown);
  }

  bool row_per_line = columns == 1;
  for (const auto& line : record.expected) row_per_line |= line.find('\t') != std::string::npos;
  std::vector<std::string> expected;
  if (row_per_line) {
    for (const auto& line : record.expected) {
      for (auto& value : SplitTabs(line)) expected.push_back(std::move(value));
    }
  } else {
    expected = record.expected;
  }
  if (record.sort_mode == SltSortMode::kRowSort && columns > 0 && expected.size() % columns == 0) {
    std::vector<std::vector<std::string>> expected_rows;
    for (size_t i = 0; i < expected.size(); i += columns) {
      expected_rows.emplace_back(expected.begin() + i, expected.begin() + i + columns);
    }
    std::stable_sort(expected_rows.begin(), expected_rows.end());
    expected.clear();
    for (auto& row : expected_rows) {
      for (auto& value : row) expected.push_back(std::move(value));
    }
  } else if (record.sort_mode == SltSortMode::kValueSort) {
    std::stable_sort(expected.begin(), expected.end());
  }

  bool match = expected.size() == values.size();
  for (size_t i = 0; match && i < values.size(); ++i) {
    match = expected[i] == values[i].first || expected[i] == values[i].second;
  }
  if (match) return std::nullopt;
  std::string reason = expected.size() == values.size()
                           ? "wrong result"
                           : fmt::format("wrong result: expected {} values, got {} ({} rows)",
                                         expected.size(), values.size(), rows);
  return fmt::format("{}\nexpected:\n{}actual:\n{}", reason, expected_text, actual_text());
}

struct SltRunner::FileState {
  std::string display_path;
  std::string test_directory;
  std::unique_ptr<sql::Session> session;
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
  if (options_.verbose) fmt::print(options_.output, "{}\n", path);
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
  sql::SessionOptions session_options;
  session_options.threads = options_.threads;
  state.session = std::make_unique<sql::Session>(session_options);

  fs::path previous = fs::current_path(error);
  fs::current_path(TestsRoot(absolute.parent_path()), error);
  RunRange(state, 0, records.size());
  if (!previous.empty()) fs::current_path(previous, error);
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
        if (!skipped) {
          for (size_t rest = i + 1; rest < records.size(); ++rest) summary_.skipped += IsCase(records[rest]);
          return false;
        }
        break;
      case SltRecordKind::kMode:
        if (!skipped && record.argument == "skip") state.skip_mode = true;
        if (!skipped && record.argument == "unskip") state.skip_mode = false;
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
    actual.column_count = result.column_names.size();
    for (const auto& chunk : result.chunks) {
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::vector<std::string> typed(actual.column_count);
        std::vector<std::string> canonical(actual.column_count);
        for (size_t column = 0; column < actual.column_count; ++column) {
          exec::Value value = chunk.column(column).GetValue(chunk.RowIndex(row));
          char type = column < record.column_types.size() ? record.column_types[column] : 'T';
          typed[column] = SltValueText(value, type);
          canonical[column] = CanonicalText(value);
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
