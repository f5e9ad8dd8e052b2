#include "server/jobs/job_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace tarn::server {
namespace {

TEST(JobRegistryTest, RunsAJobAndReportsItsResult) {
  JobRegistry registry(1);
  std::string id = registry.Submit("ingest", "alice", "main.t", [](JobProgress& progress) {
    progress.rows = 42;
    progress.fraction = 0.5;
    return std::string(R"({"rows": 42})");
  });
  registry.WaitIdle();
  auto status = registry.Get(id);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->state, JobState::kSucceeded);
  EXPECT_EQ(status->rows, 42u);
  EXPECT_DOUBLE_EQ(status->fraction, 1.0);
  EXPECT_EQ(status->result, R"({"rows": 42})");
  EXPECT_EQ(status->kind, "ingest");
  EXPECT_EQ(status->target, "main.t");
  EXPECT_GT(status->finished_unix_micros, 0);
  EXPECT_EQ(JobStateName(status->state), "succeeded");
}

TEST(JobRegistryTest, AFailingJobKeepsItsMessage) {
  JobRegistry registry(1);
  std::string id = registry.Submit("crawl", "alice", "/data", [](JobProgress&) -> std::string {
    throw std::runtime_error("cannot read /data");
  });
  registry.WaitIdle();
  auto status = registry.Get(id);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->state, JobState::kFailed);
  EXPECT_EQ(status->error, "cannot read /data");
}

TEST(JobRegistryTest, OwnersSeeOnlyTheirJobs) {
  JobRegistry registry(1);
  std::string a = registry.Submit("ingest", "alice", "main.a", [](JobProgress&) { return ""; });
  std::string b = registry.Submit("ingest", "bob", "main.b", [](JobProgress&) { return ""; });
  registry.WaitIdle();
  EXPECT_TRUE(registry.Get(a, "alice").has_value());
  EXPECT_FALSE(registry.Get(a, "bob").has_value());
  EXPECT_EQ(registry.List("bob").size(), 1u);
  EXPECT_EQ(registry.List("bob")[0].id, b);
  EXPECT_EQ(registry.List().size(), 2u);
  EXPECT_EQ(registry.Cancel(a, "bob"), CancelOutcome::kNotFound);
  EXPECT_EQ(registry.Cancel("job_unknown"), CancelOutcome::kNotFound);
}

TEST(JobRegistryTest, CancelsQueuedJobsButNotRunningOnes) {
  JobRegistry registry(1);
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  std::string blocker = registry.Submit("ingest", "alice", "main.a", [&](JobProgress&) {
    started = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::string();
  });
  std::atomic<bool> second_ran{false};
  std::string queued = registry.Submit("ingest", "alice", "main.b", [&](JobProgress&) {
    second_ran = true;
    return std::string();
  });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(registry.Get(blocker)->state, JobState::kRunning);
  EXPECT_EQ(registry.Get(queued)->state, JobState::kQueued);
  EXPECT_EQ(registry.Cancel(blocker), CancelOutcome::kRunning);
  EXPECT_EQ(registry.Cancel(queued), CancelOutcome::kCancelled);
  EXPECT_EQ(registry.Cancel(queued), CancelOutcome::kFinished);
  release = true;
  registry.WaitIdle();
  EXPECT_FALSE(second_ran.load());
  EXPECT_EQ(registry.Get(queued)->state, JobState::kCancelled);
  EXPECT_EQ(registry.Get(blocker)->state, JobState::kSucceeded);
}

TEST(JobRegistryTest, ForgetsTheOldestFinishedJobs) {
  JobRegistry registry(1, 2);
  std::string first = registry.Submit("ingest", "a", "t", [](JobProgress&) { return ""; });
  registry.WaitIdle();
  registry.Submit("ingest", "a", "t", [](JobProgress&) { return ""; });
  registry.Submit("ingest", "a", "t", [](JobProgress&) { return ""; });
  registry.WaitIdle();
  EXPECT_FALSE(registry.Get(first).has_value());
  EXPECT_EQ(registry.List().size(), 2u);
}

TEST(JobRegistryTest, DestructorCancelsWhatIsQueued) {
  std::atomic<int> ran{0};
  {
    JobRegistry registry(1);
    for (int i = 0; i < 50; ++i) {
      registry.Submit("ingest", "a", "t", [&](JobProgress&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++ran;
        return std::string();
      });
    }
  }
  EXPECT_LT(ran.load(), 50);
}

}  // namespace
}  // namespace tarn::server
