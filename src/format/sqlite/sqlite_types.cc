#include "format/sqlite/sqlite_types.h"

#include <cctype>
#include <string>

#include "common/number_parse.h"

namespace tarn::format::sqlite {
namespace {

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// DECIMAL(p[,s]) / NUMERIC(p[,s]); DOUBLE when there is no precision or it exceeds 18 digits.
LogicalType MapDecimal(const std::string& upper) {
  size_t open = upper.find('(');
  size_t close = upper.find(')', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return TypeId::kDouble;
  std::string inside;
  for (char c : upper.substr(open + 1, close - open - 1)) {
    if (c != ' ') inside += c;
  }
  size_t comma = inside.find(',');
  int32_t precision = 0;
  int32_t scale = 0;
  if (!ParseInt32(inside.substr(0, comma), precision)) return TypeId::kDouble;
  if (comma != std::string::npos && !ParseInt32(inside.substr(comma + 1), scale)) {
    return TypeId::kDouble;
  }
  if (precision < 1 || precision > kMaxDecimalWidth || scale < 0 || scale > precision) {
    return TypeId::kDouble;
  }
  return LogicalType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
}

}  // namespace

std::optional<LogicalType> MapSqliteType(std::string_view declared_type) {
  std::string upper;
  for (char c : declared_type)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string name = upper.substr(0, upper.find('('));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name == "BOOL" || name == "BOOLEAN") return LogicalType(TypeId::kBoolean);
  if (name == "DATE") return LogicalType(TypeId::kDate);
  if (name == "DATETIME" || name.rfind("TIMESTAMP", 0) == 0) return LogicalType(TypeId::kTimestamp);
  // SQLite's affinity rules, in their order: INT, then CHAR/CLOB/TEXT, then BLOB, REAL/FLOA/DOUB.
  if (Contains(name, "INT")) return LogicalType(TypeId::kBigint);
  if (Contains(name, "CHAR") || Contains(name, "CLOB") || Contains(name, "TEXT") ||
      name == "JSON" || name == "UUID") {
    return LogicalType(TypeId::kVarchar);
  }
  if (Contains(name, "BLOB") || name.empty()) return std::nullopt;
  if (Contains(name, "REAL") || Contains(name, "FLOA") || Contains(name, "DOUB")) {
    return LogicalType(TypeId::kDouble);
  }
  if (name == "DECIMAL" || name == "NUMERIC") return MapDecimal(upper);
  return std::nullopt;
}

}  // namespace tarn::format::sqlite
