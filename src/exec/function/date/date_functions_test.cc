#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/date_time.h"
#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::CallScalar;
using testing::MakeConstant;
using testing::MakeFlat;
using testing::Strings;

Vector Field(const char* name) { return MakeConstant(TypeId::kVarchar, Value::Varchar(name)); }

TEST(DateFunctionsTest, ExtractFields) {
  // 2024-02-29 13:45:30.25 (a Thursday) and 2021-01-03 (a Sunday, ISO week 53 of 2020).
  Vector timestamps = MakeFlat(TypeId::kTimestamp,
                               {Value::Timestamp(*ParseTimestamp("2024-02-29 13:45:30.25")),
                                Value::Timestamp(*ParseTimestamp("2021-01-03 00:00:00"))});
  auto extract = [&](const char* name) {
    Vector field = Field(name);
    return Strings(CallScalar("date_part", {&field, &timestamps}, 2), 2);
  };
  EXPECT_THAT(extract("year"), ElementsAre("2024", "2021"));
  EXPECT_THAT(extract("MONTH"), ElementsAre("2", "1"));
  EXPECT_THAT(extract("day"), ElementsAre("29", "3"));
  EXPECT_THAT(extract("hour"), ElementsAre("13", "0"));
  EXPECT_THAT(extract("minute"), ElementsAre("45", "0"));
  EXPECT_THAT(extract("second"), ElementsAre("30", "0"));
  EXPECT_THAT(extract("millisecond"), ElementsAre("30250", "0"));
  EXPECT_THAT(extract("dow"), ElementsAre("4", "0"));
  EXPECT_THAT(extract("doy"), ElementsAre("60", "3"));
  EXPECT_THAT(extract("quarter"), ElementsAre("1", "1"));
  EXPECT_THAT(extract("week"), ElementsAre("9", "53"));
  EXPECT_THAT(extract("epoch"), ElementsAre("1709214330", "1609632000"));
  Vector bad = Field("fortnight");
  EXPECT_THROW(CallScalar("extract", {&bad, &timestamps}, 2), Error);
  Vector dates = MakeFlat(TypeId::kDate, {Value::Date(*ParseDate("1999-12-31"))});
  EXPECT_THAT(Strings(CallScalar("year", {&dates}, 1), 1), ElementsAre("1999"));
  EXPECT_THAT(Strings(CallScalar("month", {&dates}, 1), 1), ElementsAre("12"));
}

TEST(DateFunctionsTest, TruncAndArithmetic) {
  Vector timestamps = MakeFlat(TypeId::kTimestamp,
                               {Value::Timestamp(*ParseTimestamp("2024-05-15 13:45:30"))});
  auto trunc = [&](const char* name) {
    Vector field = Field(name);
    return Strings(CallScalar("date_trunc", {&field, &timestamps}, 1), 1)[0];
  };
  EXPECT_EQ(trunc("year"), "2024-01-01 00:00:00");
  EXPECT_EQ(trunc("quarter"), "2024-04-01 00:00:00");
  EXPECT_EQ(trunc("month"), "2024-05-01 00:00:00");
  EXPECT_EQ(trunc("week"), "2024-05-13 00:00:00");
  EXPECT_EQ(trunc("hour"), "2024-05-15 13:00:00");
  Vector dates = MakeFlat(TypeId::kDate, {Value::Date(*ParseDate("2024-02-28"))});
  Vector two = MakeConstant(TypeId::kInteger, Value::Integer(2));
  Vector later = CallScalar("+", {&dates, &two}, 1);
  EXPECT_THAT(Strings(later, 1), ElementsAre("2024-03-01"));
  EXPECT_THAT(Strings(CallScalar("-", {&later, &dates}, 1), 1), ElementsAre("2"));
  Vector month = Field("month");
  EXPECT_THAT(Strings(CallScalar("date_trunc", {&month, &dates}, 1), 1), ElementsAre("2024-02-01"));
}

}  // namespace
}  // namespace tarn::exec
