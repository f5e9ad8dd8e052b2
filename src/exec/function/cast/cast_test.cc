#include "exec/function/cast/cast.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::MakeConstant;
using testing::MakeFlat;
using testing::Strings;

Vector Cast(const Vector& source, LogicalType target, size_t count, bool try_cast = false) {
  Vector result(target);
  CastVector(source, result, count, try_cast, 3);
  return result;
}

TEST(CastTest, VarcharToIntegerAndFailures) {
  Vector source = MakeFlat(TypeId::kVarchar, {Value::Varchar("12"), Value::Varchar(" -7 "),
                                              Value::Null(TypeId::kVarchar)});
  EXPECT_THAT(Strings(Cast(source, TypeId::kInteger, 3), 3), ElementsAre("12", "-7", "NULL"));
  Vector bad = MakeFlat(TypeId::kVarchar, {Value::Varchar("1"), Value::Varchar("abc")});
  try {
    Cast(bad, TypeId::kInteger, 2);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidCast);
    EXPECT_EQ(error.message(), "could not convert string 'abc' to INTEGER");
    EXPECT_EQ(error.location().query_offset, 3);
  }
  EXPECT_THAT(Strings(Cast(bad, TypeId::kInteger, 2, true), 2), ElementsAre("1", "NULL"));
}

TEST(CastTest, DoubleRoundTripsThroughVarchar) {
  std::vector<Value> values = {Value::Double(-0.12345678901234567), Value::Double(0.1),
                               Value::Double(1e300), Value::Double(5e-324)};
  Vector source = MakeFlat(TypeId::kDouble, values);
  Vector text = Cast(source, TypeId::kVarchar, 4);
  EXPECT_EQ(text.GetValue(1).string(), "0.1");
  Vector back = Cast(text, TypeId::kDouble, 4);
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(back.GetValue(i).double_value(), values[i].double_value());
  }
}

TEST(CastTest, DoubleToIntegerRoundsTiesToEven) {
  Vector source = MakeFlat(TypeId::kDouble, {Value::Double(2.5), Value::Double(-2.5),
                                             Value::Double(2.4999), Value::Double(3.5)});
  EXPECT_THAT(Strings(Cast(source, TypeId::kInteger, 4), 4), ElementsAre("2", "-2", "2", "4"));
  Vector nan = MakeFlat(TypeId::kDouble, {Value::Double(std::nan(""))});
  EXPECT_THROW(Cast(nan, TypeId::kBigint, 1), Error);
  Vector huge = MakeFlat(TypeId::kDouble, {Value::Double(3e9)});
  try {
    Cast(huge, TypeId::kInteger, 1);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
  }
}

TEST(CastTest, IntegerOverflowAndDecimal) {
  Vector big = MakeFlat(TypeId::kBigint, {Value::Bigint(3000000000)});
  EXPECT_THROW(Cast(big, TypeId::kInteger, 1), Error);
  Vector small = MakeFlat(TypeId::kInteger, {Value::Integer(12)});
  EXPECT_EQ(Cast(small, LogicalType::Decimal(5, 2), 1).GetValue(0).ToString(), "12.00");
  EXPECT_THROW(Cast(small, LogicalType::Decimal(3, 2), 1), Error);
  Vector decimal = MakeFlat(LogicalType::Decimal(6, 3), {Value::Decimal(-1500, 6, 3)});
  EXPECT_EQ(Cast(decimal, TypeId::kInteger, 1).GetValue(0).ToString(), "-2");
  EXPECT_EQ(Cast(decimal, LogicalType::Decimal(4, 1), 1).GetValue(0).ToString(), "-1.5");
  EXPECT_EQ(Cast(decimal, TypeId::kVarchar, 1).GetValue(0).ToString(), "-1.500");
  Vector half = MakeFlat(TypeId::kDouble, {Value::Double(0.285)});
  EXPECT_EQ(Cast(half, LogicalType::Decimal(4, 2), 1).GetValue(0).ToString(), "0.29");
}

TEST(CastTest, TemporalAndBoolean) {
  Vector text = MakeFlat(TypeId::kVarchar, {Value::Varchar("2024-02-29"), Value::Varchar("x")});
  Vector date = Cast(text, TypeId::kDate, 2, true);
  EXPECT_THAT(Strings(date, 2), ElementsAre("2024-02-29", "NULL"));
  Vector timestamp = Cast(date, TypeId::kTimestamp, 1);
  EXPECT_EQ(timestamp.GetValue(0).ToString(), "2024-02-29 00:00:00");
  Vector flags = MakeFlat(TypeId::kVarchar, {Value::Varchar("true"), Value::Varchar("f")});
  Vector booleans = Cast(flags, TypeId::kBoolean, 2);
  EXPECT_THAT(Strings(Cast(booleans, TypeId::kInteger, 2), 2), ElementsAre("1", "0"));
  EXPECT_THAT(Strings(Cast(booleans, TypeId::kVarchar, 2), 2), ElementsAre("true", "false"));
}

TEST(CastTest, ConstantStaysConstant) {
  Vector source = MakeConstant(TypeId::kInteger, Value::Integer(5));
  Vector result = Cast(source, TypeId::kDouble, 100);
  EXPECT_TRUE(result.IsConstant());
  EXPECT_EQ(result.GetValue(50).double_value(), 5.0);
}

TEST(CastTest, ImplicitRules) {
  EXPECT_TRUE(CanImplicitCast(TypeId::kInteger, TypeId::kBigint));
  EXPECT_TRUE(CanImplicitCast(TypeId::kInteger, TypeId::kDouble));
  EXPECT_TRUE(CanImplicitCast(TypeId::kDate, TypeId::kTimestamp));
  EXPECT_TRUE(CanImplicitCast(TypeId::kNull, TypeId::kVarchar));
  EXPECT_FALSE(CanImplicitCast(TypeId::kDouble, TypeId::kInteger));
  EXPECT_FALSE(CanImplicitCast(TypeId::kBigint, TypeId::kInteger));
  EXPECT_FALSE(CanImplicitCast(TypeId::kTimestamp, TypeId::kDate));
  EXPECT_TRUE(CanCast(TypeId::kTimestamp, TypeId::kDate));
  EXPECT_FALSE(CanCast(TypeId::kDate, TypeId::kInteger));
}

}  // namespace
}  // namespace tarn::exec
