#include "server/json/json_value.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace tarn::server {

JsonValue JsonValue::Bool(bool value) {
  JsonValue result;
  result.kind_ = Kind::kBool;
  result.bool_ = value;
  return result;
}

JsonValue JsonValue::Int(int64_t value) {
  JsonValue result;
  result.kind_ = Kind::kInt;
  result.int_ = value;
  return result;
}

JsonValue JsonValue::Uint(uint64_t value) {
  JsonValue result;
  result.kind_ = Kind::kUint;
  result.uint_ = value;
  return result;
}

JsonValue JsonValue::Double(double value) {
  JsonValue result;
  result.kind_ = Kind::kDouble;
  result.double_ = value;
  return result;
}

JsonValue JsonValue::String(std::string value) {
  JsonValue result;
  result.kind_ = Kind::kString;
  result.string_ = std::move(value);
  return result;
}

JsonValue JsonValue::Array(std::vector<JsonValue> items) {
  JsonValue result;
  result.kind_ = Kind::kArray;
  result.items_ = std::move(items);
  return result;
}

JsonValue JsonValue::Object(std::vector<std::pair<std::string, JsonValue>> members) {
  JsonValue result;
  result.kind_ = Kind::kObject;
  result.members_ = std::move(members);
  return result;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string_view JsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull: return "null";
    case JsonValue::Kind::kBool: return "boolean";
    case JsonValue::Kind::kInt:
    case JsonValue::Kind::kUint: return "integer";
    case JsonValue::Kind::kDouble: return "number";
    case JsonValue::Kind::kString: return "string";
    case JsonValue::Kind::kArray: return "array";
    case JsonValue::Kind::kObject: return "object";
  }
  return "value";
}

namespace {

JsonValue Convert(simdjson::dom::element element, size_t depth, size_t max_depth) {
  if (depth > max_depth) {
    throw Error(ErrorCode::kInvalidInput, "json nested deeper than " + std::to_string(max_depth));
  }
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::NULL_VALUE: return JsonValue();
    case element_type::BOOL: return JsonValue::Bool(bool(element));
    case element_type::INT64: return JsonValue::Int(int64_t(element));
    case element_type::UINT64: return JsonValue::Uint(uint64_t(element));
    case element_type::DOUBLE: return JsonValue::Double(double(element));
    case element_type::STRING: return JsonValue::String(std::string(std::string_view(element)));
    case element_type::ARRAY: {
      std::vector<JsonValue> items;
      for (simdjson::dom::element item : simdjson::dom::array(element)) {
        items.push_back(Convert(item, depth + 1, max_depth));
      }
      return JsonValue::Array(std::move(items));
    }
    case element_type::OBJECT: {
      std::vector<std::pair<std::string, JsonValue>> members;
      std::vector<std::string_view> keys;
      for (auto field : simdjson::dom::object(element)) {
        keys.push_back(field.key);
        members.emplace_back(std::string(field.key), Convert(field.value, depth + 1, max_depth));
      }
      std::sort(keys.begin(), keys.end());
      auto duplicate = std::adjacent_find(keys.begin(), keys.end());
      if (duplicate != keys.end()) {
        throw Error(ErrorCode::kInvalidInput, "duplicate key \"" + std::string(*duplicate) +
                                                  "\" in json object");
      }
      return JsonValue::Object(std::move(members));
    }
  }
  throw Error(ErrorCode::kInvalidInput, "unsupported json value");
}

}  // namespace

JsonValue ParseJsonStrict(std::string_view text, size_t max_depth) {
  // One parser per thread: its buffers are reused across requests.
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error == simdjson::UTF8_ERROR) {
    throw Error(ErrorCode::kInvalidInput, "request body is not valid utf-8");
  }
  if (error == simdjson::EMPTY) throw Error(ErrorCode::kInvalidInput, "request body is empty");
  if (error) {
    std::string cause = simdjson::error_message(error);
    if (!cause.empty()) cause[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(cause[0])));
    throw Error(ErrorCode::kInvalidInput, "malformed json: " + cause);
  }
  return Convert(root, 0, max_depth);
}

}  // namespace tarn::server
