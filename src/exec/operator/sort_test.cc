#include "exec/operator/sort.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "exec/operator/operator_test_fixture.h"
#include "exec/operator/top_n.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::ColumnRef;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

const std::vector<LogicalType> kTypes = {TypeId::kInteger, TypeId::kVarchar, TypeId::kDouble};

PhysicalOperatorPtr Input(size_t rows_per_chunk = 2) {
  return Source(kTypes,
                {{Value::Integer(2), Value::Varchar("b"), Value::Double(1)},
                 {Value::Integer(1), Value::Varchar("z"), Value::Double(2)},
                 {Value::Null(TypeId::kInteger), Value::Varchar("n"), Value::Double(3)},
                 {Value::Integer(2), Value::Varchar("a"), Value::Double(4)},
                 {Value::Integer(1), Value::Varchar("z"), Value::Double(5)},
                 {Value::Integer(3), Value::Null(TypeId::kVarchar), Value::Double(6)}},
                rows_per_chunk);
}

SortKey Key(size_t column, LogicalType type, bool descending = false,
            NullOrder nulls = NullOrder::kDefault) {
  SortKey key;
  key.expression = ColumnRef(column, type);
  key.descending = descending;
  key.nulls = nulls;
  return key;
}

std::vector<std::string> RunSort(std::vector<SortKey> keys, size_t threads) {
  std::vector<SortKey> owned = std::move(keys);
  Sort sort(Input(), std::move(owned));
  TestRunner runner(threads);
  return Rows(runner.Run(sort));
}

TEST(SortTest, AscendingIsStableWithNullsLast) {
  for (size_t threads : {1, 2, 4}) {
    std::vector<SortKey> keys;
    keys.push_back(Key(0, TypeId::kInteger));
    EXPECT_THAT(RunSort(std::move(keys), threads),
                ElementsAre("1|z|2", "1|z|5", "2|b|1", "2|a|4", "3|NULL|6", "NULL|n|3"));
  }
}

TEST(SortTest, DescendingPutsNullsFirstByDefault) {
  std::vector<SortKey> keys;
  keys.push_back(Key(0, TypeId::kInteger, true));
  EXPECT_THAT(RunSort(std::move(keys), 2),
              ElementsAre("NULL|n|3", "3|NULL|6", "2|b|1", "2|a|4", "1|z|2", "1|z|5"));
}

TEST(SortTest, MultipleKeysWithExplicitNullOrder) {
  std::vector<SortKey> keys;
  keys.push_back(Key(1, TypeId::kVarchar, false, NullOrder::kFirst));
  keys.push_back(Key(2, TypeId::kDouble, true));
  EXPECT_THAT(RunSort(std::move(keys), 2),
              ElementsAre("3|NULL|6", "2|a|4", "2|b|1", "NULL|n|3", "1|z|5", "1|z|2"));
}

TEST(SortTest, DoublesOrderNanLast) {
  std::vector<LogicalType> types = {TypeId::kDouble};
  auto input = Source(types, {{Value::Double(NAN)},
                              {Value::Double(1)},
                              {Value::Double(-INFINITY)},
                              {Value::Double(INFINITY)},
                              {Value::Double(-0.5)}});
  std::vector<SortKey> keys;
  keys.push_back(Key(0, TypeId::kDouble));
  Sort sort(std::move(input), std::move(keys));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(sort)), ElementsAre("-inf", "-0.5", "1", "inf", "nan"));
}

TEST(SortTest, EmptyInput) {
  std::vector<SortKey> keys;
  keys.push_back(Key(0, TypeId::kInteger));
  Sort sort(Source(kTypes, {}), std::move(keys));
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(sort)), IsEmpty());
}

TEST(SortTest, LargeInputIsSortedAndStable) {
  // 20000 rows, key = i % 7 descending; ties must keep input order (value ascending).
  std::vector<LogicalType> types = {TypeId::kBigint, TypeId::kBigint};
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 20000; ++i) rows.push_back({Value::Bigint(i % 7), Value::Bigint(i)});
  for (size_t threads : {1, 2}) {
    std::vector<SortKey> keys;
    keys.push_back(Key(0, TypeId::kBigint, true));
    Sort sort(Source(types, rows, 1500), std::move(keys));
    TestRunner runner(threads);
    auto result = runner.Run(sort);
    ASSERT_EQ(testing::RowCount(result), 20000u);
    int64_t previous_key = 7;
    int64_t previous_value = -1;
    for (const auto& chunk : result) {
      for (size_t i = 0; i < chunk.size(); ++i) {
        int64_t key = chunk.column(0).data<int64_t>()[i];
        int64_t value = chunk.column(1).data<int64_t>()[i];
        ASSERT_LE(key, previous_key);
        if (key == previous_key) ASSERT_GT(value, previous_value);
        previous_key = key;
        previous_value = value;
      }
    }
  }
}

TEST(TopNTest, KeepsRowsFromOffset) {
  for (size_t threads : {1, 2}) {
    std::vector<SortKey> keys;
    keys.push_back(Key(2, TypeId::kDouble, true));
    TopN top(Input(1), std::move(keys), 2, 1);
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(top)), ElementsAre("1|z|5", "2|a|4"));
  }
}

TEST(TopNTest, TiesKeepInputOrder) {
  std::vector<SortKey> keys;
  keys.push_back(Key(0, TypeId::kInteger));
  TopN top(Input(1), std::move(keys), 3);
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(top)), ElementsAre("1|z|2", "1|z|5", "2|b|1"));
}

}  // namespace
}  // namespace tarn::exec
