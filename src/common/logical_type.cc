#include "common/logical_type.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/string_ref.h"

namespace tarn {

size_t LogicalType::PhysicalSize() const {
  switch (id_) {
    case TypeId::kBoolean: return 1;
    case TypeId::kInteger:
    case TypeId::kDate: return 4;
    case TypeId::kBigint:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kTimestamp: return 8;
    case TypeId::kVarchar: return sizeof(StringRef);
    case TypeId::kNull: return 1;
    case TypeId::kInvalid: return 0;
  }
  return 0;
}

bool LogicalType::IsNumeric() const {
  return id_ == TypeId::kInteger || id_ == TypeId::kBigint || id_ == TypeId::kDouble ||
         id_ == TypeId::kDecimal;
}

bool LogicalType::IsIntegral() const { return id_ == TypeId::kInteger || id_ == TypeId::kBigint; }

bool LogicalType::IsTemporal() const { return id_ == TypeId::kDate || id_ == TypeId::kTimestamp; }

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kInvalid: return "INVALID";
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kInteger: return "INTEGER";
    case TypeId::kBigint: return "BIGINT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(width_) + "," + std::to_string(scale_) + ")";
    case TypeId::kVarchar: return "VARCHAR";
    case TypeId::kDate: return "DATE";
    case TypeId::kTimestamp: return "TIMESTAMP";
  }
  return "INVALID";
}

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool ParseSmallInt(std::string_view text, int& out) {
  text = Trim(text);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

LogicalType ParseLogicalType(std::string_view name) {
  std::string lower = Lower(Trim(name));
  size_t paren = lower.find('(');
  std::string base = std::string(Trim(std::string_view(lower).substr(0, paren)));
  if (base == "boolean" || base == "bool") return TypeId::kBoolean;
  if (base == "integer" || base == "int" || base == "int4" || base == "int32" || base == "smallint" ||
      base == "int2" || base == "tinyint")
    return TypeId::kInteger;
  if (base == "bigint" || base == "int8" || base == "int64" || base == "long") return TypeId::kBigint;
  if (base == "double" || base == "double precision" || base == "float8" || base == "float" ||
      base == "real" || base == "float4")
    return TypeId::kDouble;
  if (base == "varchar" || base == "text" || base == "string" || base == "char" ||
      base == "character varying" || base == "character" || base == "bpchar")
    return TypeId::kVarchar;
  if (base == "date") return TypeId::kDate;
  if (base == "timestamp" || base == "datetime" || base == "timestamp without time zone")
    return TypeId::kTimestamp;
  if (base == "decimal" || base == "numeric") {
    if (paren == std::string::npos) return LogicalType::Decimal(18, 3);
    size_t close = lower.find(')', paren);
    if (close == std::string::npos) return TypeId::kInvalid;
    std::string_view args = std::string_view(lower).substr(paren + 1, close - paren - 1);
    size_t comma = args.find(',');
    int width = 0;
    int scale = 0;
    if (!ParseSmallInt(args.substr(0, comma), width)) return TypeId::kInvalid;
    if (comma != std::string_view::npos && !ParseSmallInt(args.substr(comma + 1), scale))
      return TypeId::kInvalid;
    if (width < 1 || width > kMaxDecimalWidth || scale < 0 || scale > width) return TypeId::kInvalid;
    return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
  }
  return TypeId::kInvalid;
}

LogicalType CommonSuperType(LogicalType a, LogicalType b, bool allow_varchar) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.id() == TypeId::kDouble || b.id() == TypeId::kDouble) return TypeId::kDouble;
    if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
      auto integer_digits = [](LogicalType t) -> int {
        if (t.id() == TypeId::kInteger) return 10;
        if (t.id() == TypeId::kBigint) return 19;
        return t.width() - t.scale();
      };
      auto scale_of = [](LogicalType t) -> int {
        return t.id() == TypeId::kDecimal ? t.scale() : 0;
      };
      int scale = std::max(scale_of(a), scale_of(b));
      int width = std::max(integer_digits(a), integer_digits(b)) + scale;
      if (width > kMaxDecimalWidth) return TypeId::kDouble;
      return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
    }
    return TypeId::kBigint;  // INTEGER with BIGINT
  }
  if (a.id() == TypeId::kDate && b.id() == TypeId::kTimestamp) return TypeId::kTimestamp;
  if (a.id() == TypeId::kTimestamp && b.id() == TypeId::kDate) return TypeId::kTimestamp;
  if (allow_varchar && (a.id() == TypeId::kVarchar || b.id() == TypeId::kVarchar ||
                        a.id() != b.id()))
    return TypeId::kVarchar;
  return TypeId::kInvalid;
}

}  // namespace tarn
