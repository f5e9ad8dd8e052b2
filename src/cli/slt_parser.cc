#include "cli/slt_parser.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/number_parse.h"

namespace tarn::cli {

namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == text.size()) break;
    begin = end + 1;
  }
  return lines;
}

std::vector<std::string> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t begin = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > begin) words.emplace_back(line.substr(begin, i - begin));
  }
  return words;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& path) : lines_(SplitLines(text)), path_(path) {}

  std::vector<SltRecord> Parse() {
    std::vector<SltRecord> records;
    std::vector<SltCondition> conditions;
    while (next_ < lines_.size()) {
      const std::string& line = lines_[next_];
      int64_t line_number = static_cast<int64_t>(next_) + 1;
      ++next_;
      if (IsBlank(line) || line[0] == '#') continue;
      std::vector<std::string> words = SplitWords(line);
      const std::string& keyword = words[0];
      if (keyword == "skipif" || keyword == "onlyif") {
        if (words.size() < 2) Fail(line_number, fmt::format("'{}' needs an engine name", keyword));
        conditions.push_back({keyword == "skipif", words[1]});
        continue;
      }
      SltRecord record;
      record.line = line_number;
      record.conditions = std::move(conditions);
      conditions.clear();
      if (keyword == "statement") {
        ParseStatement(words, record);
      } else if (keyword == "query") {
        ParseQuery(words, record);
      } else if (keyword == "hash-threshold") {
        record.kind = SltRecordKind::kHashThreshold;
        if (words.size() < 2 || !ParseInt64(words[1], record.number) || record.number < 0) {
          Fail(line_number, "'hash-threshold' needs a non-negative number");
        }
      } else if (keyword == "halt") {
        record.kind = SltRecordKind::kHalt;
      } else if (keyword == "require" || keyword == "mode") {
        record.kind = keyword == "require" ? SltRecordKind::kRequire : SltRecordKind::kMode;
        if (words.size() < 2) Fail(line_number, fmt::format("'{}' needs an argument", keyword));
        record.argument = words[1];
      } else if (keyword == "loop") {
        record.kind = SltRecordKind::kLoop;
        int64_t begin = 0;
        int64_t end = 0;
        if (words.size() != 4 || !ParseInt64(words[2], begin) || !ParseInt64(words[3], end) ||
            end - begin > 1000000) {
          Fail(line_number, "expected 'loop VARIABLE BEGIN END'");
        }
        record.argument = words[1];
        for (int64_t i = begin; i < end; ++i) record.loop_values.push_back(std::to_string(i));
      } else if (keyword == "foreach") {
        record.kind = SltRecordKind::kLoop;
        if (words.size() < 3) Fail(line_number, "expected 'foreach VARIABLE VALUE...'");
        record.argument = words[1];
        record.loop_values.assign(words.begin() + 2, words.end());
      } else if (keyword == "endloop") {
        record.kind = SltRecordKind::kEndLoop;
      } else if (keyword == "restart") {
        record.kind = SltRecordKind::kRestart;
      } else {
        Fail(line_number, fmt::format("unknown sqllogictest record '{}'", keyword));
      }
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  [[noreturn]] void Fail(int64_t line, std::string message) {
    throw Error(ErrorCode::kInvalidInput, std::move(message)).At({path_, line, 0, -1});
  }

  // Reads lines up to a blank line or "----" (consumed; returns true when it was "----").
  bool ReadSql(std::string& sql) {
    while (next_ < lines_.size()) {
      const std::string& line = lines_[next_];
      if (IsBlank(line)) return false;
      ++next_;
      if (line == "----") return true;
      if (!sql.empty()) sql += '\n';
      sql += line;
    }
    return false;
  }

  // Reads lines up to a blank line or the end of the file.
  std::vector<std::string> ReadBlock() {
    std::vector<std::string> block;
    while (next_ < lines_.size() && !IsBlank(lines_[next_])) block.push_back(lines_[next_++]);
    return block;
  }

  void ParseStatement(const std::vector<std::string>& words, SltRecord& record) {
    record.kind = SltRecordKind::kStatement;
    if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
      Fail(record.line, "expected 'statement ok' or 'statement error'");
    }
    record.expect_error = words[1] == "error";
    bool has_expected = ReadSql(record.sql);
    if (record.sql.empty()) Fail(record.line, "statement without SQL");
    if (has_expected) {
      std::vector<std::string> block = ReadBlock();
      for (size_t i = 0; i < block.size(); ++i) {
        if (i > 0) record.expected_error += '\n';
        record.expected_error += block[i];
      }
    }
  }

  void ParseQuery(const std::vector<std::string>& words, SltRecord& record) {
    record.kind = SltRecordKind::kQuery;
    if (words.size() < 2) Fail(record.line, "'query' needs the column types (e.g. 'query II')");
    record.column_types = words[1];
    for (size_t i = 2; i < words.size(); ++i) {
      if (words[i] == "nosort") {
        record.sort_mode = SltSortMode::kNoSort;
      } else if (words[i] == "rowsort") {
        record.sort_mode = SltSortMode::kRowSort;
      } else if (words[i] == "valuesort") {
        record.sort_mode = SltSortMode::kValueSort;
      } else {
        record.label = words[i];
      }
    }
    bool has_expected = ReadSql(record.sql);
    if (record.sql.empty()) Fail(record.line, "query without SQL");
    if (has_expected) record.expected = ReadBlock();
  }

  std::vector<std::string> lines_;
  const std::string& path_;
  size_t next_ = 0;
};

}  // namespace

std::vector<SltRecord> ParseSltFile(std::string_view text, const std::string& path) {
  return Parser(text, path).Parse();
}

}  // namespace tarn::cli
