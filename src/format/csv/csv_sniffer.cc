#include "format/csv/csv_sniffer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "format/type_detection.h"

namespace tarn::format::csv {
namespace {

constexpr char kDelimiterCandidates[] = {',', ';', '\t', '|'};
constexpr int64_t kDialectSampleRows = 200;

// The field count most rows have and how many rows have it.
std::pair<size_t, int64_t> ModalFieldCount(const CsvSampleRows& sample) {
  std::map<size_t, int64_t> counts;
  for (const auto& row : sample.rows) ++counts[row.size()];
  std::pair<size_t, int64_t> best{0, 0};
  for (const auto& [fields, rows] : counts) {
    if (rows > best.second || (rows == best.second && fields > best.first)) best = {fields, rows};
  }
  return best;
}

char DetectDelimiter(std::string_view sample, bool at_end, CsvDialect dialect) {
  char best = ',';
  int64_t best_rows = 0;
  size_t best_fields = 1;
  for (char candidate : kDelimiterCandidates) {
    dialect.delimiter = candidate;
    CsvSampleRows rows = SplitCsvRows(sample, dialect, at_end, kDialectSampleRows);
    auto [fields, consistent_rows] = ModalFieldCount(rows);
    if (fields < 2) continue;
    if (consistent_rows > best_rows || (consistent_rows == best_rows && fields > best_fields)) {
      best = candidate;
      best_rows = consistent_rows;
      best_fields = fields;
    }
  }
  return best;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> UniqueNames(std::vector<std::string> names) {
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) names[i] = fmt::format("column{}", i);
    std::string candidate = names[i];
    for (int suffix = 1; seen.count(candidate) != 0; ++suffix) {
      candidate = fmt::format("{}_{}", names[i], suffix);
    }
    names[i] = candidate;
    seen.insert(candidate);
  }
  return names;
}

}  // namespace

CsvSampleRows SplitCsvRows(std::string_view text, const CsvDialect& dialect, bool at_end,
                           int64_t max_rows) {
  CsvSampleRows result;
  size_t position = 0;
  const size_t size = text.size();
  size_t previous_fields = 0;
  std::string field;
  while (position < size && static_cast<int64_t>(result.rows.size()) < max_rows) {
    std::vector<std::string> row;
    row.reserve(previous_fields);
    size_t cursor = position;
    bool complete = false;
    bool row_has_quoted_newline = false;
    while (true) {
      field.clear();
      if (dialect.quote != '\0' && cursor < size && text[cursor] == dialect.quote) {
        // Quoted field: up to the closing quote, then anything up to the delimiter is appended.
        ++cursor;
        bool closed = false;
        while (cursor < size) {
          char c = text[cursor];
          if (c == dialect.escape && dialect.escape != dialect.quote && cursor + 1 < size) {
            field.push_back(text[cursor + 1]);
            cursor += 2;
          } else if (c == dialect.quote) {
            if (dialect.escape == dialect.quote && cursor + 1 < size && text[cursor + 1] == dialect.quote) {
              field.push_back(dialect.quote);
              cursor += 2;
            } else {
              ++cursor;
              closed = true;
              break;
            }
          } else {
            if (c == '\n') row_has_quoted_newline = true;
            field.push_back(c);
            ++cursor;
          }
        }
        if (!closed) break;  // unterminated quote: stop the split here
      }
      size_t start = cursor;
      while (cursor < size && text[cursor] != dialect.delimiter && text[cursor] != '\n') ++cursor;
      size_t end = cursor;
      if (cursor < size && text[cursor] == '\n' && end > start && text[end - 1] == '\r') --end;
      field.append(text.substr(start, end - start));
      if (cursor >= size) {
        if (at_end) {
          row.push_back(field);
          complete = true;
        }
        break;
      }
      row.push_back(field);
      ++cursor;
      if (text[cursor - 1] == '\n') {
        complete = true;
        break;
      }
    }
    if (!complete) break;
    position = cursor;
    result.consumed_bytes = cursor;
    if (row_has_quoted_newline) result.quoted_newlines = true;
    previous_fields = row.size();
    if (row.size() == 1 && row[0].empty()) continue;  // empty line
    result.rows.push_back(std::move(row));
  }
  return result;
}

