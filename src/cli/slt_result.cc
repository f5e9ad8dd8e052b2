#include "cli/slt_result.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/md5.h"

namespace tarn::cli {

namespace {

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

}  // namespace

std::string SltCanonicalText(const exec::Value& value) {
  if (value.is_null()) return "NULL";
  if (value.type().id() == TypeId::kVarchar && value.string().empty()) return "(empty)";
  return value.ToString();
}

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
        if (!std::isfinite(number) || std::fabs(number) >= 9.2e18) return SltCanonicalText(value);
        return std::to_string(static_cast<int64_t>(number));  // truncates toward zero
      }
      case TypeId::kDecimal: {
        int64_t divisor = 1;
        for (int i = 0; i < value.type().scale(); ++i) divisor *= 10;
        return std::to_string(value.integer() / divisor);  // truncates toward zero
      }
      default: return SltCanonicalText(value);
    }
  }
  if (type == 'R' && value.type().IsNumeric()) return fmt::format("{:.3f}", NumericValue(value));
  return SltCanonicalText(value);
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

}  // namespace tarn::cli
