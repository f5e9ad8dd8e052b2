#include "catalog/schema_evolution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::catalog {
namespace {

TEST(SchemaEvolutionTest, WideningFollowsTheDocumentedLadder) {
  EXPECT_TRUE(IsWidening(TypeId::kInteger, TypeId::kBigint));
  EXPECT_TRUE(IsWidening(TypeId::kInteger, TypeId::kDouble));
  EXPECT_TRUE(IsWidening(TypeId::kBigint, TypeId::kDouble));
  EXPECT_TRUE(IsWidening(TypeId::kDate, TypeId::kDate));
  EXPECT_FALSE(IsWidening(TypeId::kBigint, TypeId::kInteger));
  EXPECT_FALSE(IsWidening(TypeId::kDouble, TypeId::kBigint));
  EXPECT_FALSE(IsWidening(TypeId::kInteger, TypeId::kVarchar));  // documented: no retype to text
  EXPECT_FALSE(IsWidening(TypeId::kDate, TypeId::kTimestamp));
  EXPECT_FALSE(IsWidening(TypeId::kVarchar, TypeId::kInteger));
  // DECIMAL(p,s) -> DECIMAL(p',s'): scale and integer digits may only grow.
  EXPECT_TRUE(IsWidening(LogicalType::Decimal(10, 2), LogicalType::Decimal(12, 2)));
  EXPECT_TRUE(IsWidening(LogicalType::Decimal(10, 2), LogicalType::Decimal(11, 3)));
  EXPECT_FALSE(IsWidening(LogicalType::Decimal(10, 2), LogicalType::Decimal(10, 3)));  // 8 -> 7
  EXPECT_FALSE(IsWidening(LogicalType::Decimal(10, 2), LogicalType::Decimal(12, 1)));
  EXPECT_TRUE(IsWidening(TypeId::kInteger, LogicalType::Decimal(12, 2)));
  EXPECT_FALSE(IsWidening(TypeId::kInteger, LogicalType::Decimal(11, 2)));
  EXPECT_FALSE(IsWidening(TypeId::kBigint, LogicalType::Decimal(18, 0)));
  EXPECT_FALSE(IsWidening(LogicalType::Decimal(10, 2), TypeId::kDouble));
}

ColumnDef Column(std::string name, LogicalType type, bool nullable = true) {
  ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  column.nullable = nullable;
  return column;
}

TEST(SchemaEvolutionTest, KeepsOrderAndMetadataOfExistingColumns) {
  std::vector<ColumnDef> current = {Column("a", TypeId::kInteger), Column("b", TypeId::kDate)};
  current[1].description = "when";
  auto evolved = EvolveSchema(current, {Column("C", TypeId::kVarchar), Column("B", TypeId::kDate),
                                        Column("A", TypeId::kBigint)});
  ASSERT_TRUE(evolved);
  ASSERT_EQ(evolved->size(), 3u);
  EXPECT_EQ((*evolved)[0].name, "a");
  EXPECT_EQ((*evolved)[0].type, LogicalType(TypeId::kBigint));
  EXPECT_EQ((*evolved)[1].description, "when");
  EXPECT_EQ((*evolved)[2].name, "c");
  EXPECT_FALSE(EvolveSchema(current, {Column("B", TypeId::kDate), Column("a", TypeId::kInteger)}));
}

TEST(SchemaEvolutionTest, NamesTheColumnAndBothTypesWhenNarrowing) {
  std::vector<ColumnDef> current = {Column("price", TypeId::kDouble)};
  try {
    EvolveSchema(current, {Column("price", TypeId::kInteger)});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("'price' from DOUBLE to INTEGER"));
  }
  EXPECT_THROW(EvolveSchema(current, {Column("price", TypeId::kDouble, false)}), Error);
  EXPECT_THROW(EvolveSchema(current, {}), Error);
}

}  // namespace
}  // namespace tarn::catalog
