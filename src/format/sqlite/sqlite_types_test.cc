#include "format/sqlite/sqlite_types.h"

#include <gtest/gtest.h>

namespace tarn::format::sqlite {
namespace {

TEST(SqliteTypesTest, MapsByDeclaredTypeName) {
  EXPECT_EQ(MapSqliteType("INTEGER"), LogicalType(TypeId::kBigint));
  EXPECT_EQ(MapSqliteType("int"), LogicalType(TypeId::kBigint));
  EXPECT_EQ(MapSqliteType("BIGINT"), LogicalType(TypeId::kBigint));
  EXPECT_EQ(MapSqliteType("unsigned big int"), LogicalType(TypeId::kBigint));
  EXPECT_EQ(MapSqliteType("VARCHAR(20)"), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapSqliteType("text"), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapSqliteType("NCHAR(55)"), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapSqliteType("CLOB"), LogicalType(TypeId::kVarchar));
  EXPECT_EQ(MapSqliteType("REAL"), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapSqliteType("double precision"), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapSqliteType("FLOAT"), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapSqliteType("boolean"), LogicalType(TypeId::kBoolean));
  EXPECT_EQ(MapSqliteType("DATE"), LogicalType(TypeId::kDate));
  EXPECT_EQ(MapSqliteType("DATETIME"), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(MapSqliteType("timestamp"), LogicalType(TypeId::kTimestamp));
}

TEST(SqliteTypesTest, DecimalUpTo18DigitsElseDouble) {
  EXPECT_EQ(MapSqliteType("DECIMAL(10,2)"), LogicalType::Decimal(10, 2));
  EXPECT_EQ(MapSqliteType("numeric(12, 4)"), LogicalType::Decimal(12, 4));
  EXPECT_EQ(MapSqliteType("NUMERIC(7)"), LogicalType::Decimal(7, 0));
  EXPECT_EQ(MapSqliteType("DECIMAL(30,2)"), LogicalType(TypeId::kDouble));
  EXPECT_EQ(MapSqliteType("NUMERIC"), LogicalType(TypeId::kDouble));
}

TEST(SqliteTypesTest, RejectsBlobsAndMissingTypes) {
  EXPECT_EQ(MapSqliteType("BLOB"), std::nullopt);
  EXPECT_EQ(MapSqliteType(""), std::nullopt);
  EXPECT_EQ(MapSqliteType("GEOMETRY"), std::nullopt);
}

}  // namespace
}  // namespace tarn::format::sqlite
