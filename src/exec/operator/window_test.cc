#include "exec/operator/window.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::ColumnRef;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

const std::vector<LogicalType> kTypes = {TypeId::kInteger, TypeId::kDouble};

// (partition, value): partition 1 has a tie, NULL is its own partition.
PhysicalOperatorPtr Input(size_t rows_per_chunk = 2) {
  return Source(kTypes,
                {{Value::Integer(1), Value::Double(3)},
                 {Value::Integer(2), Value::Double(10)},
                 {Value::Integer(1), Value::Double(1)},
                 {Value::Null(TypeId::kInteger), Value::Double(7)},
                 {Value::Integer(1), Value::Double(3)},
                 {Value::Integer(2), Value::Double(20)}},
                rows_per_chunk);
}

SortKey Key(size_t column, LogicalType type, bool descending = false) {
  SortKey key;
  key.expression = ColumnRef(column, type);
  key.descending = descending;
  return key;
}

WindowExpression Function(WindowFunctionKind kind, std::vector<ExpressionPtr> arguments = {},
                          LogicalType type = TypeId::kBigint) {
  WindowExpression function;
  function.kind = kind;
  function.arguments = std::move(arguments);
  function.return_type = type;
  return function;
}

WindowExpression Aggregate(AggregateFunction aggregate, std::vector<ExpressionPtr> arguments,
                           WindowFrame frame = {}) {
  WindowExpression function;
  function.kind = WindowFunctionKind::kAggregate;
  function.name = aggregate.name;
  function.return_type = aggregate.return_type;
  function.aggregate = std::move(aggregate);
  function.arguments = std::move(arguments);
  function.frame = frame;
  return function;
}

std::vector<ExpressionPtr> Partition() {
  std::vector<ExpressionPtr> partitions;
  partitions.push_back(ColumnRef(0, TypeId::kInteger));
  return partitions;
}

std::vector<SortKey> OrderByValue(bool descending = false) {
  std::vector<SortKey> orders;
  orders.push_back(Key(1, TypeId::kDouble, descending));
  return orders;
}

std::vector<std::string> RunWindow(const Window& window, size_t threads = 2) {
  TestRunner runner(threads);
  return Rows(runner.Run(window));
}

TEST(WindowTest, RankingFunctionsPerPartitionWithTies) {
  std::vector<WindowExpression> functions;
  functions.push_back(Function(WindowFunctionKind::kRowNumber));
  functions.push_back(Function(WindowFunctionKind::kRank));
  functions.push_back(Function(WindowFunctionKind::kDenseRank));
  Window window(Input(), Partition(), OrderByValue(), std::move(functions));
  // Partitions come sorted by key (NULL last); ties keep input order.
  EXPECT_THAT(RunWindow(window), ElementsAre("1|1|1|1|1", "1|3|2|2|2", "1|3|3|2|2", "2|10|1|1|1",
                                       "2|20|2|2|2", "NULL|7|1|1|1"));
}

TEST(WindowTest, DefaultFrameIncludesPeersAndWholePartitionWithoutOrder) {
  std::vector<WindowExpression> running;
  std::vector<ExpressionPtr> arguments;
  arguments.push_back(ColumnRef(1, TypeId::kDouble));
  running.push_back(Aggregate(testing::SumDouble(), std::move(arguments)));
  running.push_back(Aggregate(testing::CountStar(), {}));
  Window window(Input(), Partition(), OrderByValue(), std::move(running));
  EXPECT_THAT(RunWindow(window), ElementsAre("1|1|1|1", "1|3|7|3", "1|3|7|3", "2|10|10|1", "2|20|30|2",
                                       "NULL|7|7|1"));

  std::vector<WindowExpression> whole;
  whole.push_back(Aggregate(testing::CountStar(), {}));
  Window unordered(Input(), Partition(), {}, std::move(whole));
  EXPECT_THAT(RunWindow(unordered),
              ElementsAre("1|3|3", "1|1|3", "1|3|3", "2|10|2", "2|20|2", "NULL|7|1"));
}

TEST(WindowTest, RowsFramesSlideAndStopAtPartitionEdges) {
  WindowFrame centered;
  centered.unit = WindowFrameUnit::kRows;
  centered.start = WindowBoundKind::kPreceding;
  centered.start_offset = 1;
  centered.end = WindowBoundKind::kFollowing;
  centered.end_offset = 1;
  WindowFrame rest;
  rest.unit = WindowFrameUnit::kRows;
  rest.start = WindowBoundKind::kFollowing;
  rest.start_offset = 1;
  rest.end = WindowBoundKind::kUnboundedFollowing;
  std::vector<WindowExpression> functions;
  std::vector<ExpressionPtr> first;
  first.push_back(ColumnRef(1, TypeId::kDouble));
  functions.push_back(Aggregate(testing::SumDouble(), std::move(first), centered));
  std::vector<ExpressionPtr> second;
  second.push_back(ColumnRef(1, TypeId::kDouble));
  functions.push_back(Aggregate(testing::SumDouble(), std::move(second), rest));
  Window window(Input(), Partition(), OrderByValue(), std::move(functions));
  EXPECT_THAT(RunWindow(window), ElementsAre("1|1|4|6", "1|3|7|3", "1|3|6|NULL", "2|10|30|20",
                                       "2|20|30|NULL", "NULL|7|7|NULL"));
}

