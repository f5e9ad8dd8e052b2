#include "cli/slt_result.h"

#include <gtest/gtest.h>

namespace tarn::cli {
namespace {

using exec::Value;

TEST(SltResultTest, ValueTextFollowsColumnType) {
  EXPECT_EQ(SltValueText(Value::Null(TypeId::kInteger), 'I'), "NULL");
  EXPECT_EQ(SltValueText(Value::Varchar(""), 'T'), "(empty)");
  EXPECT_EQ(SltValueText(Value::Varchar("abc"), 'T'), "abc");
  EXPECT_EQ(SltValueText(Value::Bigint(-42), 'I'), "-42");
  EXPECT_EQ(SltValueText(Value::Double(2.75), 'I'), "2");    // truncated toward zero
  EXPECT_EQ(SltValueText(Value::Double(-2.75), 'I'), "-2");
  EXPECT_EQ(SltValueText(Value::Decimal(-12345, 10, 2), 'I'), "-123");
  EXPECT_EQ(SltValueText(Value::Boolean(true), 'I'), "1");
  EXPECT_EQ(SltValueText(Value::Boolean(true), 'T'), "true");
  EXPECT_EQ(SltValueText(Value::Double(2.5), 'R'), "2.500");
  EXPECT_EQ(SltValueText(Value::Integer(3), 'R'), "3.000");
  EXPECT_EQ(SltValueText(Value::Decimal(12345, 10, 2), 'R'), "123.450");
  EXPECT_EQ(SltValueText(Value::Double(0.1), 'T'), "0.1");
}

TEST(SltResultTest, HashIsMd5OfValuesEachEndingInNewline) {
  EXPECT_EQ(SltHash({"1", "2"}), "6ddb4095eb719e2a9f0a3f95677d24e0");  // printf '1\n2\n' | md5sum
}

SltActualResult Actual(std::vector<std::vector<std::string>> typed,
                       std::vector<std::vector<std::string>> canonical = {}) {
  SltActualResult actual;
  actual.column_count = typed.empty() ? 0 : typed[0].size();
  actual.canonical = canonical.empty() ? typed : std::move(canonical);
  actual.typed = std::move(typed);
  return actual;
}

SltRecord Query(std::string types, std::vector<std::string> expected,
                SltSortMode sort = SltSortMode::kNoSort) {
  SltRecord record;
  record.kind = SltRecordKind::kQuery;
  record.column_types = std::move(types);
  record.expected = std::move(expected);
  record.sort_mode = sort;
  return record;
}

TEST(SltResultTest, AcceptsRowPerLineAndValuePerLine) {
  auto actual = Actual({{"1", "2"}, {"3", "4"}});
  EXPECT_EQ(CompareQueryResult(Query("II", {"1\t2", "3\t4"}), actual, 0), std::nullopt);
  EXPECT_EQ(CompareQueryResult(Query("II", {"1", "2", "3", "4"}), actual, 0), std::nullopt);
  EXPECT_NE(CompareQueryResult(Query("II", {"1\t2", "4\t3"}), actual, 0), std::nullopt);
  EXPECT_NE(CompareQueryResult(Query("II", {"1\t2"}), actual, 0), std::nullopt);
}

TEST(SltResultTest, RowSortAndValueSortSortBothSides) {
  auto actual = Actual({{"3", "x"}, {"1", "y"}});
  EXPECT_EQ(CompareQueryResult(Query("IT", {"1\ty", "3\tx"}, SltSortMode::kRowSort), actual, 0), std::nullopt);
  EXPECT_EQ(CompareQueryResult(Query("IT", {"3\tx", "1\ty"}, SltSortMode::kRowSort), actual, 0), std::nullopt);
  EXPECT_NE(CompareQueryResult(Query("IT", {"3\tx", "1\ty"}), Actual({{"1", "y"}, {"3", "x"}}), 0),
            std::nullopt);
  EXPECT_EQ(CompareQueryResult(Query("IT", {"1", "3", "x", "y"}, SltSortMode::kValueSort), actual, 0),
            std::nullopt);
}

TEST(SltResultTest, ComparesHashes) {
  auto actual = Actual({{"2"}, {"1"}});
  EXPECT_EQ(CompareQueryResult(Query("I", {"2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0"},
                                     SltSortMode::kRowSort),
                               actual, 1),
            std::nullopt);
  auto mismatch = CompareQueryResult(Query("I", {"2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0"}), actual, 1);
  ASSERT_NE(mismatch, std::nullopt);
  EXPECT_NE(mismatch->find("wrong result hash"), std::string::npos);
}

TEST(SltResultTest, CanonicalTextAlsoMatches) {
  auto actual = Actual({{"2"}}, {{"2.5"}});
  EXPECT_EQ(CompareQueryResult(Query("I", {"2"}), actual, 0), std::nullopt);
  EXPECT_EQ(CompareQueryResult(Query("I", {"2.5"}), actual, 0), std::nullopt);
  EXPECT_NE(CompareQueryResult(Query("I", {"3"}), actual, 0), std::nullopt);
}

TEST(SltResultTest, WrongColumnCountFails) {
  auto mismatch = CompareQueryResult(Query("III", {"1\t2"}), Actual({{"1", "2"}}), 0);
  ASSERT_NE(mismatch, std::nullopt);
  EXPECT_NE(mismatch->find("wrong column count: expected 3, got 2"), std::string::npos);
}

}  // namespace
}  // namespace tarn::cli
