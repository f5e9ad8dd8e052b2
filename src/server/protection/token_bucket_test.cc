#include "server/protection/token_bucket.h"

#include <gtest/gtest.h>

namespace tarn::server {
namespace {

TEST(TokenBucketTest, AllowsTheBurstThenRefusesWithTheWait) {
  TokenBucket bucket(/*rate=*/2, /*burst=*/3, /*now=*/100);
  EXPECT_EQ(bucket.TryTake(100), 0);
  EXPECT_EQ(bucket.TryTake(100), 0);
  EXPECT_EQ(bucket.TryTake(100), 0);
  // Empty: one token comes after 1 / rate = 0.5 s.
  EXPECT_DOUBLE_EQ(bucket.TryTake(100), 0.5);
  // 0.25 s later half a token is there: 0.25 s to go.
  EXPECT_DOUBLE_EQ(bucket.TryTake(100.25), 0.25);
  EXPECT_EQ(bucket.TryTake(100.5), 0);
  EXPECT_GT(bucket.TryTake(100.5), 0);
}

TEST(TokenBucketTest, RefillsNoMoreThanTheBurst) {
  TokenBucket bucket(10, 2, 0);
  EXPECT_EQ(bucket.TryTake(0), 0);
  EXPECT_EQ(bucket.TryTake(0), 0);
  EXPECT_GT(bucket.TryTake(0), 0);
  // An hour idle refills to the burst (2), not to 36000.
  EXPECT_EQ(bucket.TryTake(3600), 0);
  EXPECT_EQ(bucket.TryTake(3600), 0);
  EXPECT_GT(bucket.TryTake(3600), 0);
}

TEST(TokenBucketTest, ClockGoingBackwardsAddsNothing) {
  TokenBucket bucket(1, 1, 50);
  EXPECT_EQ(bucket.TryTake(50), 0);
  EXPECT_GT(bucket.TryTake(10), 0);
}

TEST(RateLimiterTest, KeepsOneBucketPerKey) {
  RateLimiter limiter(1, 2);
  EXPECT_EQ(limiter.Admit("ip:10.0.0.1", 0), 0);
  EXPECT_EQ(limiter.Admit("ip:10.0.0.1", 0), 0);
  EXPECT_DOUBLE_EQ(limiter.Admit("ip:10.0.0.1", 0), 1.0);
  EXPECT_EQ(limiter.Admit("ip:10.0.0.2", 0), 0);  // another address is not affected
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(RateLimiterTest, RateZeroDisablesLimiting) {
  RateLimiter limiter(0, 0);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.Admit("ip:x", 0), 0);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiterTest, DropsIdleBucketsWhenMany) {
  RateLimiter limiter(10, 10);
  for (int i = 0; i < 2000; ++i) limiter.Admit("ip:" + std::to_string(i), 0);
  EXPECT_EQ(limiter.size(), 2000u);
  // 5 s later every bucket is full again (10 tokens at 10/s takes 1 s): all are dropped but the
  // one just used.
  limiter.Admit("ip:new", 5);
  EXPECT_EQ(limiter.size(), 1u);
}

}  // namespace
}  // namespace tarn::server
