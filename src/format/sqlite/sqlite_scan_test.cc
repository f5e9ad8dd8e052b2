#include "format/sqlite/sqlite_scan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>

#include "common/error.h"
#include "common/temp_directory.h"
#include "format/database_scan.h"
#include "format/format_registry.h"
#include "format/scan_test_reader.h"

namespace tarn::format::sqlite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TempDatabase {
 public:
  TempDatabase() : path_(directory_.path() + "/test.db") {}
  const std::string& path() const { return path_; }
  void Run(const std::string& sql) const {
    sqlite3* database = nullptr;
    TARN_CHECK(sqlite3_open(path_.c_str(), &database) == SQLITE_OK);
    char* message = nullptr;
    int status = sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(database);
    ASSERT_EQ(status, SQLITE_OK) << text;
  }

 private:
  TempDirectory directory_{"tarn-sqlite"};
  std::string path_;
};

template <class Body>
Error CaptureError(Body body) {
  try {
    body();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorCode::kInternal, "none");
}

constexpr const char* kCreateItems =
    "CREATE TABLE items (id INTEGER, name TEXT, price DECIMAL(10,2), weight REAL, ok BOOLEAN, "
    "day DATE, at DATETIME);"
    "INSERT INTO items VALUES (1, 'a', 1.5, 0.25, 1, '2024-01-31', '2024-01-31 10:00:00');"
    "INSERT INTO items VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL);"
    "INSERT INTO items VALUES (3, 'c''q', '12.345', 3, 0, '1999-12-31', "
    "'2024-02-01T01:02:03.5+01:00');";

