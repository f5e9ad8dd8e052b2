#include "exec/operator/limit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

PhysicalOperatorPtr Numbers(int64_t count, size_t rows_per_chunk) {
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < count; ++i) rows.push_back({Value::Bigint(i)});
  return Source({TypeId::kBigint}, rows, rows_per_chunk);
}

TEST(LimitTest, TakesRowsInMorselOrder) {
  for (size_t threads : {1, 2, 4}) {
    Limit limit(Numbers(100, 3), 4, 5);
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(limit)), ElementsAre("5", "6", "7", "8"));
  }
}

TEST(LimitTest, OffsetOnlyAndBeyondTheEnd) {
  TestRunner runner(2);
  Limit offset_only(Numbers(10, 4), UINT64_MAX, 7);
  EXPECT_THAT(Rows(runner.Run(offset_only)), ElementsAre("7", "8", "9"));
  Limit beyond(Numbers(10, 4), 5, 20);
  EXPECT_THAT(Rows(runner.Run(beyond)), IsEmpty());
  Limit zero(Numbers(10, 4), 0);
  EXPECT_THAT(Rows(runner.Run(zero)), IsEmpty());
}

TEST(LimitTest, LargeInputStopsEarlyWithTheSameRows) {
  for (size_t threads : {1, 2}) {
    Limit limit(Numbers(50000, 100), 3, 2048);
    TestRunner runner(threads);
    EXPECT_THAT(Rows(runner.Run(limit)), ElementsAre("2048", "2049", "2050"));
  }
}

}  // namespace
}  // namespace tarn::exec
