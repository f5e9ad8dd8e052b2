// Concurrent writers on one catalog.db: threads sharing a catalog, threads with a connection each,
// and separate processes, all committing through CommitWithRetry. Every file must end up in the
// final snapshot exactly once, and snapshot ids must form one unbroken chain.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "catalog/snapshot_commit.h"
#include "catalog/sqlite/catalog_test_support.h"
#include "catalog/sqlite/sqlite_catalog.h"
#include "common/error.h"

namespace tarn::catalog {
namespace {

using namespace tarn::catalog::testing;

constexpr int kWriters = 4;
constexpr int kCommitsPerWriter = 15;

CommitRetryPolicy RetryPolicy(int max_attempts) {
  CommitRetryPolicy policy;
  policy.max_attempts = max_attempts;
  return policy;
}

// Commits kCommitsPerWriter snapshots, each adding one file named after the writer.
void WriteFiles(Catalog& catalog, int64_t table, int writer) {
  for (int i = 0; i < kCommitsPerWriter; ++i) {
    std::string key = "k/w" + std::to_string(writer) + "-" + std::to_string(i);
    CommitWithRetry(catalog, table, [&](const std::optional<Snapshot>&) {
      SnapshotChange change;
      change.operation = "insert";
      change.added_files = {File(key, 1)};
      return change;
    }, RetryPolicy(1000));
  }
}

void ExpectEveryFileOnce(Catalog& catalog, int64_t table) {
  std::optional<Snapshot> current = catalog.FindSnapshot(table, {});
  ASSERT_TRUE(current);
  EXPECT_EQ(current->id, kWriters * kCommitsPerWriter);
  EXPECT_EQ(current->file_count, kWriters * kCommitsPerWriter);
  EXPECT_EQ(current->row_count, kWriters * kCommitsPerWriter);
  std::vector<DataFile> files = catalog.SnapshotFiles(table, current->id);
  std::multiset<std::string> keys;
  for (const DataFile& file : files) keys.insert(file.key);
  ASSERT_EQ(files.size(), static_cast<size_t>(kWriters * kCommitsPerWriter));
  for (int writer = 0; writer < kWriters; ++writer) {
    for (int i = 0; i < kCommitsPerWriter; ++i) {
      EXPECT_EQ(keys.count("k/w" + std::to_string(writer) + "-" + std::to_string(i)), 1u);
    }
  }
  std::vector<Snapshot> history = catalog.SnapshotHistory(table);
  for (size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(history[i].id, static_cast<int64_t>(i + 1));
    EXPECT_EQ(history[i].parent_id, static_cast<int64_t>(i));
    EXPECT_EQ(history[i].file_count, static_cast<int64_t>(i + 1));
  }
}

int64_t MakeTable(Catalog& catalog) {
  return catalog.CreateTable(Table("db", "t"), {Column("a", TypeId::kInteger)}, false).id;
}

TEST(SqliteConcurrencyTest, ThreadsSharingOneCatalog) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
  int64_t table = MakeTable(*catalog);
  std::vector<std::thread> threads;
  for (int writer = 0; writer < kWriters; ++writer) {
    threads.emplace_back([&, writer] { WriteFiles(*catalog, table, writer); });
  }
  for (std::thread& thread : threads) thread.join();
  ExpectEveryFileOnce(*catalog, table);
}

TEST(SqliteConcurrencyTest, ThreadsWithAConnectionEach) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
  int64_t table = MakeTable(*catalog);
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(kWriters);
  for (int writer = 0; writer < kWriters; ++writer) {
    threads.emplace_back([&, writer] {
      try {
        std::unique_ptr<Catalog> own = OpenSqliteCatalog(dir.path(), nullptr);
        WriteFiles(*own, table, writer);
      } catch (...) {
        errors[writer] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  ExpectEveryFileOnce(*catalog, table);
}

TEST(SqliteConcurrencyTest, SeparateProcesses) {
  TempDir dir;
  int64_t table;
  {
    std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
    table = MakeTable(*catalog);
  }  // no connection open across fork()
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
        WriteFiles(*catalog, table, writer);
      } catch (const std::exception& error) {
        std::ofstream(dir.path() + "/error-" + std::to_string(writer)) << error.what();
        status = 1;
      }
      ::_exit(status);
    }
    children.push_back(pid);
  }
  for (int writer = 0; writer < kWriters; ++writer) {
    int status = 0;
    ASSERT_EQ(::waitpid(children[writer], &status, 0), children[writer]);
    std::ifstream error_file(dir.path() + "/error-" + std::to_string(writer));
    std::string error((std::istreambuf_iterator<char>(error_file)),
                      std::istreambuf_iterator<char>());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer " << writer << ": "
                                                               << error;
  }
  std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
  ExpectEveryFileOnce(*catalog, table);
}

TEST(SqliteConcurrencyTest, CommitWithRetryRebuildsOnTheNewBaseAndGivesUp) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(dir.path(), nullptr);
  int64_t table = MakeTable(*catalog);
  int calls = 0;
  // Another writer sneaks in a commit during every build, so every attempt is stale.
  auto losing = [&](const std::optional<Snapshot>& base) {
    ++calls;
    SnapshotChange rival;
    rival.base_snapshot_id = base ? base->id : 0;
    rival.added_files = {File("k/rival-" + std::to_string(calls), 1)};
    catalog->CommitSnapshot(table, rival);
    return SnapshotChange{};
  };
  try {
    CommitWithRetry(*catalog, table, losing, RetryPolicy(3));
    FAIL() << "expected the commit to give up";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kConflict);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("gave up after 3 attempts"));
  }
  EXPECT_EQ(calls, 3);
  // A change built on the base it is given: it sees the rivals' files and removes one of them.
  int builds = 0;
  Snapshot snapshot = CommitWithRetry(*catalog, table, [&](const std::optional<Snapshot>& base) {
    ++builds;
    SnapshotChange change;
    change.removed_keys = {"k/rival-" + std::to_string(base->id)};
    return change;
  });
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(snapshot.id, 4);
  EXPECT_EQ(snapshot.file_count, 2);
  // Errors other than conflicts pass through at once.
  builds = 0;
  EXPECT_THROW(CommitWithRetry(*catalog, table, [&](const std::optional<Snapshot>&) {
    ++builds;
    SnapshotChange change;
    change.removed_keys = {"k/never-there"};
    return change;
  }), Error);
  EXPECT_EQ(builds, 1);
}

