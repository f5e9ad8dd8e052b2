#include "server/query/query_registry.h"

#include <gtest/gtest.h>

#include <thread>

#include "server/http/http_message.h"

namespace tarn::server {
namespace {

TEST(QueryRegistryTest, LimitsQueriesPerPrincipal) {
  QueryRegistry registry(/*max_per_principal=*/2, /*timeout_seconds=*/0);
  auto first = registry.Start("q1", "alice");
  auto second = registry.Start("q2", "alice");
  try {
    registry.Start("q3", "alice");
    FAIL() << "a third query was admitted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status, 429);
    EXPECT_EQ(error.code, "too_many_queries");
    EXPECT_GT(error.retry_after, 0);
  }
  auto other = registry.Start("q4", "bob");  // bob has his own allowance
  registry.Finish(*first);
  auto third = registry.Start("q3", "alice");
  EXPECT_EQ(registry.running(), 3u);
}

TEST(QueryRegistryTest, RefusesARunningId) {
  QueryRegistry registry(0, 0);
  auto first = registry.Start("q1", "alice");
  try {
    registry.Start("q1", "bob");
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status, 409);
  }
}

TEST(QueryRegistryTest, CancelsOnlyTheOwnersQuery) {
  QueryRegistry registry(0, 0);
  auto query = registry.Start("q1", "alice");
  EXPECT_FALSE(registry.Cancel("q1", "mallory"));
  EXPECT_FALSE(query->cancel.load());
  EXPECT_FALSE(registry.Cancel("nope", "alice"));
  EXPECT_TRUE(registry.Cancel("q1", "alice"));
  EXPECT_TRUE(query->cancel.load());
  EXPECT_FALSE(query->timed_out.load());
  registry.Finish(*query);
  EXPECT_FALSE(registry.Cancel("q1", "alice"));
}

TEST(QueryRegistryTest, WatchdogCancelsAtTheDeadline) {
  QueryRegistry registry(0, /*timeout_seconds=*/0.05);
  auto query = registry.Start("slow", "alice");
  for (int i = 0; i < 200 && !query->cancel.load(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(query->cancel.load());
  EXPECT_TRUE(query->timed_out.load());
}

}  // namespace
}  // namespace tarn::server
