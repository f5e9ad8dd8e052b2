#include "catalog/retention.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::catalog {
namespace {

TEST(RetentionTest, ParsesWholeNumbersWithAUnit) {
  EXPECT_EQ(ParseRetention("7d"), std::chrono::hours(168));
  EXPECT_EQ(ParseRetention("12h"), std::chrono::hours(12));
  EXPECT_EQ(ParseRetention("30m"), std::chrono::minutes(30));
  EXPECT_EQ(ParseRetention("90s"), std::chrono::seconds(90));
  EXPECT_EQ(ParseRetention("0"), std::chrono::seconds(0));
  EXPECT_EQ(ParseRetention("0d"), std::chrono::seconds(0));
  for (const char* bad : {"", "d", "7", "7 days", "-1d", "1.5h", "7w", "1234567890d"}) {
    EXPECT_THROW(ParseRetention(bad), Error) << bad;
  }
}

}  // namespace
}  // namespace tarn::catalog