TEST(SqliteSealingTest, NoStatisticOrWatermarkIsPlaintextOnDisk) {
  constexpr std::string_view kCanary = "CANARY-6b1f0e";
  auto commit_canaries = [&](const std::string& data_dir,
                             std::shared_ptr<const storage::ValueSealer> sealer) {
    std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(data_dir, sealer);
    int64_t table = MakeTable(*catalog);
    SnapshotChange change;
    DataFile file = File("k/a", 1);
    file.stats["a"] = ColumnStats{std::string(kCanary) + "-min", std::string(kCanary) + "-max", 0};
    change.added_files = {file};
    change.watermarks = {{"src", std::string(kCanary) + "-watermark"}};
    catalog->CommitSnapshot(table, change);
    std::vector<DataFile> files = catalog->SnapshotFiles(table, 1);
    EXPECT_EQ(files[0].stats.at("a").min, std::string(kCanary) + "-min");
    EXPECT_EQ(files[0].stats.at("a").max, std::string(kCanary) + "-max");
    EXPECT_EQ(catalog->Watermark(table, "src"), std::string(kCanary) + "-watermark");
    return catalog;  // still open: the WAL holds the pages
  };
  auto disk_contains_canary = [&](const std::string& data_dir) {
    bool found = false;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir)) {
      if (!entry.path().filename().string().starts_with("catalog.db")) continue;
      std::ifstream stream(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(stream)),
                        std::istreambuf_iterator<char>());
      found = found || bytes.find(kCanary) != std::string::npos;
    }
    return found;
  };
  TempDir sealed_dir;
  TestSealer keys;
  auto sealed = commit_canaries(sealed_dir.path(), keys.sealer);
  EXPECT_FALSE(disk_contains_canary(sealed_dir.path()));
  // The control: without a sealer the same commit does leave the canary on disk.
  TempDir plain_dir;
  auto plain = commit_canaries(plain_dir.path(), nullptr);
  EXPECT_TRUE(disk_contains_canary(plain_dir.path()));
  // Sealed statistics do not open without the key, nor under another table's context.
  sealed.reset();
  std::unique_ptr<Catalog> keyless = OpenSqliteCatalog(sealed_dir.path(), nullptr);
  EXPECT_THROW(keyless->SnapshotFiles(1, 1), Error);
  EXPECT_THROW(keyless->Watermark(1, "src"), Error);
}

}  // namespace
}  // namespace tarn::catalog
