#include "exec/operator/hash_join.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Call;
using testing::ColumnRef;
using testing::Constant;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

const std::vector<LogicalType> kProbeTypes = {TypeId::kInteger, TypeId::kVarchar};
const std::vector<LogicalType> kBuildTypes = {TypeId::kInteger, TypeId::kDouble};

PhysicalOperatorPtr Probe(size_t rows_per_chunk = kVectorSize) {
  return Source(kProbeTypes,
                {{Value::Integer(1), Value::Varchar("a")},
                 {Value::Integer(2), Value::Varchar("b")},
                 {Value::Null(TypeId::kInteger), Value::Varchar("n")},
                 {Value::Integer(3), Value::Varchar("c")},
                 {Value::Integer(2), Value::Varchar("b2")}},
                rows_per_chunk);
}

PhysicalOperatorPtr Build(bool with_null = true, size_t rows_per_chunk = kVectorSize) {
  std::vector<std::vector<Value>> rows = {{Value::Integer(2), Value::Double(20)},
                                          {Value::Integer(1), Value::Double(10)},
                                          {Value::Integer(2), Value::Double(21)}};
  if (with_null) rows.push_back({Value::Null(TypeId::kInteger), Value::Double(99)});
  rows.push_back({Value::Integer(4), Value::Double(40)});
  return Source(kBuildTypes, rows, rows_per_chunk);
}

PhysicalOperatorPtr Join(JoinType type, PhysicalOperatorPtr probe, PhysicalOperatorPtr build,
                         ExpressionPtr residual = nullptr) {
  std::vector<ExpressionPtr> probe_keys;
  probe_keys.push_back(ColumnRef(0, TypeId::kInteger));
  std::vector<ExpressionPtr> build_keys;
  build_keys.push_back(ColumnRef(0, TypeId::kInteger));
  return std::make_unique<HashJoin>(std::move(probe), std::move(build), type,
                                    std::move(probe_keys), std::move(build_keys),
                                    std::move(residual));
}

std::vector<std::string> RunJoin(JoinType type, size_t threads = 1, bool build_null = true) {
  auto plan = Join(type, Probe(), Build(build_null));
  TestRunner runner(threads);
  return Rows(runner.Run(*plan));
}

TEST(HashJoinTest, InnerMatchesInProbeThenBuildOrder) {
  EXPECT_THAT(RunJoin(JoinType::kInner),
              ElementsAre("1|a|1|10", "2|b|2|20", "2|b|2|21", "2|b2|2|20", "2|b2|2|21"));
}

TEST(HashJoinTest, LeftAddsUnmatchedProbeRowsWithNulls) {
  EXPECT_THAT(RunJoin(JoinType::kLeft),
              ElementsAre("1|a|1|10", "2|b|2|20", "2|b|2|21", "2|b2|2|20", "2|b2|2|21",
                          "NULL|n|NULL|NULL", "3|c|NULL|NULL"));
}

TEST(HashJoinTest, RightAndFullAddUnmatchedBuildRowsAtTheEnd) {
  EXPECT_THAT(RunJoin(JoinType::kRight),
              ElementsAre("1|a|1|10", "2|b|2|20", "2|b|2|21", "2|b2|2|20", "2|b2|2|21",
                          "NULL|NULL|NULL|99", "NULL|NULL|4|40"));
  EXPECT_THAT(RunJoin(JoinType::kFull, 2),
              ElementsAre("1|a|1|10", "2|b|2|20", "2|b|2|21", "2|b2|2|20", "2|b2|2|21",
                          "NULL|n|NULL|NULL", "3|c|NULL|NULL", "NULL|NULL|NULL|99",
                          "NULL|NULL|4|40"));
}

TEST(HashJoinTest, SemiAndAnti) {
  EXPECT_THAT(RunJoin(JoinType::kSemi), ElementsAre("1|a", "2|b", "2|b2"));
  EXPECT_THAT(RunJoin(JoinType::kAnti), ElementsAre("NULL|n", "3|c"));
}

TEST(HashJoinTest, MarkFollowsInSemantics) {
  // 3 IN (2, 1, 2, NULL, 4) is NULL; without the NULL it is false. NULL IN (...) is NULL.
  EXPECT_THAT(RunJoin(JoinType::kMark),
              ElementsAre("1|a|true", "2|b|true", "NULL|n|NULL", "3|c|NULL", "2|b2|true"));
  EXPECT_THAT(RunJoin(JoinType::kMark, 1, false),
              ElementsAre("1|a|true", "2|b|true", "NULL|n|NULL", "3|c|false", "2|b2|true"));
}

TEST(HashJoinTest, MarkAgainstEmptyBuildIsFalse) {
  auto plan = Join(JoinType::kMark, Probe(), Source(kBuildTypes, {}));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(*plan)),
              ElementsAre("1|a|false", "2|b|false", "NULL|n|false", "3|c|false", "2|b2|false"));
}

TEST(HashJoinTest, ResidualConditionFiltersPairs) {
  // probe.k = build.k AND build.x > 20.5 (column 3 of the concatenated row).
  auto residual = Call(">", ColumnRef(3, TypeId::kDouble), Constant(Value::Double(20.5)));
  auto plan = Join(JoinType::kInner, Probe(), Build(), std::move(residual));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(*plan)), ElementsAre("2|b|2|21", "2|b2|2|21"));

  auto anti_residual = Call(">", ColumnRef(3, TypeId::kDouble), Constant(Value::Double(20.5)));
  auto anti = Join(JoinType::kAnti, Probe(), Build(), std::move(anti_residual));
  EXPECT_THAT(Rows(runner.Run(*anti)), ElementsAre("1|a", "NULL|n", "3|c"));
}

