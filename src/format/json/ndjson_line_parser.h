// Decodes one NDJSON line (a JSON object) with simdjson On-Demand: into a row of column vectors for
// the reader, or into a JsonSchemaBuilder for sniffing. Keeps simdjson out of every other header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/vector.h"
#include "format/json/json_schema.h"

namespace tarn::format::json {

// Bytes simdjson may read past the end of a line; callers keep them readable (any content).
constexpr size_t kJsonPadding = 64;

// Where one column's values go, refreshed per chunk.
struct JsonTarget {
  TypeId type = TypeId::kInvalid;
  uint8_t width = 0;
  uint8_t scale = 0;
  bool json_text = false;  // VARCHAR column rendering strings with their quotes
  uint8_t* data = nullptr;
  exec::Vector* vector = nullptr;
  std::string_view name;  // column name, for error messages
};

// Why a line was rejected and where: 'column' is the 0-based byte offset in the line.
struct LineProblem {
  std::string reason;
  size_t column = 0;
};

// Not thread-safe: one per thread (owns a simdjson parser and scratch buffers).
class NdjsonLineParser {
 public:
  // 'names' are the schema's column names (keys are matched exactly).
  explicit NdjsonLineParser(const std::vector<std::string>& names);
  ~NdjsonLineParser();
  NdjsonLineParser(const NdjsonLineParser&) = delete;
  NdjsonLineParser& operator=(const NdjsonLineParser&) = delete;

  // Decodes [line, line + length) into row 'row': field_targets[i] receives schema column i's
  // value (null: not projected). Projected columns absent from the object are NULL. At least
  // kJsonPadding readable bytes must follow the line. Returns false and fills 'problem' when the
  // line is not a JSON object or a value does not convert (cells of 'row' may have been written).
  bool ParseRow(const char* line, size_t length, const JsonTarget* const* field_targets,
                const std::vector<const JsonTarget*>& projected, size_t row, LineProblem& problem);

  // Records each key and value kind of the object on 'line' in 'builder' (same padding rule).
  bool ObserveRow(const char* line, size_t length, JsonSchemaBuilder& builder, LineProblem& problem);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Stores 'text' in row 'row' of a VARCHAR target (inline or in the vector's string arena); does
// not touch validity.
void StoreString(const JsonTarget& target, size_t row, std::string_view text);
// Converts string text to a non-VARCHAR target's type with the shared text parsers (numbers,
// booleans, ISO dates and timestamps); returns false when it does not convert.
bool StoreText(const JsonTarget& target, size_t row, std::string_view text);

// Returns whether [line, line + length) holds only JSON whitespace.
bool IsBlankLine(const char* line, size_t length);

}  // namespace tarn::format::json
