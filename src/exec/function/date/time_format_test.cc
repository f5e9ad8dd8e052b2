#include "exec/function/date/time_format.h"

#include <gtest/gtest.h>

#include "common/date_time.h"
#include "exec/function/date/interval.h"

namespace tarn::exec {
namespace {

std::string FormatWith(std::string_view format, TimeFormatDialect dialect, const char* timestamp) {
  std::string error;
  auto compiled = TimeFormat::Compile(format, dialect, error);
  EXPECT_TRUE(compiled.has_value()) << error;
  std::string out;
  compiled->Format(*ParseTimestamp(timestamp), out);
  return out;
}

std::optional<std::string> ParseWith(std::string_view format, TimeFormatDialect dialect,
                                     std::string_view text) {
  std::string error;
  auto compiled = TimeFormat::Compile(format, dialect, error);
  EXPECT_TRUE(compiled.has_value()) << error;
  int64_t micros;
  if (!compiled->Parse(text, micros)) return std::nullopt;
  return FormatTimestamp(micros);
}

constexpr auto kC = TimeFormatDialect::kStrftime;
constexpr auto kPg = TimeFormatDialect::kPostgres;

TEST(TimeFormatTest, StrftimeSpecifiers) {
  EXPECT_EQ(FormatWith("%Y-%m-%d %H:%M:%S.%f", kC, "2024-03-05 07:08:09.123456"),
            "2024-03-05 07:08:09.123456");
  EXPECT_EQ(FormatWith("%a %A %b %B %j %w %u %p %I %-d/%-m %y %%", kC, "2024-03-05 15:08:09"),
            "Tue Tuesday Mar March 065 2 2 PM 03 5/3 24 %");
  std::string error;
  EXPECT_FALSE(TimeFormat::Compile("%Q", kC, error).has_value());
  EXPECT_EQ(error, "unsupported format specifier '%Q'");
}

TEST(TimeFormatTest, PostgresPatterns) {
  EXPECT_EQ(FormatWith("YYYY-MM-DD HH24:MI:SS.MS", kPg, "2024-03-05 07:08:09.123456"),
            "2024-03-05 07:08:09.123");
  EXPECT_EQ(FormatWith("Day|FMDay|Mon|MONTH|FMmonth|HH12 AM|Q|DDD|D|\"YYYY\"", kPg,
                       "2024-12-31 00:30:00"),
            "Tuesday  |Tuesday|Dec|DECEMBER |december|12 AM|4|366|3|YYYY");
}

TEST(TimeFormatTest, ParsesAndRejects) {
  EXPECT_EQ(ParseWith("%Y-%m-%d %H:%M:%S.%f", kC, "2024-3-5 7:08:09.5"), "2024-03-05 07:08:09.5");
  EXPECT_EQ(ParseWith("%d/%b/%y %I %p", kC, "05/mar/69 12 am"), "1969-03-05 00:00:00");
  EXPECT_EQ(ParseWith("%y", kC, "68"), "2068-01-01 00:00:00");
  EXPECT_EQ(ParseWith("YYYY-MM-DD HH24:MI", kPg, "2024-03-05   14:30"), "2024-03-05 14:30:00");
  EXPECT_EQ(ParseWith("YY", kPg, "69"), "2069-01-01 00:00:00");
  EXPECT_EQ(ParseWith("Month DD YYYY", kPg, "DECEMBER 25 2023"), "2023-12-25 00:00:00");
  EXPECT_EQ(ParseWith("%Y-%m-%d", kC, "2024-02-30"), std::nullopt);
  EXPECT_EQ(ParseWith("%Y-%m-%d", kC, "2024-02-03 extra"), std::nullopt);
  EXPECT_EQ(ParseWith("%H:%M", kC, "24:00"), std::nullopt);
  EXPECT_EQ(ParseWith("%Y-%m-%d", kC, "2024/02/03"), std::nullopt);
}

TEST(IntervalTest, ParsesPostgresText) {
  auto check = [](const char* text, int32_t months, int32_t days, int64_t micros) {
    auto interval = ParseInterval(text);
    ASSERT_TRUE(interval.has_value()) << text;
    EXPECT_EQ(interval->months, months) << text;
    EXPECT_EQ(interval->days, days) << text;
    EXPECT_EQ(interval->micros, micros) << text;
  };
  check("1 day", 0, 1, 0);
  check("2 hours 30 minutes", 0, 0, 9000 * kMicrosPerSecond);
  check("1 year 2 months", 14, 0, 0);
  check("-3 days", 0, -3, 0);
  check("1 day 02:00:00", 0, 1, 7200 * kMicrosPerSecond);
  check("1.5 days", 0, 1, 43200 * kMicrosPerSecond);
  check("1.5 months", 1, 15, 0);
  check("2 weeks", 0, 14, 0);
  check("90 second", 0, 0, 90 * kMicrosPerSecond);
  EXPECT_FALSE(ParseInterval("").has_value());
  EXPECT_FALSE(ParseInterval("one day").has_value());
  EXPECT_FALSE(ParseInterval("1 fortnight").has_value());
}

TEST(IntervalTest, AddsMonthsThenDaysThenTime) {
  auto add = [](const char* timestamp, Interval interval) {
    int64_t out;
    EXPECT_TRUE(AddInterval(*ParseTimestamp(timestamp), interval, out));
    return FormatTimestamp(out);
  };
  EXPECT_EQ(add("2024-01-31 10:00:00", {1, 0, 0}), "2024-02-29 10:00:00");
  EXPECT_EQ(add("2024-03-31 00:00:00", {-1, 0, 0}), "2024-02-29 00:00:00");
  EXPECT_EQ(add("2023-12-31 23:00:00", {0, 1, 3600 * kMicrosPerSecond}), "2024-01-02 00:00:00");
  EXPECT_EQ(add("1969-12-31 12:00:00", {12, 0, 0}), "1970-12-31 12:00:00");
  int64_t out;
  EXPECT_FALSE(AddInterval(0, {2000000000, 0, 0}, out));
}

}  // namespace
}  // namespace tarn::exec
