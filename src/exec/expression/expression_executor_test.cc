#include "exec/expression/expression_executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "exec/expression/expression_builder.h"
#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::Strings;

const FunctionRegistry& Registry() { return FunctionRegistry::BuiltIn(); }

ExpressionPtr Call(const std::string& name, ExpressionPtr a, ExpressionPtr b) {
  std::vector<ExpressionPtr> children;
  children.push_back(std::move(a));
  children.push_back(std::move(b));
  return MakeFunctionCall(Registry(), name, std::move(children), 11);
}

ExpressionPtr Int(int32_t value) { return MakeConstant(Value::Integer(value)); }
ExpressionPtr Null(LogicalType type) { return MakeConstant(Value::Null(type), type); }

// A chunk with INTEGER column x and BOOLEAN columns p, q.
DataChunk MakeChunk(const std::vector<Value>& x) {
  DataChunk chunk({TypeId::kInteger, TypeId::kBoolean, TypeId::kBoolean});
  for (size_t i = 0; i < x.size(); ++i) chunk.column(0).SetValue(i, x[i]);
  chunk.SetPhysicalSize(x.size());
  return chunk;
}

std::vector<std::string> Evaluate(const BoundExpression& expression, const DataChunk& chunk) {
  ExpressionExecutor executor({&expression});
  Vector result(expression.type);
  executor.Execute(0, chunk, result);
  return Strings(result, chunk.size());
}

TEST(ExpressionExecutorTest, CaseEvaluatesBranchesOnlyOnSelectedRows) {
  // CASE WHEN x <> 0 THEN 10 / x ELSE -1 END never divides by zero.
  DataChunk chunk = MakeChunk({Value::Integer(5), Value::Integer(0), Value::Null(TypeId::kInteger),
                               Value::Integer(-2)});
  std::vector<ExpressionPtr> children;
  children.push_back(Call("<>", MakeColumnRef(0, TypeId::kInteger), Int(0)));
  children.push_back(Call("/", Int(10), MakeColumnRef(0, TypeId::kInteger)));
  children.push_back(Int(-1));
  ExpressionPtr expression = MakeCase(std::move(children), TypeId::kInteger);
  EXPECT_THAT(Evaluate(*expression, chunk), ElementsAre("2", "-1", "-1", "-5"));
  // Without ELSE the unmatched rows are NULL.
  std::vector<ExpressionPtr> no_else;
  no_else.push_back(Call(">", MakeColumnRef(0, TypeId::kInteger), Int(0)));
  no_else.push_back(MakeColumnRef(0, TypeId::kInteger));
  ExpressionPtr partial = MakeCase(std::move(no_else), TypeId::kInteger);
  EXPECT_THAT(Evaluate(*partial, chunk), ElementsAre("5", "NULL", "NULL", "NULL"));
}

TEST(ExpressionExecutorTest, DivisionByZeroCarriesQueryOffset) {
  DataChunk chunk = MakeChunk({Value::Integer(1), Value::Integer(0)});
  ExpressionPtr expression = Call("/", Int(1), MakeColumnRef(0, TypeId::kInteger));
  try {
    Evaluate(*expression, chunk);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kDivisionByZero);
    EXPECT_EQ(error.location().query_offset, 11);
  }
}

TEST(ExpressionExecutorTest, ThreeValuedLogicTruthTables) {
  // All 9 combinations of p, q in {true, false, NULL}.
  DataChunk chunk = MakeChunk(std::vector<Value>(9, Value::Integer(0)));
  Value values[3] = {Value::Boolean(true), Value::Boolean(false), Value::Null(TypeId::kBoolean)};
  for (size_t i = 0; i < 9; ++i) {
    chunk.column(1).SetValue(i, values[i / 3]);
    chunk.column(2).SetValue(i, values[i % 3]);
  }
  auto pair = [] {
    std::vector<ExpressionPtr> children;
    children.push_back(MakeColumnRef(1, TypeId::kBoolean));
    children.push_back(MakeColumnRef(2, TypeId::kBoolean));
    return children;
  };
  ExpressionPtr conjunction = MakeBoolean(ExpressionKind::kAnd, pair());
  EXPECT_THAT(Evaluate(*conjunction, chunk), ElementsAre("true", "false", "NULL", "false", "false",
                                                    "false", "NULL", "false", "NULL"));
  ExpressionPtr disjunction = MakeBoolean(ExpressionKind::kOr, pair());
  EXPECT_THAT(Evaluate(*disjunction, chunk), ElementsAre("true", "true", "true", "true", "false",
                                                    "NULL", "true", "NULL", "NULL"));
  std::vector<ExpressionPtr> one;
  one.push_back(MakeColumnRef(1, TypeId::kBoolean));
  ExpressionPtr negation = MakeBoolean(ExpressionKind::kNot, std::move(one));
  EXPECT_THAT(Evaluate(*negation, chunk), ElementsAre("false", "false", "false", "true", "true",
                                                 "true", "NULL", "NULL", "NULL"));
  std::vector<ExpressionPtr> two;
  two.push_back(MakeColumnRef(2, TypeId::kBoolean));
  ExpressionPtr is_null = MakeBoolean(ExpressionKind::kIsNull, std::move(two));
  EXPECT_THAT(Evaluate(*is_null, chunk), ElementsAre("false", "false", "true", "false", "false",
                                                "true", "false", "false", "true"));
}

