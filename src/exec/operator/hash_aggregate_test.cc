#include "exec/operator/hash_aggregate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "common/error.h"
#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::Aggregate;
using testing::ColumnRef;
using testing::CountStar;
using testing::Rows;
using testing::Source;
using testing::SumDouble;
using testing::TestRunner;

std::vector<AggregateExpression> SumAndCount(size_t value_column) {
  std::vector<AggregateExpression> aggregates;
  std::vector<ExpressionPtr> args;
  args.push_back(ColumnRef(value_column, TypeId::kDouble));
  aggregates.push_back(Aggregate(SumDouble(), std::move(args)));
  aggregates.push_back(Aggregate(CountStar(), {}));
  return aggregates;
}

PhysicalOperatorPtr GroupBy(PhysicalOperatorPtr input, std::vector<ExpressionPtr> groups,
                            std::vector<AggregateExpression> aggregates) {
  return std::make_unique<HashAggregate>(std::move(input), std::move(groups),
                                         std::move(aggregates));
}

std::vector<ExpressionPtr> Keys(std::vector<std::pair<size_t, LogicalType>> columns) {
  std::vector<ExpressionPtr> keys;
  for (auto [index, type] : columns) keys.push_back(ColumnRef(index, type));
  return keys;
}

TEST(HashAggregateTest, GroupsIntegerKeysInFirstSeenOrder) {
  std::vector<LogicalType> types = {TypeId::kInteger, TypeId::kDouble};
  auto input = Source(types,
                      {{Value::Integer(1), Value::Double(1.5)},
                       {Value::Integer(2), Value::Double(2)},
                       {Value::Integer(1), Value::Double(2.5)},
                       {Value::Integer(3), Value::Double(4)},
                       {Value::Integer(2), Value::Null(TypeId::kDouble)},
                       {Value::Integer(1), Value::Double(1)}},
                      2);
  auto plan = GroupBy(std::move(input), Keys({{0, TypeId::kInteger}}), SumAndCount(1));
  for (size_t threads : {1, 2}) {
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("1|5|3", "2|2|2", "3|4|1"));
  }
}

TEST(HashAggregateTest, NullKeysFormOneGroup) {
  std::vector<LogicalType> types = {TypeId::kBigint, TypeId::kDouble};
  auto input = Source(types, {{Value::Null(TypeId::kBigint), Value::Double(1)},
                              {Value::Bigint(7), Value::Double(2)},
                              {Value::Null(TypeId::kBigint), Value::Double(3)}});
  auto plan = GroupBy(std::move(input), Keys({{0, TypeId::kBigint}}), SumAndCount(1));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("NULL|4|2", "7|2|1"));
}

TEST(HashAggregateTest, GroupsVarcharAndMultipleKeys) {
  std::vector<LogicalType> types = {TypeId::kVarchar, TypeId::kInteger, TypeId::kDouble};
  std::string long_a = "a rather long string that is not inlined";
  auto input = Source(types,
                      {{Value::Varchar(long_a), Value::Integer(1), Value::Double(1)},
                       {Value::Varchar("b"), Value::Integer(1), Value::Double(2)},
                       {Value::Varchar(long_a), Value::Integer(2), Value::Double(4)},
                       {Value::Varchar(long_a), Value::Integer(1), Value::Double(8)},
                       {Value::Null(TypeId::kVarchar), Value::Integer(1), Value::Double(16)},
                       {Value::Null(TypeId::kVarchar), Value::Integer(1), Value::Double(32)},
                       {Value::Varchar("b"), Value::Null(TypeId::kInteger), Value::Double(64)}},
                      3);
  auto plan = GroupBy(std::move(input), Keys({{0, TypeId::kVarchar}, {1, TypeId::kInteger}}),
                      SumAndCount(2));
  for (size_t threads : {1, 2}) {
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(*plan)),
                ElementsAre(long_a + "|1|9|2", "b|1|2|1", long_a + "|2|4|1", "NULL|1|48|2",
                            "b|NULL|64|1"));
  }
}

TEST(HashAggregateTest, UngroupedAggregateOfEmptyInputIsOneRow) {
  std::vector<LogicalType> types = {TypeId::kDouble};
  auto plan = GroupBy(Source(types, {}), {}, SumAndCount(0));
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("NULL|0"));
}

TEST(HashAggregateTest, GroupedAggregateOfEmptyInputIsEmpty) {
  std::vector<LogicalType> types = {TypeId::kInteger, TypeId::kDouble};
  auto plan = GroupBy(Source(types, {}), Keys({{0, TypeId::kInteger}}), SumAndCount(1));
  TestRunner runner(2);
  EXPECT_TRUE(Rows(runner.Run(*plan)).empty());
}

