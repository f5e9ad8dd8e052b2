#include "exec/pipeline/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/hash_join.h"
#include "exec/operator/limit.h"
#include "exec/operator/operator_test_fixture.h"
#include "exec/operator/sort.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ColumnRef;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

PhysicalOperatorPtr Numbers(int64_t count, size_t rows_per_chunk) {
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < count; ++i) rows.push_back({Value::Bigint(i)});
  return Source({TypeId::kBigint}, rows, rows_per_chunk);
}

// Calls 'action' from inside the pipeline when morsel 'at' is claimed, then behaves like a source
// of one BIGINT row per morsel.
class ActionSource : public PhysicalOperator {
 public:
  ActionSource(int64_t morsels, int64_t at, std::function<void(ExecutionContext&)> action)
      : PhysicalOperator(PhysicalOperatorType::kChunkSource, {TypeId::kBigint}, 0),
        morsels_(morsels),
        at_(at),
        action_(std::move(action)) {}
  std::string name() const override { return "ACTION_SOURCE"; }
  bool IsSource() const override { return true; }
  struct Global : GlobalSourceState {
    std::atomic<int64_t> next{0};
  };
  struct Local : LocalSourceState {
    int64_t morsel = 0;
    bool emitted = true;
  };
  std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(ExecutionContext&,
                                                             GlobalSinkState*) const override {
    return std::make_unique<Global>();
  }
  std::unique_ptr<LocalSourceState> CreateLocalSourceState(ExecutionContext&,
                                                           GlobalSourceState&) const override {
    return std::make_unique<Local>();
  }
  bool NextMorsel(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
                  int64_t& morsel) const override {
    int64_t claim = static_cast<Global&>(global).next.fetch_add(1);
    if (claim >= morsels_) return false;
    if (claim == at_) action_(context);
    auto& state = static_cast<Local&>(local);
    state.morsel = claim;
    state.emitted = false;
    morsel = claim;
    return true;
  }
  bool GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState& local,
               DataChunk& chunk) const override {
    auto& state = static_cast<Local&>(local);
    if (state.emitted) return false;
    state.emitted = true;
    chunk.Reset();
    chunk.column(0).data<int64_t>()[0] = state.morsel;
    chunk.SetPhysicalSize(1);
    return true;
  }

 private:
  int64_t morsels_;
  int64_t at_;
  std::function<void(ExecutionContext&)> action_;
};

PhysicalOperatorPtr JoinAggregateSortPlan() {
  std::vector<ExpressionPtr> probe_keys;
  probe_keys.push_back(ColumnRef(0, TypeId::kBigint));
  std::vector<ExpressionPtr> build_keys;
  build_keys.push_back(ColumnRef(0, TypeId::kBigint));
  auto join = std::make_unique<HashJoin>(Numbers(10, 3), Numbers(5, 2), JoinType::kInner,
                                         std::move(probe_keys), std::move(build_keys));
  std::vector<ExpressionPtr> groups;
  groups.push_back(ColumnRef(0, TypeId::kBigint));
  auto aggregate = std::make_unique<HashAggregate>(std::move(join), std::move(groups),
                                                   std::vector<AggregateExpression>{});
  std::vector<SortKey> keys;
  SortKey key;
  key.expression = ColumnRef(0, TypeId::kBigint);
  key.descending = true;
  keys.push_back(std::move(key));
  return std::make_unique<Sort>(std::move(aggregate), std::move(keys));
}

TEST(ExecutorTest, CutsPipelinesAtSinksInDependencyOrder) {
  auto plan = JoinAggregateSortPlan();
  EXPECT_EQ(Executor::DescribePipelines(*plan),
            "CHUNK_SOURCE -> HASH_JOIN\n"
            "CHUNK_SOURCE -> HASH_JOIN -> DISTINCT\n"
            "DISTINCT -> SORT\n"
            "SORT -> RESULT_COLLECTOR\n");
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("4", "3", "2", "1", "0"));
}

TEST(ExecutorTest, CollectsStatsPerOperator) {
  auto plan = JoinAggregateSortPlan();
  TestRunner runner(2);
  runner.context.collect_stats = true;
  Executor executor(runner.context);
  executor.Execute(*plan);
  const OperatorStats* join = executor.StatsOf(plan->child(0).child(0));
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->rows_out, 5u);
  EXPECT_THAT(executor.RenderProfile(*plan), HasSubstr("HASH_JOIN (rows=5"));
}

TEST(ExecutorTest, ReportsProgressAndFinishesAtOne) {
  auto plan = Numbers(100, 10);
  TestRunner runner(1);
  std::vector<double> fractions;
  runner.context.progress = [&](double fraction) { fractions.push_back(fraction); };
  runner.Run(*plan);
  ASSERT_FALSE(fractions.empty());
  EXPECT_EQ(fractions.back(), 1.0);
}

TEST(ExecutorTest, CancellationStopsTheQuery) {
  for (size_t threads : {1, 2}) {
    ActionSource source(100000, 10, [](ExecutionContext& context) { context.cancelled = true; });
    TestRunner runner(threads);
    try {
      runner.Run(source);
      FAIL() << "expected cancellation";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInterrupted);
    }
  }
}

TEST(ExecutorTest, WorkerErrorIsRethrown) {
  ActionSource source(1000, 500, [](ExecutionContext&) {
    throw Error(ErrorCode::kInvalidInput, "bad row").At({"x.csv", 3, 2});
  });
  TestRunner runner(2);
  try {
    runner.Run(source);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(std::string(error.what()), HasSubstr("x.csv:3:2"));
  }
}

TEST(ExecutorTest, ResultMemoryCountsAgainstTheLimit) {
  auto plan = Numbers(200000, 2048);
  TestRunner runner(1, 1 << 20);
  try {
    runner.Run(*plan);
    FAIL() << "expected out of memory";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfMemory);
    EXPECT_THAT(error.message(), HasSubstr("query result"));
  }
}

TEST(ExecutorTest, LimitAboveAnEndlessLookingSourceStopsEarly) {
  auto limited = std::make_unique<Limit>(
      std::make_unique<ActionSource>(1'000'000'000, -1, [](ExecutionContext&) {}), 3, 1);
  TestRunner runner(2);
  EXPECT_THAT(Rows(runner.Run(*limited)), ElementsAre("1", "2", "3"));
}

}  // namespace
}  // namespace tarn::exec
