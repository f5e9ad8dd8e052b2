#include "ingest/file_ingest.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/table/table_scan.h"
#include "common/error.h"
#include "common/temp_directory.h"
#include "ingest/lake_test_fixture.h"
#include "ingest/source_checksum.h"

// Expected values are derived by hand from the small inputs written in each test.
namespace tarn::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class FileIngestTest : public LakeTest {
 protected:
  IngestResult Ingest(std::vector<std::string> sources, OnError on_error = OnError::kFail,
                      bool force = false, std::string table = "t") {
    IngestRequest request;
    request.sources = std::move(sources);
    request.database = "db";
    request.table = std::move(table);
    request.on_error = on_error;
    request.force = force;
    request.threads = 2;
    return IngestFiles(*lake_, request);
  }

  std::vector<std::string> Rows(const std::string& table) { return TableRows("db", table); }
};

TEST(SourceChecksumTest, MatchesKnownSha256) {
  TempDirectory dir;
  // SHA-256("abc") from FIPS 180-2, appendix B.1.
  EXPECT_EQ(FileChecksum(dir.Write("abc", "abc")),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(FileIngestTest, CreatesTableAndCommitsOneSnapshot) {
  std::string a = dir_.Write("in/a.csv", "id,name\n1,x\n2,y\n");
  std::string b = dir_.Write("in/b.csv", "id,name\n3,z\n");
  IngestResult result = Ingest({dir_.path() + "/in/*.csv"});
  EXPECT_TRUE(result.created_table);
  EXPECT_EQ(result.rows, 3u);
  EXPECT_EQ(result.snapshot_id, 1);
  EXPECT_THAT(result.ingested_files, ElementsAre(a, b));
  EXPECT_THAT(Rows("t"), ElementsAre("1|x", "2|y", "3|z"));
  auto info = lake_->catalog->FindTable("db", "t");
  EXPECT_EQ(lake_->catalog->SnapshotHistory(info->id).size(), 1u);
  EXPECT_TRUE(lake_->catalog->IsIngested(info->id, FileChecksum(a)));
}

TEST_F(FileIngestTest, SkipsIngestedFilesUnlessForced) {
  std::string a = dir_.Write("a.csv", "id\n1\n");
  Ingest({a});
  IngestResult again = Ingest({a});
  EXPECT_EQ(again.snapshot_id, 0);
  EXPECT_THAT(again.skipped_files, ElementsAre(a));
  EXPECT_THAT(Rows("t"), ElementsAre("1"));
  IngestResult forced = Ingest({a}, OnError::kFail, /*force=*/true);
  EXPECT_EQ(forced.snapshot_id, 2);
  EXPECT_THAT(Rows("t"), ElementsAre("1", "1"));
  // A batch of a new file, its copy and an ingested one: only the new file's rows are committed.
  std::string b = dir_.Write("b.csv", "id\n2\n");
  std::string copy = dir_.Write("c.csv", "id\n2\n");
  IngestResult batch = Ingest({a, b, copy});
  EXPECT_EQ(batch.snapshot_id, 3);
  EXPECT_THAT(batch.ingested_files, ElementsAre(b));
  EXPECT_THAT(batch.skipped_files, ElementsAre(a, copy));
  EXPECT_THAT(Rows("t"), ElementsAre("1", "1", "2"));
}

TEST_F(FileIngestTest, WidensColumnsAndAddsNewOnes) {
  Ingest({dir_.Write("a.csv", "id,v\n1,2\n")});
  IngestResult result = Ingest({dir_.Write("b.ndjson", "{\"id\": 2, \"v\": 2.5, \"w\": \"new\"}\n")});
  EXPECT_TRUE(result.schema_changed);
  EXPECT_EQ(result.schema_version, 2);
  EXPECT_THAT(Rows("t"), ElementsAre("1|2|NULL", "2|2.5|new"));
}

TEST_F(FileIngestTest, NarrowingIsAnErrorAndCommitsNothing) {
  Ingest({dir_.Write("a.csv", "id,v\n1,2.5\n")});
  Error error(ErrorCode::kInternal, "none");
  try {
    Ingest({dir_.Write("b.csv", "id,v\n2,text\n")});
  } catch (const Error& thrown) {
    error = thrown;
  }
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message(), HasSubstr("column 'v' of db.t is DOUBLE but the source has VARCHAR"));
  EXPECT_THAT(Rows("t"), ElementsAre("1|2.5"));
}

TEST_F(FileIngestTest, QuarantinesRejectedRowsWithLinesAndReasons) {
  // The sniffer reads the first 20480 rows, so bad rows after them are rejected one by one.
  std::string text = "id,v\n";
  for (int i = 0; i < 30000; ++i) text += std::to_string(i) + "," + std::to_string(i) + "\n";
  text += "30000,oops\n30001,1,extra\n";
  std::string late = dir_.Write("late.csv", text);
  IngestResult result = Ingest({late}, OnError::kQuarantine);
  EXPECT_EQ(result.rows, 30000u);
  EXPECT_EQ(result.rejected, 2u);
  EXPECT_EQ(result.quarantine_table, "db.t__quarantine");
  std::vector<std::string> rows = Rows("t__quarantine");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], late + "|30002|value of column 'v' is not a valid BIGINT (the type was sniffed from the "
                            "first rows; declare it with columns={'v': 'VARCHAR', ...}, or use "
                            "all_varchar=true or ignore_errors=true)|30000,oops");
  EXPECT_THAT(rows[1], HasSubstr("|30003|expected 2 fields but found 3|30001,1,extra"));
}

}  // namespace
}  // namespace tarn::ingest