TEST(HashAggregateTest, DistinctHasNoAggregates) {
  std::vector<LogicalType> types = {TypeId::kDouble};
  auto input = Source(types, {{Value::Double(2)}, {Value::Double(-0.0)}, {Value::Double(0.0)},
                              {Value::Double(2)}, {Value::Null(TypeId::kDouble)}});
  auto plan = GroupBy(std::move(input), Keys({{0, TypeId::kDouble}}), {});
  EXPECT_EQ(plan->name(), "DISTINCT");
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("2", "0", "NULL"));
}

TEST(HashAggregateTest, ManyGroups) {
  // 300k rows over 100k groups: key = row % 100000, value = 1.
  constexpr int64_t kGroups = 100000;
  std::vector<LogicalType> types = {TypeId::kBigint, TypeId::kDouble};
  auto chunks = std::make_shared<std::vector<DataChunk>>();
  for (int64_t begin = 0; begin < 3 * kGroups; begin += kVectorSize) {
    DataChunk chunk(types);
    int64_t count = std::min<int64_t>(kVectorSize, 3 * kGroups - begin);
    for (int64_t i = 0; i < count; ++i) {
      chunk.column(0).data<int64_t>()[i] = (begin + i) % kGroups;
      chunk.column(1).data<double>()[i] = 1;
    }
    chunk.SetPhysicalSize(count);
    chunks->push_back(std::move(chunk));
  }
  auto plan = GroupBy(std::make_unique<ChunkSource>(types, chunks), Keys({{0, TypeId::kBigint}}),
                      SumAndCount(1));
  TestRunner runner(2);
  auto result = runner.Run(*plan);
  ASSERT_EQ(testing::RowCount(result), static_cast<size_t>(kGroups));
  int64_t expected_key = 0;
  for (const auto& chunk : result) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      ASSERT_EQ(chunk.column(0).data<int64_t>()[i], expected_key++);
      ASSERT_EQ(chunk.column(1).data<double>()[i], 3.0);
      ASSERT_EQ(chunk.column(2).data<int64_t>()[i], 3);
    }
  }
}

// Sums of random doubles depend on addition order; the result must be bit-identical for any thread
// count and any morsel completion order.
TEST(HashAggregateTest, DoublesAreBitIdenticalForAnyThreadCountAndMorselOrder) {
  std::vector<LogicalType> types = {TypeId::kInteger, TypeId::kDouble};
  auto chunks = std::make_shared<std::vector<DataChunk>>();
  std::mt19937_64 random(42);
  std::normal_distribution<double> normal;
  for (int c = 0; c < 200; ++c) {
    DataChunk chunk(types);
    for (size_t i = 0; i < 1000; ++i) {
      chunk.column(0).data<int32_t>()[i] = static_cast<int32_t>(random() % 37);
      chunk.column(1).data<double>()[i] = normal(random) * 1e6;
    }
    chunk.SetPhysicalSize(1000);
    chunks->push_back(std::move(chunk));
  }
  auto run = [&](size_t threads, uint64_t seed, bool grouped) {
    PhysicalOperatorPtr source =
        std::make_unique<testing::ShuffledSource>(types, chunks, seed);
    auto plan = GroupBy(std::move(source),
                        grouped ? Keys({{0, TypeId::kInteger}}) : std::vector<ExpressionPtr>{},
                        SumAndCount(1));
    TestRunner runner(threads);
    std::vector<uint64_t> bits;
    for (const auto& chunk : runner.Run(*plan)) {
      const Vector& sums = chunk.column(grouped ? 1 : 0);
      for (size_t i = 0; i < chunk.size(); ++i) {
        uint64_t value;
        std::memcpy(&value, &sums.data<double>()[i], 8);
        bits.push_back(value);
      }
    }
    return bits;
  };
  for (bool grouped : {true, false}) {
    auto expected = run(1, 0, grouped);
    ASSERT_FALSE(expected.empty());
    for (size_t threads : {2, 4}) {
      for (uint64_t seed : {1, 2, 3}) EXPECT_EQ(run(threads, seed, grouped), expected);
    }
  }
}

TEST(HashAggregateTest, MemoryLimitThrowsOutOfMemory) {
  std::vector<LogicalType> types = {TypeId::kBigint, TypeId::kDouble};
  auto chunks = std::make_shared<std::vector<DataChunk>>();
  for (int64_t c = 0; c < 200; ++c) {
    DataChunk chunk(types);
    for (size_t i = 0; i < kVectorSize; ++i) {
      chunk.column(0).data<int64_t>()[i] = c * kVectorSize + i;
      chunk.column(1).data<double>()[i] = 1;
    }
    chunk.SetPhysicalSize(kVectorSize);
    chunks->push_back(std::move(chunk));
  }
  auto plan = GroupBy(std::make_unique<ChunkSource>(types, chunks), Keys({{0, TypeId::kBigint}}),
                      SumAndCount(1));
  TestRunner runner(2, 4 << 20);
  try {
    runner.Run(*plan);
    FAIL() << "expected an out-of-memory error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfMemory);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("hash aggregate"));
  }
  EXPECT_EQ(runner.memory.used(), 0u);
}

}  // namespace
}  // namespace tarn::exec
