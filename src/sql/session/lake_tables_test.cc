#include "sql/session/lake_tables.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "common/error.h"
#include "sql/session/session.h"

namespace tarn::sql {
namespace {

namespace fs = std::filesystem;

// A data directory removed at the end of the test.
class TempDataDir {
 public:
  TempDataDir() {
    path_ = fs::temp_directory_path() /
            ("tarn_lake_tables_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
  }
  ~TempDataDir() { fs::remove_all(path_); }
  SessionOptions Options() const {
    SessionOptions options;
    options.threads = 2;
    LakeAccess lake;
    lake.options.data_dir = path_.string();
    options.lake = std::move(lake);
    return options;
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

int64_t Count(Session& session, const std::string& sql) {
  return session.Query(sql).GetValue(0, 0).integer();
}

TEST(LakeTablesTest, ReadingCreatesNoLake) {
  TempDataDir dir;
  Session session(dir.Options());
  EXPECT_EQ(Count(session, "SELECT 41 + 1"), 42);
  EXPECT_THROW(session.Query("SELECT * FROM t"), Error);
  EXPECT_THROW(session.Query("SELECT * FROM db.t FOR VERSION AS OF 1"), Error);
  EXPECT_EQ(session.Query("SHOW TABLES").row_count(), 0u);
  EXPECT_FALSE(fs::exists(dir.path()));
}

TEST(LakeTablesTest, TablesPersistAcrossSessions) {
  TempDataDir dir;
  {
    Session session(dir.Options());
    session.Execute(
        "CREATE TABLE db.t(a INTEGER NOT NULL, b VARCHAR DEFAULT 'x'); "
        "INSERT INTO db.t(a) VALUES (1), (2); INSERT INTO db.t VALUES (3, 'y')");
  }
  Session session(dir.Options());
  QueryResult result = session.Query("SELECT a, b FROM db.t ORDER BY a");
  ASSERT_EQ(result.row_count(), 3u);
  EXPECT_EQ(result.GetValue(1, 0).string(), "x");
  EXPECT_EQ(result.GetValue(1, 2).string(), "y");
  EXPECT_EQ(Count(session, "SELECT count(*) FROM db.t FOR VERSION AS OF 1"), 2);
  EXPECT_THROW(session.Query("INSERT INTO db.t(b) VALUES ('no a')"), Error);
}

TEST(LakeTablesTest, OverwriteOnAStaleSnapshotChangesNothing) {
  TempDataDir dir;
  Session writer(dir.Options());
  writer.Execute("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1)");
  LakeTables tables(*dir.Options().lake);
  auto base = tables.Find("main.t");
  ASSERT_NE(base, nullptr);
  writer.Execute("INSERT INTO t VALUES (2)");  // another writer commits first
  exec::DataChunk chunk({TypeId::kInteger});
  chunk.column(0).SetValue(0, exec::Value::Integer(9));
  chunk.SetPhysicalSize(1);
  std::vector<exec::DataChunk> rows;
  rows.push_back(std::move(chunk));
  EXPECT_FALSE(tables.Overwrite("main.t", *base, std::move(rows), "update"));
  EXPECT_EQ(Count(writer, "SELECT sum(a) FROM t"), 3);
  // Only the two INSERT snapshots exist, and the refused rewrite left no data file behind.
  EXPECT_EQ(Count(writer, "SELECT count(*) FROM tarn_snapshots('t')"), 2);
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "lake")) {
    files += entry.is_regular_file() && entry.path().extension() == ".parquet";
  }
  EXPECT_EQ(files, 2u);
}

// Two sessions incrementing one counter: each UPDATE reads, rewrites and commits on the snapshot
// it read; the loser of a race runs again, so no increment is lost.
TEST(LakeTablesTest, ConcurrentUpdatesLoseNothing) {
  TempDataDir dir;
  {
    Session setup(dir.Options());
    setup.Execute("CREATE TABLE counter(n INTEGER); INSERT INTO counter VALUES (0)");
  }
  constexpr int kUpdates = 15;
  auto run = [&] {
    Session session(dir.Options());
    for (int i = 0; i < kUpdates; ++i) session.Query("UPDATE counter SET n = n + 1");
  };
  std::thread first(run);
  std::thread second(run);
  first.join();
  second.join();
  Session check(dir.Options());
  EXPECT_EQ(Count(check, "SELECT n FROM counter"), 2 * kUpdates);
  EXPECT_EQ(Count(check, "SELECT count(*) FROM tarn_snapshots('counter')"), 1 + 2 * kUpdates);
}

// The server's way: one lake opened once and shared by its sessions.
TEST(LakeTablesTest, SessionsShareAnOpenLake) {
  TempDataDir dir;
  SessionOptions options = dir.Options();
  options.lake->shared = catalog::OpenLake(options.lake->options);
  Session first(options);
  Session second(options);
  first.Execute("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (4)");
  EXPECT_EQ(Count(second, "SELECT a FROM t"), 4);
  second.Execute("USE main; INSERT INTO main.t VALUES (5)");
  EXPECT_EQ(Count(first, "SELECT sum(a) FROM t"), 9);
}

}  // namespace
}  // namespace tarn::sql
