#include "format/json/ndjson_line_parser.h"

#include <limits>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <simdjson.h>

#include "common/date_time.h"
#include "common/number_parse.h"

namespace tarn::format::json {
namespace {

namespace ondemand = simdjson::ondemand;

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

void StoreString(const JsonTarget& target, size_t row, std::string_view text) {
  reinterpret_cast<StringRef*>(target.data)[row] =
      text.size() <= StringRef::kInlineLength ? StringRef(text) : target.vector->AddString(text);
}

// Converts string text to a non-VARCHAR target type with the shared text parsers.
bool StoreText(const JsonTarget& target, size_t row, std::string_view text) {
  switch (target.type) {
    case TypeId::kBigint: return ParseInt64(text, reinterpret_cast<int64_t*>(target.data)[row]);
    case TypeId::kInteger: return ParseInt32(text, reinterpret_cast<int32_t*>(target.data)[row]);
    case TypeId::kDouble: return ParseDouble(text, reinterpret_cast<double*>(target.data)[row]);
    case TypeId::kDecimal:
      return ParseDecimal(text, target.width, target.scale, reinterpret_cast<int64_t*>(target.data)[row]);
    case TypeId::kBoolean: {
      bool value;
      if (!ParseBoolean(text, value)) return false;
      target.data[row] = value ? 1 : 0;
      return true;
    }
    case TypeId::kDate: {
      auto days = ParseDate(text);
      if (!days) return false;
      reinterpret_cast<int32_t*>(target.data)[row] = *days;
      return true;
    }
    case TypeId::kTimestamp: {
      auto micros = ParseTimestamp(text);
      if (!micros) return false;
      reinterpret_cast<int64_t*>(target.data)[row] = *micros;
      return true;
    }
    default: return false;
  }
}

struct NdjsonLineParser::Impl {
  ondemand::parser parser;
  std::vector<std::string> names;
  std::unordered_map<std::string_view, size_t> index;  // views into 'names'
  std::string minified;

  // Returns the schema column of 'key' (or -1), trying the column after the previous key first:
  // records usually repeat the same key order.
  int64_t Lookup(std::string_view key, size_t& predicted) const {
    if (predicted < names.size() && names[predicted] == key) return static_cast<int64_t>(predicted++);
    auto found = index.find(key);
    if (found == index.end()) return -1;
    predicted = found->second + 1;
    return static_cast<int64_t>(found->second);
  }

  bool Store(ondemand::value& value, const JsonTarget& target, size_t row);
  bool StoreNested(ondemand::value& value, ondemand::json_type type, const JsonTarget& target, size_t row);
};

bool NdjsonLineParser::Impl::StoreNested(ondemand::value& value, ondemand::json_type type,
                                         const JsonTarget& target, size_t row) {
  std::string_view raw;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (value.get_object().get(object) || object.raw_json().get(raw)) return false;
  } else {
    ondemand::array array;
    if (value.get_array().get(array) || array.raw_json().get(raw)) return false;
  }
  raw = TrimRight(raw);
  minified.resize(raw.size() + 1);
  size_t length = 0;
  if (simdjson::minify(raw.data(), raw.size(), minified.data(), length)) return false;
  StoreString(target, row, std::string_view(minified.data(), length));
  return true;
}

bool NdjsonLineParser::Impl::Store(ondemand::value& value, const JsonTarget& target, size_t row) {
  ondemand::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) return false;
      return true;  // the row's cell stays NULL
    }
    case ondemand::json_type::string: {
      if (target.type == TypeId::kVarchar) {
        std::string_view text;
        if (target.json_text) {
          text = TrimRight(value.raw_json_token());
        } else if (value.get_string().get(text)) {
          return false;
        }
        StoreString(target, row, text);
        break;
      }
      std::string_view text;
      if (value.get_string().get(text) || !StoreText(target, row, text)) return false;
      break;
    }
    case ondemand::json_type::number:
      switch (target.type) {
        case TypeId::kBigint:
          if (value.get_int64().get(reinterpret_cast<int64_t*>(target.data)[row])) return false;
          break;
        case TypeId::kInteger: {
          int64_t number;
          if (value.get_int64().get(number) || number < std::numeric_limits<int32_t>::min() ||
              number > std::numeric_limits<int32_t>::max()) {
            return false;
          }
          reinterpret_cast<int32_t*>(target.data)[row] = static_cast<int32_t>(number);
          break;
        }
        case TypeId::kDouble:
          if (value.get_double().get(reinterpret_cast<double*>(target.data)[row])) return false;
          break;
        case TypeId::kDecimal:
        case TypeId::kVarchar: {
          std::string_view text = TrimRight(value.raw_json_token());
          if (target.type == TypeId::kVarchar) {
            double check;  // validates the token (On-Demand does not until a value is asked for)
            if (value.get_double().get(check)) return false;
            StoreString(target, row, text);
          } else if (!StoreText(target, row, text)) {
            return false;
          }
          break;
        }
        default: return false;
      }
      break;
    case ondemand::json_type::boolean: {
      bool flag;
      if (value.get_bool().get(flag)) return false;
      if (target.type == TypeId::kBoolean) {
        target.data[row] = flag ? 1 : 0;
      } else if (target.type == TypeId::kVarchar) {
        StoreString(target, row, flag ? "true" : "false");
      } else {
        return false;
      }
      break;
    }
    case ondemand::json_type::object:
    case ondemand::json_type::array:
      if (target.type != TypeId::kVarchar || !StoreNested(value, type, target, row)) return false;
      break;
  }
  target.vector->validity().SetValid(row);
  return true;
}

