// One SQL value of any type: constants in plans, query parameters, slow-path access in tests and
// printing. Never used per row on a hot path.
#pragma once

#include <cstdint>
#include <string>

#include "common/logical_type.h"

namespace tarn::exec {

class Value {
 public:
  Value() : type_(TypeId::kNull), is_null_(true) {}  // untyped NULL
  static Value Null(LogicalType type) {
    Value value;
    value.type_ = type;
    return value;
  }
  static Value Boolean(bool v) { return Value(TypeId::kBoolean, static_cast<int64_t>(v)); }
  static Value Integer(int32_t v) { return Value(TypeId::kInteger, v); }
  static Value Bigint(int64_t v) { return Value(TypeId::kBigint, v); }
  static Value Double(double v) {
    Value value(TypeId::kDouble, 0);
    value.double_ = v;
    return value;
  }
  // 'unscaled' = value * 10^scale.
  static Value Decimal(int64_t unscaled, uint8_t width, uint8_t scale) {
    return Value(LogicalType::Decimal(width, scale), unscaled);
  }
  static Value Varchar(std::string v) {
    Value value(TypeId::kVarchar, 0);
    value.string_ = std::move(v);
    return value;
  }
  static Value Date(int32_t days) { return Value(TypeId::kDate, days); }
  static Value Timestamp(int64_t micros) { return Value(TypeId::kTimestamp, micros); }

  const LogicalType& type() const { return type_; }
  bool is_null() const { return is_null_; }
  // Accessors for the physical representation (see logical_type.h). Only valid when !is_null().
  bool boolean() const { return integer_ != 0; }
  int64_t integer() const { return integer_; }  // INTEGER, BIGINT, DECIMAL unscaled, DATE, TIMESTAMP
  double double_value() const { return double_; }
  const std::string& string() const { return string_; }

  // The canonical text form: NULL as "NULL"; doubles in shortest round-trip form ("0.1", "1e+20",
  // "inf", "nan"); DECIMAL with exactly 'scale' digits; DATE "YYYY-MM-DD"; TIMESTAMP
  // "YYYY-MM-DD HH:MM:SS[.ffffff]"; BOOLEAN "true"/"false".
  std::string ToString() const;

  // Same type and same value (NULL equals NULL here; this is not SQL equality).
  bool operator==(const Value& other) const;

 private:
  Value(LogicalType type, int64_t v) : type_(type), is_null_(false), integer_(v) {}

  LogicalType type_;
  bool is_null_ = false;
  int64_t integer_ = 0;
  double double_ = 0;
  std::string string_;
};

// Shortest text that parses back to exactly 'value' ("0.1", "-1.5e-07", "inf", "-inf", "nan").
std::string FormatDouble(double value);
// "123.45" for unscaled 12345 with scale 2.
std::string FormatDecimal(int64_t unscaled, uint8_t scale);

}  // namespace tarn::exec