TEST(SqliteScanTest, ReadsEveryMappedTypeAndNulls) {
  TempDatabase database;
  database.Run(kCreateItems);
  auto scan = OpenScan("sqlite", {database.path()}, [] {
    ScanOptions options;
    options.values["table"] = exec::Value::Varchar("ITEMS");  // names are case-insensitive
    return options;
  }());
  ASSERT_EQ(scan->schema().size(), 7u);
  EXPECT_EQ(scan->schema()[2].type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(scan->schema()[6].type, LogicalType(TypeId::kTimestamp));
  // 12.345 rounds half away from zero to 12.35; the +01:00 offset is converted to UTC.
  EXPECT_THAT(ReadAllRows(*scan), ElementsAre("1|a|1.50|0.25|true|2024-01-31|2024-01-31 10:00:00",
                                          "2|NULL|NULL|NULL|NULL|NULL|NULL",
                                          "3|c'q|12.35|3|false|1999-12-31|2024-02-01 00:02:03.5"));
}

TEST(SqliteScanTest, IncrementalReadsRowsAboveTheLowerBound) {
  TempDatabase database;
  database.Run(kCreateItems);
  DatabaseScanOptions options;
  options.table = "items";
  options.incremental_column = "id";
  auto full = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_EQ(ReadAllRows(*full).size(), 3u);
  ASSERT_TRUE(full->upper_bound().has_value());
  EXPECT_EQ(*full->upper_bound(), "3");

  database.Run("INSERT INTO items (id, name) VALUES (10, 'x'), (4, 'y');");
  options.lower_bound = "3";
  auto next = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_THAT(ReadAllRows(*next),
              ElementsAre("10|x|NULL|NULL|NULL|NULL|NULL", "4|y|NULL|NULL|NULL|NULL|NULL"));
  EXPECT_EQ(*next->upper_bound(), "10");

  options.lower_bound = "10";
  auto none = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_TRUE(ReadAllRows(*none).empty());
  EXPECT_FALSE(none->upper_bound().has_value());
}

TEST(SqliteScanTest, NullIncrementalValuesAreReadOnlyByTheFirstLoad) {
  TempDatabase database;
  database.Run(
      "CREATE TABLE e (at DATETIME, n INTEGER);"
      "INSERT INTO e VALUES (NULL, 1), ('2024-01-01 10:00:00', 2), ('2024-01-02', 3);");
  DatabaseScanOptions options;
  options.table = "e";
  options.incremental_column = "at";
  auto first = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_THAT(ReadAllRows(*first),
              ElementsAre("NULL|1", "2024-01-01 10:00:00|2", "2024-01-02 00:00:00|3"));
  EXPECT_EQ(*first->upper_bound(), "2024-01-02");  // text compares as text in SQLite
  database.Run("INSERT INTO e VALUES (NULL, 4), ('2024-01-03 00:00:01', 5), ('2023-12-31', 6);");
  options.lower_bound = *first->upper_bound();
  auto next = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_THAT(ReadAllRows(*next), ElementsAre("2024-01-03 00:00:01|5"));
}

TEST(SqliteScanTest, RealWatermarkRoundTripsExactly) {
  TempDatabase database;
  database.Run(
      "CREATE TABLE m (v REAL); INSERT INTO m VALUES (0.1), (0.30000000000000004), (0.3);");
  DatabaseScanOptions options;
  options.table = "m";
  options.incremental_column = "v";
  options.lower_bound = "0.3";
  auto scan = OpenDatabaseScan("sqlite://" + database.path(), options);
  EXPECT_THAT(ReadAllRows(*scan), ElementsAre("0.30000000000000004"));
  EXPECT_EQ(*scan->upper_bound(), "0.30000000000000004");
}

TEST(SqliteScanTest, ErrorsNameTableColumnAndType) {
  TempDatabase database;
  database.Run(
      "CREATE TABLE b (id INTEGER, data BLOB); CREATE TABLE d (day DATE);"
      "INSERT INTO d VALUES ('2024-01-01'), ('not a date');");
  DatabaseScanOptions options;
  options.table = "b";
  Error blob = CaptureError([&] { OpenSqliteScan(database.path(), options); });
  EXPECT_EQ(blob.code(), ErrorCode::kNotSupported);
  EXPECT_THAT(blob.message(), HasSubstr("column 'data' of table 'b' has type 'BLOB'"));

  options.table = "missing";
  EXPECT_EQ(CaptureError([&] { OpenSqliteScan(database.path(), options); }).code(),
            ErrorCode::kNotFound);

  options.table = "d";
  auto scan = OpenSqliteScan(database.path(), options);
  Error bad = CaptureError([&] { ReadAllRows(*scan); });
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(
      bad.message(),
      HasSubstr("row 2 of table 'd': column 'day' holds a text value that does not fit DATE"));
  EXPECT_THAT(bad.message(), ::testing::Not(HasSubstr("not a date")));  // no row data in errors
  EXPECT_EQ(bad.location().line, 2);
}

TEST(SqliteScanTest, MissingFileIsAnIoError) {
  DatabaseScanOptions options;
  options.table = "t";
  EXPECT_EQ(CaptureError([&] { OpenSqliteScan("/nonexistent/x.db", options); }).code(),
            ErrorCode::kIoError);
}

TEST(DatabaseScanTest, RedactsPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://alice:s3cret@db.example:5432/sales"),
            "postgresql://alice:***@db.example:5432/sales");
  EXPECT_EQ(RedactUrl("postgresql://alice@db/sales?sslmode=require&password=s3cret&x=1"),
            "postgresql://alice@db/sales?sslmode=require&password=***&x=1");
  EXPECT_EQ(RedactUrl("postgresql://db/sales"), "postgresql://db/sales");
  EXPECT_EQ(RedactUrl("host=db PASSWORD=pw user=a"), "host=db PASSWORD=*** user=a");
  EXPECT_TRUE(IsDatabaseUrl("postgres://x/y"));
  EXPECT_TRUE(IsDatabaseUrl("sqlite:///tmp/x.db"));
  EXPECT_FALSE(IsDatabaseUrl("data/x.csv"));
}

}  // namespace
}  // namespace tarn::format::sqlite