CsvSniffResult SniffCsv(std::string_view sample, bool at_end, const CsvOptions& options) {
  CsvSniffResult result;
  CsvDialect& dialect = result.dialect;
  dialect.quote = options.quote.value_or('"');
  dialect.escape = options.escape.value_or(dialect.quote);
  if (options.delimiter) {
    dialect.delimiter = *options.delimiter;
  } else if (options.auto_detect) {
    dialect.delimiter = DetectDelimiter(sample, at_end, dialect);
  }
  int64_t max_rows = options.sample_size < 0 ? INT64_MAX : options.sample_size + 1;
  CsvSampleRows sample_rows = SplitCsvRows(sample, dialect, at_end, max_rows);
  result.quoted_newlines = sample_rows.quoted_newlines;
  const auto& rows = sample_rows.rows;

  size_t field_count = options.columns.empty() ? ModalFieldCount(sample_rows).first
                                               : options.columns.size();
  if (field_count == 0) field_count = 1;
  std::vector<ColumnTypeDetector> detectors(field_count);
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != field_count) continue;
    for (size_t c = 0; c < field_count; ++c) detectors[c].Observe(rows[r][c]);
  }

  // Header: explicit, else the first row is a header when one of its values does not fit its
  // column's type, or (all-text columns) when its values are distinct non-empty names.
  bool header = false;
  if (options.header) {
    header = *options.header;
  } else if (options.auto_detect && !rows.empty() && rows[0].size() == field_count) {
    const auto& first = rows[0];
    bool all_text = true;
    for (size_t c = 0; c < field_count; ++c) {
      LogicalType type =
          options.columns.empty() ? detectors[c].Result() : options.columns[c].second;
      if (!options.columns.empty() && EqualsIgnoreCase(first[c], options.columns[c].first)) {
        header = true;
      }
      if (type.id() == TypeId::kVarchar) continue;
      all_text = false;
      if (first[c].empty()) continue;
      if (!options.columns.empty()) {
        if (!TextFitsType(first[c], type.id())) header = true;
      } else {
        // A header value turns a typed column into text; a first data row only widens it.
        ColumnTypeDetector with_first = detectors[c];
        with_first.Observe(first[c]);
        if (with_first.Result().id() == TypeId::kVarchar) header = true;
      }
    }
    if (all_text && options.columns.empty()) {
      std::set<std::string> distinct(first.begin(), first.end());
      header = distinct.size() == first.size() &&
               std::none_of(first.begin(), first.end(), [](const std::string& v) { return v.empty(); });
      // A lone row of text with nothing below it is a header only if it looks like names.
      if (rows.size() == 1) {
        header = header && std::all_of(first.begin(), first.end(), [](const std::string& value) {
                   return !TextFitsType(value, TypeId::kDouble);
                 });
      }
    }
  }
  dialect.header = header;

  if (!options.columns.empty()) {
    for (const auto& [name, type] : options.columns) result.columns.push_back({name, type});
  } else {
    std::vector<std::string> names(field_count);
    for (size_t c = 0; c < field_count; ++c) {
      if (header && !rows.empty() && c < rows[0].size()) {
        names[c] = rows[0][c];
      } else {
        names[c] = fmt::format("column{}", c);
      }
    }
    names = UniqueNames(std::move(names));
    // Without a header the first row is data: its values must fit the types too.
    if (!header && !rows.empty() && rows[0].size() == field_count) {
      for (size_t c = 0; c < field_count; ++c) detectors[c].Observe(rows[0][c]);
    }
    for (size_t c = 0; c < field_count; ++c) {
      LogicalType type = (options.all_varchar || !options.auto_detect) ? LogicalType(TypeId::kVarchar)
                                                                        : detectors[c].Result();
      result.columns.push_back({names[c], type});
    }
  }

  int64_t data_rows = static_cast<int64_t>(rows.size()) - (header && !rows.empty() ? 1 : 0);
  result.sampled_rows = std::max<int64_t>(data_rows, 0);
  if (!rows.empty()) {
    result.bytes_per_row = static_cast<double>(sample_rows.consumed_bytes) / static_cast<double>(rows.size());
  }
  return result;
}

}  // namespace tarn::format::csv
