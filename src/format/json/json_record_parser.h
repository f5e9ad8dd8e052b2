// A strict one-pass decoder of one JSON object (a stream record) straight into a row of column
// vectors: no DOM, no tape, no per-record setup. Used by the Put path of streams
// (ingest/stream/stream_record_parser.cc), where simdjson's per-document cost dominated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "format/json/ndjson_line_parser.h"

namespace tarn::format::json {

// What ParseRow found.
enum class RecordOutcome : uint8_t {
  kRow,          // a JSON object whose fields all converted
  kMismatch,     // a valid JSON object with a value that does not convert ('problem' names it)
  kInvalidJson,  // not exactly one valid JSON value (RFC 8259, UTF-8) on the record
  kNotAnObject,  // a valid JSON value that is not an object
};

// Not thread-safe: one per thread (scratch buffers).
//
// Checks the whole record strictly (RFC 8259): UTF-8 everywhere, string escapes (\u surrogates
// paired), number and literal syntax, commas and brackets, nesting depth at most 1024, and only
// whitespace after the object — also inside the values of fields that are not columns. Keys are
// matched exactly (after unescaping); when a key repeats, its last value counts (null included).
// Conversion is read_ndjson's: integers to BIGINT/INTEGER (range-checked, no fraction or
// exponent), any number to DOUBLE (finite), number text to DECIMAL/VARCHAR, strings through the
// shared text parsers, booleans to BOOLEAN or VARCHAR, objects and arrays to VARCHAR as minified
// JSON text; null and missing fields are NULL.
class JsonRecordParser {
 public:
  // 'names' are the schema's column names.
  explicit JsonRecordParser(const std::vector<std::string>& names);

  // Decodes [data, data + length) into row 'row': targets[i] receives column i's value (null
  // pointer: not wanted, the value is still validated). At least kJsonPadding readable bytes must
  // follow the record (any content). Every wanted cell of 'row' is written (NULL when missing).
  // On kMismatch, 'problem' holds the first value that did not convert; on kInvalidJson the
  // reason and byte offset of the first syntax error.
  RecordOutcome ParseRow(const char* data, size_t length, const JsonTarget* const* targets, size_t row,
                         LineProblem& problem);

 private:
  int64_t Lookup(std::string_view key);
  const char* ParseValue(const char* p, const char* end, const JsonTarget* target, size_t row, bool& converted);
  const char* SkipNested(const char* p, const char* end, int depth, std::string* minified);
  const char* ParseString(const char* p, const char* end, std::string_view& text, bool want_text);

  // A key written exactly as a column name (no escapes) is matched by one 16-byte compare of
  // name + '"' against the record; names of 15 bytes or more, or with bytes that JSON must escape,
  // go through ParseString and Lookup.
  struct KeyPattern {
    alignas(16) char bytes[16] = {};
    uint32_t mask = 0;  // movemask bits of the bytes compared; 0: no fast match
    uint32_t length = 0;
  };

  std::vector<std::string> names_;
  std::vector<KeyPattern> patterns_;
  std::unordered_map<std::string_view, size_t> index_;  // views into names_
  size_t predicted_ = 0;     // column expected for the next key (records repeat their key order)
  std::string unescaped_;    // a string's text after unescaping
  std::string minified_;     // a nested value's minified text
  const char* record_ = nullptr;    // start of the record being parsed
  const char* error_at_ = nullptr;  // first syntax error
  const char* error_reason_ = "";
};

}  // namespace tarn::format::json
