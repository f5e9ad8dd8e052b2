#include "exec/vector/value.h"

#include <charconv>
#include <cmath>

#include "common/date_time.h"

namespace tarn::exec {

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

std::string FormatDecimal(int64_t unscaled, uint8_t scale) {
  bool negative = unscaled < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(unscaled) : static_cast<uint64_t>(unscaled);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kBoolean: return integer_ != 0 ? "true" : "false";
    case TypeId::kInteger:
    case TypeId::kBigint: return std::to_string(integer_);
    case TypeId::kDouble: return FormatDouble(double_);
    case TypeId::kDecimal: return FormatDecimal(integer_, type_.scale());
    case TypeId::kVarchar: return string_;
    case TypeId::kDate: return FormatDate(static_cast<int32_t>(integer_));
    case TypeId::kTimestamp: return FormatTimestamp(integer_);
    case TypeId::kNull:
    case TypeId::kInvalid: return "NULL";
  }
  return "NULL";
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ || is_null_ != other.is_null_) return false;
  if (is_null_) return true;
  if (type_.id() == TypeId::kDouble) {
    return double_ == other.double_ || (std::isnan(double_) && std::isnan(other.double_));
  }
  if (type_.id() == TypeId::kVarchar) return string_ == other.string_;
  return integer_ == other.integer_;
}

}  // namespace tarn::exec
