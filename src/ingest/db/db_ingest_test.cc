#include "ingest/db/db_ingest.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/table/table_scan.h"
#include "common/error.h"
#include "ingest/lake_test_fixture.h"

// Full and incremental loads from a SQLite file (no server needed); expected rows are derived by
// hand from the INSERTs in each test.
namespace tarn::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DatabaseIngestTest : public LakeTest {
 protected:
  void Source(const std::string& sql) {
    sqlite3* database = nullptr;
    TARN_CHECK(sqlite3_open((dir_.path() + "/source.db").c_str(), &database) == SQLITE_OK);
    char* message = nullptr;
    int status = sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(database);
    ASSERT_EQ(status, SQLITE_OK) << text;
  }

  DatabaseIngestResult Load(const std::string& incremental_column) {
    DatabaseIngestRequest request;
    request.url = "sqlite://" + dir_.path() + "/source.db";
    request.source_table = "events";
    request.incremental_column = incremental_column;
    request.database = "db";
    request.table = "events";
    return IngestDatabase(*lake_, request);
  }

  std::vector<std::string> Rows() { return TableRows("db", "events"); }
};

TEST_F(DatabaseIngestTest, IncrementalLoadsAppendRowsAboveTheWatermark) {
  Source("CREATE TABLE events (id INTEGER, name TEXT); INSERT INTO events VALUES (1, 'a'), (2, 'b');");
  DatabaseIngestResult first = Load("id");
  EXPECT_TRUE(first.created_table);
  EXPECT_EQ(first.rows, 2u);
  EXPECT_FALSE(first.previous_watermark.has_value());
  EXPECT_EQ(first.watermark, "2");

  Source("INSERT INTO events VALUES (3, 'c'), (0, 'old'); UPDATE events SET name = 'z' WHERE id = 1;");
  DatabaseIngestResult second = Load("id");
  EXPECT_EQ(second.rows, 1u);
  EXPECT_EQ(second.previous_watermark, "2");
  EXPECT_EQ(second.watermark, "3");
  EXPECT_THAT(Rows(), ElementsAre("1|a", "2|b", "3|c"));
  // The watermark is committed with the data, under the source's redacted key.
  auto info = lake_->catalog->FindTable("db", "events");
  DatabaseIngestRequest request;
  request.url = "sqlite://" + dir_.path() + "/source.db";
  request.source_table = "events";
  request.incremental_column = "id";
  EXPECT_EQ(lake_->catalog->Watermark(info->id, WatermarkSource(request)), "3");

  DatabaseIngestResult third = Load("id");
  EXPECT_EQ(third.snapshot_id, 0);  // nothing new, nothing committed
  EXPECT_EQ(lake_->catalog->SnapshotHistory(info->id).size(), 2u);
}

TEST_F(DatabaseIngestTest, FullLoadsReplaceAndNewColumnsMakeASchemaVersion) {
  Source("CREATE TABLE events (id INTEGER, name TEXT); INSERT INTO events VALUES (1, 'a');");
  Load("");
  Source("ALTER TABLE events ADD COLUMN score REAL; INSERT INTO events VALUES (2, 'b', 0.5);");
  DatabaseIngestResult second = Load("");
  EXPECT_TRUE(second.schema_changed);
  EXPECT_THAT(Rows(), ElementsAre("1|a|NULL", "2|b|0.5"));
}

TEST_F(DatabaseIngestTest, NarrowingATableColumnIsAnError) {
  Source("CREATE TABLE events (id REAL); INSERT INTO events VALUES (1.5);");
  Load("");
  Source("DROP TABLE events; CREATE TABLE events (id TEXT); INSERT INTO events VALUES ('x');");
  try {
    Load("");
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(error.message(), HasSubstr("column 'id' of db.events is DOUBLE but the source has VARCHAR"));
  }
}

}  // namespace
}  // namespace tarn::ingest
