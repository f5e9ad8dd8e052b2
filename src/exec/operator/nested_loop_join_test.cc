#include "exec/operator/nested_loop_join.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::Call;
using testing::ColumnRef;
using testing::Rows;
using testing::Source;
using testing::TestRunner;

PhysicalOperatorPtr Left() {
  return Source({TypeId::kBigint}, {{Value::Bigint(1)}, {Value::Bigint(5)}, {Value::Null(TypeId::kBigint)}});
}
PhysicalOperatorPtr Right() {
  return Source({TypeId::kBigint}, {{Value::Bigint(3)}, {Value::Bigint(0)}, {Value::Bigint(4)}});
}

std::vector<std::string> RunJoin(JoinType type, bool less_than, size_t threads = 1) {
  ExpressionPtr condition;
  if (less_than) condition = Call("<", ColumnRef(0, TypeId::kBigint), ColumnRef(1, TypeId::kBigint));
  NestedLoopJoin join(Left(), Right(), type, std::move(condition));
  TestRunner runner(threads);
  return Rows(runner.Run(join));
}

TEST(NestedLoopJoinTest, CrossProduct) {
  EXPECT_THAT(RunJoin(JoinType::kInner, false),
              ElementsAre("1|3", "1|0", "1|4", "5|3", "5|0", "5|4", "NULL|3", "NULL|0", "NULL|4"));
}

TEST(NestedLoopJoinTest, InnerLeftRightFullOnInequality) {
  EXPECT_THAT(RunJoin(JoinType::kInner, true), ElementsAre("1|3", "1|4"));
  EXPECT_THAT(RunJoin(JoinType::kLeft, true), ElementsAre("1|3", "1|4", "5|NULL", "NULL|NULL"));
  EXPECT_THAT(RunJoin(JoinType::kRight, true, 2), ElementsAre("1|3", "1|4", "NULL|0"));
  EXPECT_THAT(RunJoin(JoinType::kFull, true),
              ElementsAre("1|3", "1|4", "5|NULL", "NULL|NULL", "NULL|0"));
}

TEST(NestedLoopJoinTest, SemiAndAnti) {
  EXPECT_THAT(RunJoin(JoinType::kSemi, true), ElementsAre("1"));
  EXPECT_THAT(RunJoin(JoinType::kAnti, true), ElementsAre("5", "NULL"));
}

TEST(NestedLoopJoinTest, MarkIsNotSupported) {
  EXPECT_THROW(NestedLoopJoin(Left(), Right(), JoinType::kMark), Error);
}

}  // namespace
}  // namespace tarn::exec
