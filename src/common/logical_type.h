// SQL types as the engine sees them, and how each is laid out in a vector.
// Physical layout: BOOLEAN uint8_t (0/1), INTEGER int32_t, BIGINT int64_t, DOUBLE double,
// DECIMAL(p<=18,s) int64_t holding value*10^s, VARCHAR StringRef, DATE int32_t days since
// 1970-01-01, TIMESTAMP int64_t microseconds since 1970-01-01 00:00:00 (no time zone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tarn {

enum class TypeId : uint8_t {
  kInvalid,
  kNull,  // the type of an untyped NULL literal; the binder casts it away
  kBoolean,
  kInteger,
  kBigint,
  kDouble,
  kDecimal,
  kVarchar,
  kDate,
  kTimestamp,
};

constexpr int kMaxDecimalWidth = 18;

class LogicalType {
 public:
  constexpr LogicalType() = default;
  constexpr LogicalType(TypeId id) : id_(id) {}  // NOLINT: implicit on purpose
  static constexpr LogicalType Decimal(uint8_t width, uint8_t scale) {
    LogicalType type(TypeId::kDecimal);
    type.width_ = width;
    type.scale_ = scale;
    return type;
  }

  TypeId id() const { return id_; }
  uint8_t width() const { return width_; }  // DECIMAL precision
  uint8_t scale() const { return scale_; }  // DECIMAL scale

  // Bytes one value occupies in a vector's data buffer.
  size_t PhysicalSize() const;
  bool IsNumeric() const;   // INTEGER, BIGINT, DOUBLE, DECIMAL
  bool IsIntegral() const;  // INTEGER, BIGINT
  bool IsTemporal() const;  // DATE, TIMESTAMP

  // "INTEGER", "DECIMAL(10,2)", ... as SQL spells it.
  std::string ToString() const;

  bool operator==(const LogicalType& other) const {
    return id_ == other.id_ && width_ == other.width_ && scale_ == other.scale_;
  }
  bool operator!=(const LogicalType& other) const { return !(*this == other); }

 private:
  TypeId id_ = TypeId::kInvalid;
  uint8_t width_ = 0;
  uint8_t scale_ = 0;
};

// Parses a SQL type name ("int", "INTEGER", "bigint", "double", "float8", "real", "decimal(10,2)",
// "numeric", "varchar", "text", "string", "date", "timestamp", "bool"...). Returns kInvalid if unknown.
LogicalType ParseLogicalType(std::string_view name);

// The narrowest type both 'a' and 'b' convert to without loss (used for widening while sniffing,
// UNION, CASE branches, comparisons). Returns kInvalid when there is none (e.g. DATE vs BOOLEAN).
// Any type and VARCHAR widen to VARCHAR only when 'allow_varchar' is true.
LogicalType CommonSuperType(LogicalType a, LogicalType b, bool allow_varchar = false);

}  // namespace tarn
