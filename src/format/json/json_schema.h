// Infers the columns of newline-delimited JSON from sample lines: one column per top-level key in
// order of first appearance, typed by the values seen. Used by the NDJSON reader's sniffing.
//
// Types. JSON booleans give BOOLEAN, integers that fit 64 bits BIGINT, other numbers DOUBLE
// (BIGINT and DOUBLE together widen to DOUBLE). Strings give VARCHAR, or DATE / TIMESTAMP when
// every sampled string of the column reads as one (the parsers of the CSV sniffer,
// type_detection.h) — a JSON string "123" stays VARCHAR, as DuckDB's read_json does. A column of
// only nulls is VARCHAR. Nested objects and arrays, and columns whose values mix kinds (string
// and number, boolean and number), become VARCHAR holding each value's JSON text (minified; strings
// keep their quotes) — tarn has no STRUCT or LIST type; json_text marks such columns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/logical_type.h"

namespace tarn::format::json {

struct JsonColumn {
  std::string name;
  LogicalType type;
  bool json_text = false;  // VARCHAR holding JSON text: strings keep their quotes
};

// The kinds of JSON value a column holds (bit set).
enum JsonKind : uint8_t {
  kJsonBoolean = 1,
  kJsonInteger = 2,
  kJsonDouble = 4,
  kJsonString = 8,
  kJsonNested = 16,
};

// Not thread-safe. Observe every sampled value, then read columns().
class JsonSchemaBuilder {
 public:
  // Records a value of kind 'kind' (one JsonKind bit, or 0 for null) under 'key'. 'text' is the
  // unescaped string for kJsonString (checked for DATE / TIMESTAMP), ignored otherwise.
  void Observe(std::string_view key, uint8_t kind, std::string_view text);
  // The inferred columns, in order of first appearance.
  std::vector<JsonColumn> Columns() const;
  bool empty() const { return states_.empty(); }

 private:
  struct ColumnState {
    std::string name;
    uint8_t kinds = 0;
    bool all_dates = true;
    bool all_timestamps = true;
  };
  std::vector<ColumnState> states_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace tarn::format::json