TEST(ExpressionExecutorTest, AndSkipsRowsAlreadyFalse) {
  // x <> 0 AND 10 / x > 1: the division only sees rows where x <> 0.
  DataChunk chunk = MakeChunk({Value::Integer(0), Value::Integer(5), Value::Integer(20)});
  std::vector<ExpressionPtr> children;
  children.push_back(Call("<>", MakeColumnRef(0, TypeId::kInteger), Int(0)));
  children.push_back(Call(">", Call("/", Int(10), MakeColumnRef(0, TypeId::kInteger)), Int(1)));
  ExpressionPtr expression = MakeBoolean(ExpressionKind::kAnd, std::move(children));
  EXPECT_THAT(Evaluate(*expression, chunk), ElementsAre("false", "true", "false"));
}

TEST(ExpressionExecutorTest, SelectHonoursInputSelection) {
  DataChunk chunk = MakeChunk({Value::Integer(1), Value::Integer(7), Value::Integer(3),
                               Value::Integer(9), Value::Null(TypeId::kInteger)});
  uint32_t live[] = {1, 2, 3, 4};
  chunk.SetSelection(live, 4);
  ExpressionPtr filter = Call(">", MakeColumnRef(0, TypeId::kInteger), Int(5));
  ExpressionExecutor executor({filter.get()});
  SelectionVector selection;
  size_t count = executor.Select(chunk, selection);
  ASSERT_EQ(count, 2u);
  EXPECT_EQ(selection[0], 1u);
  EXPECT_EQ(selection[1], 3u);
}

TEST(ExpressionExecutorTest, InListWithNulls) {
  DataChunk chunk = MakeChunk({Value::Integer(1), Value::Integer(2), Value::Null(TypeId::kInteger)});
  auto items = [](bool with_null) {
    std::vector<ExpressionPtr> list;
    list.push_back(Int(1));
    list.push_back(MakeConstant(Value::Bigint(3)));
    if (with_null) list.push_back(Null(TypeId::kNull));
    return list;
  };
  ExpressionPtr in = MakeInList(MakeColumnRef(0, TypeId::kInteger), items(false), false);
  EXPECT_THAT(Evaluate(*in, chunk), ElementsAre("true", "false", "NULL"));
  ExpressionPtr not_in_null = MakeInList(MakeColumnRef(0, TypeId::kInteger), items(true), true);
  EXPECT_THAT(Evaluate(*not_in_null, chunk), ElementsAre("false", "NULL", "NULL"));
}

TEST(ExpressionExecutorTest, MixedTypesAndConstants) {
  DataChunk chunk = MakeChunk({Value::Integer(3), Value::Integer(4)});
  // x * 1.5 (DOUBLE) + 1 (INTEGER literal cast to DOUBLE).
  ExpressionPtr expression =
      Call("+", Call("*", MakeColumnRef(0, TypeId::kInteger), MakeConstant(Value::Double(1.5))),
           Int(1));
  EXPECT_EQ(expression->type, LogicalType(TypeId::kDouble));
  EXPECT_THAT(Evaluate(*expression, chunk), ElementsAre("5.5", "7"));
  EXPECT_EQ(expression->ToString(), "((CAST(#0 AS DOUBLE) * 1.5) + CAST(1 AS DOUBLE))");
  EXPECT_FALSE(expression->IsFoldable());
  ExpressionPtr folded = Call("+", Int(1), Int(2));
  EXPECT_TRUE(folded->IsFoldable());
  ExpressionPtr copy = expression->Copy();
  EXPECT_EQ(copy->ToString(), expression->ToString());
}

TEST(ExpressionExecutorTest, TypeErrorsNameTheFunction) {
  try {
    Call("+", MakeConstant(Value::Varchar("a")), Int(1));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kTypeMismatch);
    EXPECT_EQ(error.message(), "no function matches +(VARCHAR, INTEGER)");
  }
}

}  // namespace
}  // namespace tarn::exec