TEST(HashJoinTest, EmptyBuildSide) {
  TestRunner runner(2);
  auto inner = Join(JoinType::kInner, Probe(), Source(kBuildTypes, {}));
  EXPECT_THAT(Rows(runner.Run(*inner)), IsEmpty());
  auto right = Join(JoinType::kRight, Probe(), Source(kBuildTypes, {}));
  EXPECT_THAT(Rows(runner.Run(*right)), IsEmpty());
  auto left = Join(JoinType::kLeft, Probe(), Source(kBuildTypes, {}));
  EXPECT_THAT(Rows(runner.Run(*left)),
              ElementsAre("1|a|NULL|NULL", "2|b|NULL|NULL", "NULL|n|NULL|NULL", "3|c|NULL|NULL",
                          "2|b2|NULL|NULL"));
}

TEST(HashJoinTest, ManyRowsAcrossThreadsKeepProbeOrder) {
  // probe k = 0..9999 in chunks of 1000; build k = 0..9999 step 2, twice. Each even key matches two
  // build rows in build order.
  std::vector<std::vector<Value>> probe_rows;
  for (int i = 0; i < 10000; ++i) probe_rows.push_back({Value::Integer(i), Value::Varchar("p")});
  std::vector<std::vector<Value>> build_rows;
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < 10000; i += 2) build_rows.push_back({Value::Integer(i), Value::Double(copy)});
  }
  for (size_t threads : {1, 2, 4}) {
    auto plan = Join(JoinType::kInner, Source(kProbeTypes, probe_rows, 1000),
                     Source(kBuildTypes, build_rows, 700));
    TestRunner runner(threads);
    auto rows = Rows(runner.Run(*plan));
    ASSERT_EQ(rows.size(), 10000u);
    EXPECT_EQ(rows[0], "0|p|0|0");
    EXPECT_EQ(rows[1], "0|p|0|1");
    EXPECT_EQ(rows[9999], "9998|p|9998|1");
  }
}

TEST(HashJoinTest, VarcharAndMultipleKeys) {
  std::vector<LogicalType> types = {TypeId::kVarchar, TypeId::kBigint};
  std::string long_key = "a key that is longer than twelve bytes";
  auto probe = Source(types, {{Value::Varchar(long_key), Value::Bigint(1)},
                              {Value::Varchar("short"), Value::Bigint(1)},
                              {Value::Varchar(long_key), Value::Bigint(2)}});
  auto build = Source(types, {{Value::Varchar(long_key), Value::Bigint(2)},
                              {Value::Varchar("short"), Value::Bigint(1)}});
  std::vector<ExpressionPtr> probe_keys;
  probe_keys.push_back(ColumnRef(0, TypeId::kVarchar));
  probe_keys.push_back(ColumnRef(1, TypeId::kBigint));
  std::vector<ExpressionPtr> build_keys;
  build_keys.push_back(ColumnRef(0, TypeId::kVarchar));
  build_keys.push_back(ColumnRef(1, TypeId::kBigint));
  HashJoin join(std::move(probe), std::move(build), JoinType::kInner, std::move(probe_keys),
                std::move(build_keys));
  TestRunner runner(1);
  EXPECT_THAT(Rows(runner.Run(join)),
              ElementsAre("short|1|short|1", long_key + "|2|" + long_key + "|2"));
}


TEST(HashJoinTest, ManyMatchesPerProbeRowSpanOutputBatches) {
  // 3000 build rows share one BIGINT key: each probe row has 3000 matches, more than one output
  // batch holds. Build payloads alternate a long string and NULL.
  std::vector<LogicalType> types = {TypeId::kBigint, TypeId::kVarchar};
  std::vector<std::vector<Value>> build_rows;
  for (int i = 0; i < 3000; ++i) {
    build_rows.push_back({Value::Bigint(-7), i % 2 ? Value::Null(TypeId::kVarchar)
                                                   : Value::Varchar("payload string " + std::to_string(i))});
  }
  build_rows.push_back({Value::Bigint(8), Value::Varchar("other")});
  auto probe = Source(types, {{Value::Bigint(-7), Value::Varchar("x")},
                              {Value::Bigint(9), Value::Varchar("none")},
                              {Value::Bigint(-7), Value::Varchar("y")}});
  std::vector<ExpressionPtr> probe_keys;
  probe_keys.push_back(ColumnRef(0, TypeId::kBigint));
  std::vector<ExpressionPtr> build_keys;
  build_keys.push_back(ColumnRef(0, TypeId::kBigint));
  HashJoin join(std::move(probe), Source(types, build_rows, 1000), JoinType::kInner,
                std::move(probe_keys), std::move(build_keys));
  TestRunner runner(2);
  auto rows = Rows(runner.Run(join));
  ASSERT_EQ(rows.size(), 6000u);
  EXPECT_EQ(rows[0], "-7|x|-7|payload string 0");
  EXPECT_EQ(rows[1], "-7|x|-7|NULL");
  EXPECT_EQ(rows[2048], "-7|x|-7|payload string 2048");
  EXPECT_EQ(rows[2999], "-7|x|-7|NULL");
  EXPECT_EQ(rows[3000], "-7|y|-7|payload string 0");
  EXPECT_EQ(rows[5998], "-7|y|-7|payload string 2998");
}

}  // namespace
}  // namespace tarn::exec
