#include "cli/slt_parser.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::cli {
namespace {

constexpr const char* kFile =
    "# name: sample\n"
    "hash-threshold 8\n"
    "\n"
    "statement ok\n"
    "CREATE TABLE t (a INTEGER,\n"
    "  b VARCHAR)\n"
    "\n"
    "skipif mysql\n"
    "onlyif tarn\n"
    "statement error\n"
    "SELECT nope\n"
    "----\n"
    "unknown column\n"
    "\n"
    "query IT rowsort label-1\n"
    "SELECT a, b FROM t\n"
    "----\n"
    "1\ta\n"
    "2\t(empty)\n"
    "\n"
    "loop i 0 3\n"
    "\n"
    "query I\n"
    "SELECT ${i}\n"
    "----\n"
    "${i}\n"
    "\n"
    "endloop\n"
    "\n"
    "require lake\n"
    "\n"
    "restart\n"
    "\n"
    "halt\n";

TEST(SltParserTest, ParsesEveryRecordKind) {
  std::vector<SltRecord> records = ParseSltFile(kFile, "sample.test");
  ASSERT_EQ(records.size(), 10u);

  EXPECT_EQ(records[0].kind, SltRecordKind::kHashThreshold);
  EXPECT_EQ(records[0].number, 8);

  EXPECT_EQ(records[1].kind, SltRecordKind::kStatement);
  EXPECT_FALSE(records[1].expect_error);
  EXPECT_EQ(records[1].sql, "CREATE TABLE t (a INTEGER,\n  b VARCHAR)");
  EXPECT_EQ(records[1].line, 4);

  EXPECT_TRUE(records[2].expect_error);
  EXPECT_EQ(records[2].sql, "SELECT nope");
  EXPECT_EQ(records[2].expected_error, "unknown column");
  ASSERT_EQ(records[2].conditions.size(), 2u);
  EXPECT_TRUE(records[2].conditions[0].skip_if);
  EXPECT_EQ(records[2].conditions[0].engine, "mysql");
  EXPECT_FALSE(records[2].conditions[1].skip_if);

  EXPECT_EQ(records[3].kind, SltRecordKind::kQuery);
  EXPECT_EQ(records[3].column_types, "IT");
  EXPECT_EQ(records[3].sort_mode, SltSortMode::kRowSort);
  EXPECT_EQ(records[3].label, "label-1");
  EXPECT_EQ(records[3].expected, (std::vector<std::string>{"1\ta", "2\t(empty)"}));

  EXPECT_EQ(records[4].kind, SltRecordKind::kLoop);
  EXPECT_EQ(records[4].argument, "i");
  EXPECT_EQ(records[4].loop_values, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(records[5].kind, SltRecordKind::kQuery);
  EXPECT_EQ(records[5].expected, (std::vector<std::string>{"${i}"}));
  EXPECT_EQ(records[6].kind, SltRecordKind::kEndLoop);
  EXPECT_EQ(records[7].kind, SltRecordKind::kRequire);
  EXPECT_EQ(records[7].argument, "lake");
  EXPECT_EQ(records[8].kind, SltRecordKind::kRestart);
  EXPECT_EQ(records[9].kind, SltRecordKind::kHalt);
}

TEST(SltParserTest, QueryWithoutResultsAndCrlfLines) {
  std::vector<SltRecord> records = ParseSltFile("query I nosort\r\nSELECT 1 WHERE false\r\n", "x.test");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sql, "SELECT 1 WHERE false");
  EXPECT_TRUE(records[0].expected.empty());
  EXPECT_EQ(records[0].sort_mode, SltSortMode::kNoSort);
}

TEST(SltParserTest, UnknownRecordNamesFileAndLine) {
  try {
    ParseSltFile("statement ok\nSELECT 1\n\nbogus thing\n", "bad.test");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.location().file, "bad.test");
    EXPECT_EQ(error.location().line, 4);
    EXPECT_NE(error.message().find("unknown sqllogictest record 'bogus'"), std::string::npos);
  }
}

TEST(SltParserTest, MalformedHeadersThrow) {
  EXPECT_THROW(ParseSltFile("statement maybe\nSELECT 1\n", "x.test"), Error);
  EXPECT_THROW(ParseSltFile("query\nSELECT 1\n", "x.test"), Error);
  EXPECT_THROW(ParseSltFile("hash-threshold x\n", "x.test"), Error);
  EXPECT_THROW(ParseSltFile("statement ok\n\n", "x.test"), Error);
}

}  // namespace
}  // namespace tarn::cli
