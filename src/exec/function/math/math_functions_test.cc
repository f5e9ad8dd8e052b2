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

Vector Doubles(std::vector<double> values) {
  std::vector<Value> list;
  for (double value : values) list.push_back(Value::Double(value));
  return MakeFlat(TypeId::kDouble, list);
}

TEST(MathFunctionsTest, AbsSignRounding) {
  Vector integers = MakeFlat(TypeId::kInteger, {Value::Integer(-3), Value::Integer(0),
                                                Value::Null(TypeId::kInteger)});
  EXPECT_THAT(Strings(CallScalar("abs", {&integers}, 3), 3), ElementsAre("3", "0", "NULL"));
  EXPECT_THAT(Strings(CallScalar("sign", {&integers}, 3), 3), ElementsAre("-1", "0", "NULL"));
  Vector minimum = MakeFlat(TypeId::kInteger, {Value::Integer(INT32_MIN)});
  EXPECT_THROW(CallScalar("abs", {&minimum}, 1), Error);
  Vector doubles = Doubles({2.5, -2.5, 1.45, -0.4});
  EXPECT_THAT(Strings(CallScalar("round", {&doubles}, 4), 4), ElementsAre("3", "-3", "1", "-0"));
  EXPECT_THAT(Strings(CallScalar("floor", {&doubles}, 4), 4), ElementsAre("2", "-3", "1", "-1"));
  EXPECT_THAT(Strings(CallScalar("ceil", {&doubles}, 4), 4), ElementsAre("3", "-2", "2", "-0"));
  Vector digits = MakeConstant(TypeId::kBigint, Value::Bigint(1));
  EXPECT_THAT(Strings(CallScalar("round", {&doubles, &digits}, 4), 4),
              ElementsAre("2.5", "-2.5", "1.5", "-0.4"));
  Vector decimals = MakeFlat(LogicalType::Decimal(6, 2),
                             {Value::Decimal(250, 6, 2), Value::Decimal(-251, 6, 2)});
  Vector rounded = CallScalar("round", {&decimals}, 2);
  EXPECT_EQ(rounded.type().scale(), 0);
  EXPECT_THAT(Strings(rounded, 2), ElementsAre("3", "-3"));
  EXPECT_THAT(Strings(CallScalar("floor", {&decimals}, 2), 2), ElementsAre("2", "-3"));
}

TEST(MathFunctionsTest, DomainErrors) {
  Vector negative = Doubles({4.0, -1.0});
  try {
    CallScalar("sqrt", {&negative}, 2);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "cannot take square root of a negative number");
  }
  Vector zero = Doubles({0.0});
  EXPECT_THROW(CallScalar("ln", {&zero}, 1), Error);
  Vector four = Doubles({4.0});
  EXPECT_THAT(Strings(CallScalar("sqrt", {&four}, 1), 1), ElementsAre("2"));
  Vector hundred = Doubles({100.0, 8.0});
  EXPECT_THAT(Strings(CallScalar("log10", {&hundred}, 2), 2), ElementsAre("2", "0.9030899869919435"));
  EXPECT_THAT(Strings(CallScalar("log2", {&hundred}, 2), 2),
              ElementsAre("6.643856189774724", "3"));
  Vector base = Doubles({2.0, -8.0});
  Vector exponent = Doubles({10.0, 0.5});
  EXPECT_THROW(CallScalar("power", {&base, &exponent}, 2), Error);
  EXPECT_THAT(Strings(CallScalar("power", {&base, &exponent}, 1), 1), ElementsAre("1024"));
  Vector pi = CallScalar("pi", {}, 3);
  EXPECT_TRUE(pi.IsConstant());
  EXPECT_THAT(Strings(pi, 1), ElementsAre("3.141592653589793"));
}

TEST(MathFunctionsTest, GreatestLeastCoalesceNullIf) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Null(TypeId::kInteger),
                                         Value::Null(TypeId::kInteger)});
  Vector b = MakeFlat(TypeId::kInteger, {Value::Integer(5), Value::Integer(2),
                                         Value::Null(TypeId::kInteger)});
  EXPECT_THAT(Strings(CallScalar("greatest", {&a, &b}, 3), 3), ElementsAre("5", "2", "NULL"));
  EXPECT_THAT(Strings(CallScalar("least", {&a, &b}, 3), 3), ElementsAre("1", "2", "NULL"));
  EXPECT_THAT(Strings(CallScalar("coalesce", {&a, &b}, 3), 3), ElementsAre("1", "2", "NULL"));
  Vector one = MakeConstant(TypeId::kInteger, Value::Integer(1));
  EXPECT_THAT(Strings(CallScalar("nullif", {&b, &one}, 3), 3), ElementsAre("5", "2", "NULL"));
  EXPECT_THAT(Strings(CallScalar("nullif", {&a, &one}, 3), 3), ElementsAre("NULL", "NULL", "NULL"));
  EXPECT_THAT(Strings(CallScalar("mod", {&b, &one}, 2), 2), ElementsAre("0", "0"));
}

}  // namespace
}  // namespace tarn::exec
