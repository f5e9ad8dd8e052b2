// A small streaming JSON writer for the HTTP server's responses: values are appended to a string in
// document order; commas and escaping are handled here. No tree is built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::server {

// Not thread-safe. The caller keeps the nesting balanced (TARN_CHECK on misuse in debug builds).
// Strings are escaped per RFC 8259; invalid UTF-8 bytes become U+FFFD so the output is always valid.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Writes an object key; the next call writes its value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  // Non-finite values (NaN, infinity) are written as null: JSON cannot express them.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Writes 'json' verbatim as one value (it must already be valid JSON).
  JsonWriter& Raw(std::string_view json);

 private:
  void BeforeValue();

  std::string& out_;
  // One entry per open container: true once it holds a value (a comma precedes the next one).
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

// Appends 'value' as a quoted JSON string (escaped; invalid UTF-8 replaced by U+FFFD).
void AppendJsonString(std::string_view value, std::string& out);

// Returns true if 'text' is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace tarn::server