TEST(WindowTest, LagLeadUseOffsetAndDefault) {
  std::vector<WindowExpression> functions;
  std::vector<ExpressionPtr> lag;
  lag.push_back(ColumnRef(1, TypeId::kDouble));
  functions.push_back(Function(WindowFunctionKind::kLag, std::move(lag), TypeId::kDouble));
  std::vector<ExpressionPtr> lead;
  lead.push_back(ColumnRef(1, TypeId::kDouble));
  lead.push_back(testing::Constant(Value::Bigint(2)));
  lead.push_back(testing::Constant(Value::Double(-1)));
  functions.push_back(Function(WindowFunctionKind::kLead, std::move(lead), TypeId::kDouble));
  Window window(Input(), {}, OrderByValue(), std::move(functions));
  EXPECT_THAT(RunWindow(window), ElementsAre("1|1|NULL|3", "1|3|1|7", "1|3|3|10", "NULL|7|3|20",
                                       "2|10|7|-1", "2|20|10|-1"));
}

TEST(WindowTest, NtileRejectsZeroBuckets) {
  std::vector<WindowExpression> functions;
  std::vector<ExpressionPtr> arguments;
  arguments.push_back(testing::Constant(Value::Bigint(0)));
  functions.push_back(Function(WindowFunctionKind::kNtile, std::move(arguments)));
  Window window(Input(), {}, OrderByValue(), std::move(functions));
  TestRunner runner(1);
  try {
    runner.Run(window);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  }
}

TEST(WindowTest, EmptyInput) {
  std::vector<WindowExpression> functions;
  functions.push_back(Function(WindowFunctionKind::kRowNumber));
  Window window(Source(kTypes, {}), Partition(), OrderByValue(), std::move(functions));
  EXPECT_THAT(RunWindow(window), IsEmpty());
}

TEST(WindowTest, MemoryLimitStopsTheQuery) {
  std::vector<std::vector<Value>> rows;
  for (int32_t i = 0; i < 20000; ++i) rows.push_back({Value::Integer(i % 10), Value::Double(i)});
  std::vector<WindowExpression> functions;
  functions.push_back(Function(WindowFunctionKind::kRowNumber));
  Window window(Source(kTypes, rows, 1000), Partition(), OrderByValue(), std::move(functions));
  TestRunner runner(2, 64 * 1024);
  try {
    runner.Run(window);
    FAIL() << "expected an out-of-memory error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfMemory);
  }
}

TEST(WindowTest, LargeInputIsTheSameForAnyThreadCount) {
  // 60000 rows in 30 morsels, 97 partitions spread over many buckets.
  std::vector<std::vector<Value>> rows;
  for (int32_t i = 0; i < 60000; ++i) {
    rows.push_back({Value::Integer((i * 7919) % 97), Value::Double((i * 31) % 1000 / 8.0)});
  }
  auto build = [&] {
    WindowFrame frame;
    frame.unit = WindowFrameUnit::kRows;
    frame.start = WindowBoundKind::kPreceding;
    frame.start_offset = 3;
    frame.end = WindowBoundKind::kCurrentRow;
    std::vector<WindowExpression> functions;
    functions.push_back(Function(WindowFunctionKind::kRowNumber));
    std::vector<ExpressionPtr> arguments;
    arguments.push_back(ColumnRef(1, TypeId::kDouble));
    functions.push_back(Aggregate(testing::SumDouble(), std::move(arguments), frame));
    return std::make_unique<Window>(Source(kTypes, rows, 2000), Partition(), OrderByValue(true),
                                    std::move(functions));
  };
  std::vector<std::string> one = RunWindow(*build(), 1);
  ASSERT_EQ(one.size(), 60000u);
  EXPECT_EQ(RunWindow(*build(), 2), one);
  EXPECT_EQ(RunWindow(*build(), 4), one);
  // Row numbers restart at 1 in each of the 97 partitions.
  size_t firsts = 0;
  for (const auto& row : one) {
    size_t bar = row.find('|', row.find('|') + 1);
    firsts += row.compare(bar + 1, 2, "1|") == 0;
  }
  EXPECT_EQ(firsts, 97u);
}

}  // namespace
}  // namespace tarn::exec
