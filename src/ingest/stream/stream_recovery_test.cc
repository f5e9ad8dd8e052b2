// Crash recovery of streams: a child process puts batches and reports each acknowledged one on a
// pipe; it is SIGKILLed at random moments or kills itself at a delivery crash point
// (TARN_STREAM_CRASH_AT). The parent reopens the stream (replaying the WAL after each table's
// watermark), flushes, and checks every acknowledged record is in the lake exactly once and
// nothing else is: a batch that was in the WAL but not acknowledged may be there, whole.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/stream/stream_test_fixture.h"

namespace tarn::ingest {
namespace {

constexpr int64_t kRecordsPerBatch = 20;
constexpr int64_t kRoundIds = 10'000'000;  // ids of round r start at r * kRoundIds

// Record i of a batch goes to the error table when i % 7 == 3 ("n" is not an INTEGER).
std::string BatchBody(int64_t first_id) {
  std::string body;
  for (int64_t i = 0; i < kRecordsPerBatch; ++i) {
    if (i % 7 == 3) {
      body += fmt::format("{{\"id\":{},\"n\":\"bad\"}}\n", first_id + i);
    } else {
      body += fmt::format("{{\"id\":{},\"n\":{},\"pad\":\"padding text to make records longer\"}}\n", first_id + i, i);
    }
  }
  return body;
}

[[noreturn]] void RunChild(const storage::LakeOptions& lake_options, StreamManagerOptions options, int fd,
                           const char* crash_at, int64_t id_base) {
  if (crash_at != nullptr) ::setenv("TARN_STREAM_CRASH_AT", crash_at, 1);
  try {
    std::shared_ptr<catalog::Lake> lake = catalog::OpenLake(lake_options);
    auto manager = StreamManager::Open(std::move(options), lake, *lake->store->keyring());
    for (int64_t batch = 0; batch < 1'000'000; ++batch) {
      manager->Put("kill", BatchBody(id_base + batch * kRecordsPerBatch), "child");
      if (::write(fd, &batch, sizeof(batch)) != sizeof(batch)) ::_exit(4);
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "child failed: {}\n", error.what());
    ::_exit(3);
  }
  ::_exit(0);
}

class StreamRecoveryTest : public StreamTest {
 protected:
  // Runs one child until it is killed (after 'kill_after', or by itself at 'crash_at') and
  // returns the last acknowledged batch (-1 for none).
  int64_t RunRound(int round, const char* crash_at, std::chrono::milliseconds kill_after) {
    manager_.reset();
    lake_.reset();
    int fds[2];
    TARN_CHECK(::pipe(fds) == 0);
    pid_t pid = ::fork();
    TARN_CHECK(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunChild(LakeOptionsFor(), Options(), fds[1], crash_at, round * kRoundIds);
    }
    ::close(fds[1]);
    int64_t last = -1;
    auto deadline = std::chrono::steady_clock::now() + kill_after;
    bool killed = false;
    while (true) {
      auto now = std::chrono::steady_clock::now();
      if (crash_at == nullptr && !killed && now >= deadline) {
        ::kill(pid, SIGKILL);
        killed = true;
      }
      pollfd poll_fd{fds[0], POLLIN, 0};
      int wait_ms = killed || crash_at != nullptr
                        ? 1000
                        : static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
      if (::poll(&poll_fd, 1, wait_ms) <= 0) continue;
      int64_t batch;
      ssize_t got = ::read(fds[0], &batch, sizeof(batch));
      if (got == 0) break;  // the child is gone
      if (got == sizeof(batch)) last = batch;
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "round " << round << " child ended with status " << status;
    return last;
  }

  StreamManagerOptions Options() const {
    StreamManagerOptions options = ManagerOptions();
    options.sync = false;  // SIGKILL keeps the page cache: what was written survives
    return options;
  }

  // Every id in the table and the error table, in one multiset (as id -> count).
  std::map<int64_t, int> DeliveredIds() {
    std::map<int64_t, int> ids;
    for (const auto& row : Rows("SELECT id FROM raw.kill")) ++ids[std::stoll(row)];
    for (const auto& row : Rows("SELECT record FROM raw.kill__errors")) {
      EXPECT_EQ(row.rfind("{\"id\":", 0), 0u) << row;
      ++ids[std::stoll(row.substr(6))];
    }
    return ids;
  }
};

TEST_F(StreamRecoveryTest, EveryAcknowledgedRecordExactlyOnceAfterKills) {
  Open(Options());
  StreamDefinition definition;
  definition.name = "kill";
  definition.partitioning = StreamPartitioning::kNone;
  definition.columns = {Column("id", TypeId::kBigint, false), Column("n", TypeId::kInteger), Column("pad", TypeId::kVarchar)};
  definition.buffer_bytes = 4096;  // a delivery every few batches
  definition.buffer_seconds = 0.02;
  manager_->Create(definition, "parent");

  std::mt19937 random(42);
  std::set<int64_t> expected;  // ids that must be delivered exactly once
  const char* crash_points[] = {nullptr, "before_commit", nullptr, "between_commits", nullptr,
                                "before_error_commit", nullptr, nullptr};
  int round = 0;
  for (const char* crash_at : crash_points) {
    auto kill_after = std::chrono::milliseconds(20 + random() % 300);
    int64_t last = RunRound(round, crash_at, kill_after);
    Open(Options());
    if (::getenv("TARN_STREAM_TEST_VERBOSE") != nullptr) {
      auto& catalog = *lake_->catalog;
      fmt::print("round {}: watermarks {} / {}, {} records buffered\n", round,
                 catalog.Watermark(catalog.FindTable("raw", "kill")->id, "stream:kill").value_or("-"),
                 catalog.Watermark(catalog.FindTable("raw", "kill__errors")->id, "stream:kill").value_or("-"),
                 manager_->Status("kill").buffered_records);
    }
    manager_->Flush("kill");
    std::map<int64_t, int> delivered = DeliveredIds();
    for (int64_t batch = 0; batch <= last; ++batch) {
      for (int64_t i = 0; i < kRecordsPerBatch; ++i) expected.insert(round * kRoundIds + batch * kRecordsPerBatch + i);
    }
    // The batch after the last acknowledged one may have reached the WAL: whole or not at all.
    int64_t next_first = round * kRoundIds + (last + 1) * kRecordsPerBatch;
    size_t next_present = 0;
    for (int64_t i = 0; i < kRecordsPerBatch; ++i) next_present += delivered.count(next_first + i);
    EXPECT_TRUE(next_present == 0 || next_present == kRecordsPerBatch) << "round " << round;
    if (next_present == kRecordsPerBatch) {
      for (int64_t i = 0; i < kRecordsPerBatch; ++i) expected.insert(next_first + i);
    }
    for (const auto& [id, count] : delivered) {
      EXPECT_EQ(count, 1) << "id " << id << " delivered " << count << " times (round " << round << ")";
      EXPECT_TRUE(expected.count(id)) << "id " << id << " was never acknowledged (round " << round << ")";
    }
    size_t missing = 0;
    for (int64_t id : expected) missing += delivered.count(id) == 0;
    EXPECT_EQ(missing, 0u) << "round " << round << ", crash point " << (crash_at ? crash_at : "random kill");
    EXPECT_GE(last, crash_at != nullptr ? 0 : -1) << "round " << round;
    if (::getenv("TARN_STREAM_TEST_VERBOSE") != nullptr) {
      fmt::print("round {} ({}): {} batches acknowledged, {} ids delivered in all, {} deliveries after reopen\n", round,
                 crash_at ? crash_at : "random kill", last + 1, delivered.size(), manager_->Status("kill").deliveries);
    }
    ++round;
    if (HasFailure()) break;
  }
  EXPECT_GT(expected.size(), 0u);
  // Error rows only in the error table, good rows only in the table.
  EXPECT_THAT(Rows("SELECT count(*) FROM raw.kill WHERE id % 20 IN (3, 10, 17)"), ::testing::ElementsAre("0"));
}

// A long undelivered log (the writer died without delivering anything) is delivered while it is
// replayed, a buffer at a time, not read into memory whole.
TEST_F(StreamRecoveryTest, LongLogIsDeliveredWhileReplayed) {
  Open(Options());
  StreamDefinition definition;
  definition.name = "kill";
  definition.partitioning = StreamPartitioning::kNone;
  definition.columns = {Column("id", TypeId::kBigint, false), Column("n", TypeId::kInteger), Column("pad", TypeId::kVarchar)};
  definition.buffer_seconds = 3600;
  manager_->Create(definition, "parent");
  manager_.reset();
  lake_.reset();
  constexpr int64_t kBatches = 200;
  pid_t pid = ::fork();
  TARN_CHECK(pid >= 0);
  if (pid == 0) {
    try {
      std::shared_ptr<catalog::Lake> lake = catalog::OpenLake(LakeOptionsFor());
      auto manager = StreamManager::Open(Options(), lake, *lake->store->keyring());
      for (int64_t batch = 0; batch < kBatches; ++batch) {
        manager->Put("kill", BatchBody(batch * kRecordsPerBatch), "child");
      }
      ::_exit(0);  // here, before the manager's destructor would deliver
    } catch (const std::exception&) {
      ::_exit(3);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  // Reopen with a small buffer: 200 batches of ~1.2 KB are delivered in several pieces.
  std::string path = directory_.path() + "/data/streams/kill.json";
  {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string json = text.str();
    size_t at = json.find("\"buffer_bytes\":");
    size_t end = json.find(',', at);
    json.replace(at, end - at, "\"buffer_bytes\":32768");
    std::ofstream(path, std::ios::trunc) << json;
  }
  StreamManagerOptions options = Options();
  options.max_buffered_bytes = 65536;  // recovery delivers at max(buffer_bytes, this / 16)
  Open(options);
  StreamStatus opened = manager_->Status("kill");
  EXPECT_EQ(opened.last_error, "");
  EXPECT_GE(opened.deliveries, 5u);
  EXPECT_LT(opened.buffered_bytes, 32768u);
  manager_->Flush("kill");
  std::map<int64_t, int> delivered = DeliveredIds();
  EXPECT_EQ(delivered.size(), static_cast<size_t>(kBatches * kRecordsPerBatch));
  for (const auto& [id, count] : delivered) EXPECT_EQ(count, 1) << id;
}

}  // namespace
}  // namespace tarn::ingest
