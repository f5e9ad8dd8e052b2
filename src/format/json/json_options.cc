#include "format/json/json_options.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/number_parse.h"

namespace tarn::format::json {
namespace {

[[noreturn]] void ThrowBadOption(std::string_view function, const std::string& name,
                                 std::string_view expected) {
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("option '{}' of {} expects {}", name, function, expected));
}

bool BooleanOption(std::string_view function, const std::string& name, const exec::Value& value) {
  if (!value.is_null()) {
    switch (value.type().id()) {
      case TypeId::kBoolean: return value.boolean();
      case TypeId::kInteger:
      case TypeId::kBigint: return value.integer() != 0;
      case TypeId::kVarchar: {
        bool result;
        if (ParseBoolean(value.string(), result)) return result;
        break;
      }
      default: break;
    }
  }
  ThrowBadOption(function, name, "a boolean");
}

int64_t IntegerOption(std::string_view function, const std::string& name, const exec::Value& value) {
  if (!value.is_null()) {
    switch (value.type().id()) {
      case TypeId::kInteger:
      case TypeId::kBigint: return value.integer();
      case TypeId::kVarchar: {
        int64_t result;
        if (ParseInt64(value.string(), result)) return result;
        break;
      }
      default: break;
    }
  }
  ThrowBadOption(function, name, "an integer");
}

}  // namespace

JsonOptions ParseJsonOptions(const ScanOptions& options, std::string_view function) {
  JsonOptions result;
  for (const auto& [name, value] : options.values) {
    if (name == "ignore_errors") {
      result.ignore_errors = BooleanOption(function, name, value);
    } else if (name == "sample_size") {
      result.sample_size = IntegerOption(function, name, value);
      if (result.sample_size == 0 || result.sample_size < -1) {
        ThrowBadOption(function, name, "a positive number of rows or -1");
      }
    } else if (name == "parallel") {
      result.parallel = BooleanOption(function, name, value);
    } else if (name == "morsel_size") {
      int64_t size = IntegerOption(function, name, value);
      if (size < 1) ThrowBadOption(function, name, "a positive number of bytes");
      result.morsel_size = static_cast<uint64_t>(size);
    } else if (name == "format") {
      if (value.is_null() || value.type().id() != TypeId::kVarchar) {
        ThrowBadOption(function, name, "'newline_delimited' or 'auto'");
      }
      const std::string& text = value.string();
      if (text != "newline_delimited" && text != "nd" && text != "auto") {
        throw Error(ErrorCode::kNotSupported,
                    fmt::format("not supported: {} format '{}' (tarn reads newline-delimited JSON)",
                                function, text));
      }
    } else {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown option '{}' for {}", name, function));
    }
  }
  for (const auto& [name, fields] : options.struct_options) {
    if (name != "columns") {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown option '{}' for {}", name, function));
    }
    for (const auto& [column, type_value] : fields) {
      if (type_value.is_null() || type_value.type().id() != TypeId::kVarchar) {
        ThrowBadOption(function, "columns", "type names as strings, e.g. columns={'a': 'INTEGER'}");
      }
      LogicalType type = ParseLogicalType(type_value.string());
      if (type.id() == TypeId::kInvalid || type.id() == TypeId::kNull) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("unknown type '{}' for column '{}' in columns={{...}}",
                                type_value.string(), column));
      }
      result.columns.emplace_back(column, type);
    }
    if (result.columns.empty()) ThrowBadOption(function, "columns", "at least one column");
  }
  return result;
}

}  // namespace tarn::format::json
