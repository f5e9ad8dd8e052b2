#include "format/csv/csv_options.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/number_parse.h"

namespace tarn::format::csv {
namespace {

[[noreturn]] void ThrowBadOption(const std::string& name, std::string_view expected) {
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("option '{}' of read_csv expects {}", name, expected));
}

bool BooleanOption(const std::string& name, const exec::Value& value) {
  if (value.is_null()) ThrowBadOption(name, "a boolean");
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
  ThrowBadOption(name, "a boolean");
}

int64_t IntegerOption(const std::string& name, const exec::Value& value) {
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
  ThrowBadOption(name, "an integer");
}

// One character; '' means none ('\0'); "\t" written as backslash-t is accepted too.
char CharacterOption(const std::string& name, const exec::Value& value, bool allow_empty) {
  if (value.is_null() || value.type().id() != TypeId::kVarchar) {
    ThrowBadOption(name, "a one-character string");
  }
  const std::string& text = value.string();
  if (text.size() == 1) return text[0];
  if (text == "\\t") return '\t';
  if (text.empty() && allow_empty) return '\0';
  ThrowBadOption(name, "a one-character string");
}

}  // namespace

CsvOptions ParseCsvOptions(const ScanOptions& options) {
  CsvOptions result;
  for (const auto& [name, value] : options.values) {
    if (name == "delim" || name == "sep" || name == "delimiter") {
      result.delimiter = CharacterOption(name, value, false);
      if (*result.delimiter == '\n' || *result.delimiter == '\r') {
        ThrowBadOption(name, "a character other than a line break");
      }
    } else if (name == "quote") {
      result.quote = CharacterOption(name, value, true);
    } else if (name == "escape") {
      result.escape = CharacterOption(name, value, true);
    } else if (name == "header") {
      result.header = BooleanOption(name, value);
    } else if (name == "ignore_errors") {
      result.ignore_errors = BooleanOption(name, value);
    } else if (name == "sample_size") {
      result.sample_size = IntegerOption(name, value);
      if (result.sample_size == 0 || result.sample_size < -1) {
        ThrowBadOption(name, "a positive number of rows or -1");
      }
    } else if (name == "all_varchar") {
      result.all_varchar = BooleanOption(name, value);
    } else if (name == "auto_detect") {
      result.auto_detect = BooleanOption(name, value);
    } else if (name == "parallel") {
      result.parallel = BooleanOption(name, value);
    } else if (name == "morsel_size") {
      int64_t size = IntegerOption(name, value);
      if (size < 1) ThrowBadOption(name, "a positive number of bytes");
      result.morsel_size = static_cast<uint64_t>(size);
    } else {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown option '{}' for read_csv", name));
    }
  }
  for (const auto& [name, fields] : options.struct_options) {
    if (name != "columns") {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown option '{}' for read_csv", name));
    }
    for (const auto& [column, type_value] : fields) {
      if (type_value.is_null() || type_value.type().id() != TypeId::kVarchar) {
        ThrowBadOption("columns", "type names as strings, e.g. columns={'a': 'INTEGER'}");
      }
      LogicalType type = ParseLogicalType(type_value.string());
      if (type.id() == TypeId::kInvalid || type.id() == TypeId::kNull) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("unknown type '{}' for column '{}' in columns={{...}}",
                                type_value.string(), column));
      }
      result.columns.emplace_back(column, type);
    }
    if (result.columns.empty()) ThrowBadOption("columns", "at least one column");
  }
  return result;
}

}  // namespace tarn::format::csv