NdjsonLineParser::NdjsonLineParser(const std::vector<std::string>& names) : impl_(std::make_unique<Impl>()) {
  impl_->names = names;
  for (size_t i = 0; i < impl_->names.size(); ++i) impl_->index.emplace(impl_->names[i], i);
}

NdjsonLineParser::~NdjsonLineParser() = default;

namespace {

// Starts parsing 'line' as an object; on failure fills 'problem'.
bool OpenObject(ondemand::parser& parser, const char* line, size_t length, ondemand::document& document,
                ondemand::object& object, LineProblem& problem) {
  simdjson::padded_string_view input(line, length, length + kJsonPadding);
  if (auto error = parser.iterate(input).get(document)) {
    problem = {fmt::format("malformed JSON: {}", simdjson::error_message(error)), 0};
    return false;
  }
  size_t first = 0;
  while (first < length && (line[first] == ' ' || line[first] == '\t' || line[first] == '\r')) ++first;
  if (auto error = document.get_object().get(object)) {
    problem = {error == simdjson::INCORRECT_TYPE ? std::string("expected a JSON object on each line")
                                                 : fmt::format("malformed JSON: {}", simdjson::error_message(error)),
               first};
    return false;
  }
  return true;
}

// Position of the current token (for errors), or 'fallback'.
size_t LocationIn(ondemand::document& document, const char* line, size_t length, size_t fallback) {
  const char* location = nullptr;
  if (document.current_location().get(location) || location < line || location > line + length) {
    return fallback;
  }
  return static_cast<size_t>(location - line);
}

// After the object: anything but whitespace left on the line is an error.
bool CheckTrailing(ondemand::document& document, const char* line, size_t length, LineProblem& problem) {
  const char* location = nullptr;
  if (document.current_location().get(location)) return true;  // at the end of the document
  if (location < line || location >= line + length) return true;
  problem = {"unexpected text after the JSON object", static_cast<size_t>(location - line)};
  return false;
}

}  // namespace

bool NdjsonLineParser::ParseRow(const char* line, size_t length, const JsonTarget* const* field_targets,
                                const std::vector<const JsonTarget*>& projected, size_t row,
                                LineProblem& problem) {
  for (const JsonTarget* target : projected) target->vector->validity().SetInvalid(row);
  ondemand::document document;
  ondemand::object object;
  if (!OpenObject(impl_->parser, line, length, document, object, problem)) return false;
  size_t predicted = 0;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) {
      problem = {fmt::format("malformed JSON: {}", simdjson::error_message(error)),
                 LocationIn(document, line, length, 0)};
      return false;
    }
    const char* key_start = field.key().raw();  // unescaped_key() consumes the key
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) {
      problem = {fmt::format("malformed JSON: {}", simdjson::error_message(error)),
                 LocationIn(document, line, length, 0)};
      return false;
    }
    int64_t column = impl_->Lookup(key, predicted);
    if (column < 0 || field_targets[column] == nullptr) continue;  // On-Demand skips the value
    const JsonTarget& target = *field_targets[column];
    if (!impl_->Store(field.value(), target, row)) {
      size_t key_column = static_cast<size_t>(key_start - line);
      LogicalType type = target.type == TypeId::kDecimal ? LogicalType::Decimal(target.width, target.scale)
                                                         : LogicalType(target.type);
      problem.reason = fmt::format("value of column '{}' is not a valid {}", target.name, type.ToString());
      problem.column = key_column > 0 ? key_column - 1 : 0;
      return false;
    }
  }
  return CheckTrailing(document, line, length, problem);
}

bool NdjsonLineParser::ObserveRow(const char* line, size_t length, JsonSchemaBuilder& builder,
                                  LineProblem& problem) {
  ondemand::document document;
  ondemand::object object;
  if (!OpenObject(impl_->parser, line, length, document, object, problem)) return false;
  for (auto field_result : object) {
    ondemand::field field;
    std::string_view key;
    ondemand::json_type type;
    simdjson::error_code error = std::move(field_result).get(field);
    if (!error) error = field.unescaped_key().get(key);
    std::string key_text(key);  // the key's bytes live in the parser's string buffer
    if (!error) error = field.value().type().get(type);
    uint8_t kind = 0;
    std::string_view text;
    if (!error) {
      ondemand::value& value = field.value();
      switch (type) {
        case ondemand::json_type::null: {
          bool is_null = false;
          error = value.is_null().get(is_null);
          if (!error && !is_null) error = simdjson::N_ATOM_ERROR;
          break;
        }
        case ondemand::json_type::boolean: {
          bool flag;
          error = value.get_bool().get(flag);
          kind = kJsonBoolean;
          break;
        }
        case ondemand::json_type::number: {
          ondemand::number number;
          error = value.get_number().get(number);
          kind = number.get_number_type() == ondemand::number_type::signed_integer ? kJsonInteger
                                                                                   : kJsonDouble;
          break;
        }
        case ondemand::json_type::string:
          error = value.get_string().get(text);
          kind = kJsonString;
          break;
        case ondemand::json_type::object:
        case ondemand::json_type::array: {
          std::string_view raw;
          if (type == ondemand::json_type::object) {
            ondemand::object nested;
            error = value.get_object().get(nested);
            if (!error) error = nested.raw_json().get(raw);
          } else {
            ondemand::array nested;
            error = value.get_array().get(nested);
            if (!error) error = nested.raw_json().get(raw);
          }
          kind = kJsonNested;
          break;
        }
      }
    }
    if (error) {
      problem = {fmt::format("malformed JSON: {}", simdjson::error_message(error)),
                 LocationIn(document, line, length, 0)};
      return false;
    }
    builder.Observe(key_text, kind, text);
  }
  return CheckTrailing(document, line, length, problem);
}

bool IsBlankLine(const char* line, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    char c = line[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace tarn::format::json
