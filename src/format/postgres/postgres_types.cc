#include "format/postgres/postgres_types.h"

namespace tarn::format::postgres {
namespace {

// numeric's typmod is ((precision << 16) | scale) + VARHDRSZ (4); the scale is an 11-bit signed
// field since PostgreSQL 15 (negative scales and scales above the precision are allowed there).
constexpr int32_t kVarHeaderSize = 4;

LogicalType MapNumeric(int32_t typmod) {
  if (typmod < kVarHeaderSize) return TypeId::kDouble;  // numeric without precision
  int32_t packed = typmod - kVarHeaderSize;
  int32_t precision = (packed >> 16) & 0xffff;
  int32_t scale = ((packed & 0x7ff) ^ 0x400) - 0x400;  // sign-extend 11 bits
  if (precision < 1 || precision > kMaxDecimalWidth || scale < 0 || scale > precision) {
    return TypeId::kDouble;
  }
  return LogicalType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
}

}  // namespace

std::optional<LogicalType> MapPostgresType(uint32_t oid, int32_t typmod) {
  switch (oid) {
    case kBoolOid:
      return LogicalType(TypeId::kBoolean);
    case kInt2Oid:
    case kInt4Oid:
      return LogicalType(TypeId::kInteger);
    case kInt8Oid:
      return LogicalType(TypeId::kBigint);
    case kFloat4Oid:
    case kFloat8Oid:
      return LogicalType(TypeId::kDouble);
    case kNumericOid:
      return MapNumeric(typmod);
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kJsonOid:
    case kJsonbOid:
    case kUuidOid:
      return LogicalType(TypeId::kVarchar);
    case kDateOid:
      return LogicalType(TypeId::kDate);
    case kTimestampOid:
    case kTimestamptzOid:
      return LogicalType(TypeId::kTimestamp);
    default:
      return std::nullopt;
  }
}

}  // namespace tarn::format::postgres
