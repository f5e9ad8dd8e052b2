#include "format/postgres/postgres_types.h"

#include <gtest/gtest.h>

namespace tarn::format::postgres {
namespace {

// numeric(p,s)'s typmod as PostgreSQL stores it: ((p << 16) | s) + VARHDRSZ.
int32_t NumericTypmod(int32_t precision, int32_t scale) {
  return ((precision << 16) | (scale & 0x7ff)) + 4;
}

TEST(PostgresTypesTest, MapsIntegersFloatsAndText) {
  EXPECT_EQ(MapPostgresType(kInt2Oid, -1), LogicalType(TypeId::kInteger));
  EXPECT_EQ(MapPostgresType(kInt4Oid, -1), LogicalType(TypeId::kInteger));
  EXPECT_EQ(MapPostgresType(kInt8Oid, -1), LogicalType(TypeId::kBigint));
  EXPECT_EQ(MapPostgresType(kFloat4Oid, -1), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapPostgresType(kFloat8Oid, -1), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapPostgresType(kBoolOid, -1), LogicalType(TypeId::kBoolean));
  // varchar(20) and char(3) carry typmod n + 4; the length does not matter.
  EXPECT_EQ(MapPostgresType(kVarcharOid, 24), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapPostgresType(kBpcharOid, 7), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapPostgresType(kTextOid, -1), LogicalType(TypeId::kVarchar));
}

TEST(PostgresTypesTest, MapsJsonUuidAndTemporalTypes) {
  EXPECT_EQ(MapPostgresType(kJsonOid, -1), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapPostgresType(kJsonbOid, -1), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapPostgresType(kUuidOid, -1), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapPostgresType(kDateOid, -1), LogicalType(TypeId::kDate));
  EXPECT_EQ(MapPostgresType(kTimestampOid, -1), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(MapPostgresType(kTimestamptzOid, -1), LogicalType(TypeId::kTimestamp));
}

TEST(PostgresTypesTest, NumericIsDecimalUpTo18DigitsElseDouble) {
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(10, 2)), LogicalType::Decimal(10, 2));
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(18, 0)), LogicalType::Decimal(18, 0));
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(18, 18)), LogicalType::Decimal(18, 18));
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(19, 2)), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapPostgresType(kNumericOid, -1), LogicalType(TypeId::kDouble));  // no precision
  // PostgreSQL 15 allows negative scales (numeric(5,-2)) and scales above the precision.
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(5, -2)), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapPostgresType(kNumericOid, NumericTypmod(3, 5)), LogicalType(TypeId::kDouble));
}

TEST(PostgresTypesTest, RejectsUnsupportedTypes) {
  EXPECT_EQ(MapPostgresType(17, -1), std::nullopt);    // bytea
  EXPECT_EQ(MapPostgresType(1186, -1), std::nullopt);  // interval
  EXPECT_EQ(MapPostgresType(1083, -1), std::nullopt);  // time
  EXPECT_EQ(MapPostgresType(1007, -1), std::nullopt);  // int4[]
}

}  // namespace
}  // namespace tarn::format::postgres
