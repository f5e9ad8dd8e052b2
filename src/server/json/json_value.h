// Request bodies as a small JSON tree, parsed strictly (simdjson underneath): one document and
// nothing after it, valid UTF-8, no duplicate keys, bounded depth. Used by every route with a body.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn::server {

class JsonValue {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

  JsonValue() = default;
  static JsonValue Bool(bool value);
  static JsonValue Int(int64_t value);
  static JsonValue Uint(uint64_t value);  // only values above INT64_MAX
  static JsonValue Double(double value);
  static JsonValue String(std::string value);
  static JsonValue Array(std::vector<JsonValue> items);
  static JsonValue Object(std::vector<std::pair<std::string, JsonValue>> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool bool_value() const { return bool_; }
  int64_t int_value() const { return int_; }
  uint64_t uint_value() const { return uint_; }
  double double_value() const { return double_; }
  const std::string& string_value() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  // Object members in document order (keys are unique).
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }
  // Returns the member called 'key', or null if there is none (or this is not an object).
  const JsonValue* Find(std::string_view key) const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

// "null", "boolean", "integer", "number", "string", "array", "object".
std::string_view JsonKindName(JsonValue::Kind kind);

// Parses exactly one JSON document. Throws Error(kInvalidInput) naming the cause: malformed JSON
// (including trailing content), invalid UTF-8, a duplicate key (named), nesting deeper than
// 'max_depth'.
JsonValue ParseJsonStrict(std::string_view text, size_t max_depth = 64);

}  // namespace tarn::server
