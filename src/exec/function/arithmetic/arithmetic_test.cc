#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::CallScalar;
using testing::MakeConstant;
using testing::MakeFlat;
using testing::Strings;

ErrorCode CodeOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& error) {
    EXPECT_EQ(error.location().query_offset, 7);
    return error.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kInternal;
}

TEST(ArithmeticTest, AddsIntegersWithNulls) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Null(TypeId::kInteger),
                                         Value::Integer(-5)});
  Vector b = MakeFlat(TypeId::kInteger, {Value::Integer(2), Value::Integer(3), Value::Integer(5)});
  Vector result = CallScalar("+", {&a, &b}, 3);
  EXPECT_THAT(Strings(result, 3), ElementsAre("3", "NULL", "0"));
}

TEST(ArithmeticTest, ConstantConstantGivesConstant) {
  Vector a = MakeConstant(TypeId::kBigint, Value::Bigint(40));
  Vector b = MakeConstant(TypeId::kBigint, Value::Bigint(2));
  Vector result = CallScalar("+", {&a, &b}, 5);
  EXPECT_TRUE(result.IsConstant());
  EXPECT_EQ(result.GetValue(0).ToString(), "42");
}

TEST(ArithmeticTest, ConstantNullMakesEveryRowNull) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Integer(2)});
  Vector b = MakeConstant(TypeId::kInteger, Value::Null(TypeId::kInteger));
  Vector result = CallScalar("*", {&a, &b}, 2);
  EXPECT_THAT(Strings(result, 2), ElementsAre("NULL", "NULL"));
}

TEST(ArithmeticTest, IntegerOverflowThrows) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Integer(2147483647)});
  Vector b = MakeConstant(TypeId::kInteger, Value::Integer(1));
  EXPECT_EQ(CodeOf([&] { CallScalar("+", {&a, &b}, 2); }), ErrorCode::kOutOfRange);
  Vector c = MakeFlat(TypeId::kBigint, {Value::Bigint(INT64_MIN)});
  Vector d = MakeFlat(TypeId::kBigint, {Value::Bigint(-1)});
  EXPECT_EQ(CodeOf([&] { CallScalar("/", {&c, &d}, 1); }), ErrorCode::kOutOfRange);
  EXPECT_EQ(CodeOf([&] { CallScalar("-", {&c}, 1); }), ErrorCode::kOutOfRange);
}

TEST(ArithmeticTest, DivisionTruncatesAndRejectsZero) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(7), Value::Integer(-7)});
  Vector b = MakeConstant(TypeId::kInteger, Value::Integer(2));
  EXPECT_THAT(Strings(CallScalar("/", {&a, &b}, 2), 2), ElementsAre("3", "-3"));
  EXPECT_THAT(Strings(CallScalar("%", {&a, &b}, 2), 2), ElementsAre("1", "-1"));
  Vector zero = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Integer(0)});
  EXPECT_EQ(CodeOf([&] { CallScalar("/", {&a, &zero}, 2); }), ErrorCode::kDivisionByZero);
  Vector x = MakeFlat(TypeId::kDouble, {Value::Double(1.0)});
  Vector y = MakeFlat(TypeId::kDouble, {Value::Double(0.0)});
  EXPECT_EQ(CodeOf([&] { CallScalar("/", {&x, &y}, 1); }), ErrorCode::kDivisionByZero);
}

TEST(ArithmeticTest, DivisionByZeroOnNullRowIsNotAnError) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Null(TypeId::kInteger)});
  Vector b = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Integer(0)});
  // Row 1's left side is NULL; whatever its data holds, the division must not fail.
  EXPECT_THAT(Strings(CallScalar("/", {&a, &b}, 2), 2), ElementsAre("1", "NULL"));
  Vector c = MakeFlat(TypeId::kInteger, {Value::Integer(4), Value::Integer(5)});
  Vector d = MakeFlat(TypeId::kInteger, {Value::Integer(2), Value::Null(TypeId::kInteger)});
  EXPECT_THAT(Strings(CallScalar("/", {&c, &d}, 2), 2), ElementsAre("2", "NULL"));
}

TEST(ArithmeticTest, DecimalScalesAlign) {
  Vector a = MakeFlat(LogicalType::Decimal(10, 2), {Value::Decimal(150, 10, 2)});    // 1.50
  Vector b = MakeFlat(LogicalType::Decimal(10, 3), {Value::Decimal(2250, 10, 3)});   // 2.250
  Vector sum = CallScalar("+", {&a, &b}, 1);
  EXPECT_EQ(sum.type(), LogicalType::Decimal(12, 3));
  EXPECT_EQ(sum.GetValue(0).ToString(), "3.750");
  Vector product = CallScalar("*", {&a, &b}, 1);
  EXPECT_EQ(product.type().scale(), 5);
  EXPECT_EQ(product.GetValue(0).ToString(), "3.37500");
  Vector quotient = CallScalar("/", {&b, &a}, 1);
  EXPECT_EQ(quotient.type(), LogicalType(TypeId::kDouble));
  EXPECT_DOUBLE_EQ(quotient.GetValue(0).double_value(), 1.5);
  Vector difference = CallScalar("-", {&a, &b}, 1);
  EXPECT_EQ(difference.GetValue(0).ToString(), "-0.750");
}

TEST(ArithmeticTest, DoubleFollowsIeee) {
  Vector a = MakeFlat(TypeId::kDouble, {Value::Double(0.1), Value::Double(1e308)});
  Vector b = MakeFlat(TypeId::kDouble, {Value::Double(0.2), Value::Double(1e308)});
  EXPECT_THAT(Strings(CallScalar("+", {&a, &b}, 2), 2), ElementsAre("0.30000000000000004", "inf"));
}

}  // namespace
}  // namespace tarn::exec
