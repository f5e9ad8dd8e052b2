#include "format/csv/csv_reader.h"

#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/temp_directory.h"
#include "format/format_registry.h"
#include "format/scan_test_reader.h"

namespace tarn::format::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ScanOptions Options(std::vector<std::pair<std::string, exec::Value>> values = {}) {
  ScanOptions options;
  for (auto& [name, value] : values) options.values[name] = std::move(value);
  return options;
}

std::unique_ptr<ScanSource> Open(const std::string& path, const ScanOptions& options = {}) {
  return OpenScan("csv", {path}, options);
}

// Runs 'body' and returns the tarn::Error it throws (fails the test if none).
template <class Body>
Error CaptureError(Body body) {
  try {
    body();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an error";
  return Error(ErrorCode::kInternal, "none");
}

TEST(CsvReaderTest, ReadsTypedColumns) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "id,x,name,flag,day\n1,-0.5,alpha,true,2024-01-31\n2,1e3,beta,false,2023-02-01\n"));
  ASSERT_EQ(source->schema().size(), 5u);
  EXPECT_EQ(source->schema()[1].name, "x");
  EXPECT_EQ(source->schema()[1].type.id(), TypeId::kDouble);
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|-0.5|alpha|true|2024-01-31", "2|1000|beta|false|2023-02-01"));
  EXPECT_EQ(source->EstimatedRows(), 2u);
  EXPECT_DOUBLE_EQ(source->Progress(), 1.0);
}

TEST(CsvReaderTest, ProjectionReordersAndSkipsColumns) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "a,b,c\n1,x,10\n2,y,20\n"));
  EXPECT_THAT(ReadAllRows(*source, {2, 0}), ElementsAre("10|1", "20|2"));
}

TEST(CsvReaderTest, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "name,n\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n\"\",4\n,5\n"));
  EXPECT_THAT(ReadAllRows(*source),
              ElementsAre("a,b|1", "say \"hi\"|2", "two\nlines|3", "|4", "NULL|5"));
}

// Rows the fast row path takes (plain fields) interleaved with rows it hands to the general path
// (spaces to trim, quotes, an empty line, a bad value, a missing last line break): every row must
// come out as if parsed by the general path alone, and the morsel must continue after each switch.
TEST(CsvReaderTest, FastAndGeneralRowPathsInterleave) {
  TempDirectory dir;
  std::string path = dir.Write("mixed.csv",
                               "a,b,c,d\n"
                               "1.5,2,x,-0.25\n"
                               " 2.5 ,3,y,1e2\n"
                               ",4,\"q,r\",0.125\r\n"
                               "-1.2501397540966153,5,,7\r\n"
                               "x,9,u,1\n"
                               "0.05916648908696566,6,zz,12345678901234567890.5\n"
                               "3,7,w,\n"
                               "\n"
                               "4,8,v,9");
  ScanOptions options = Options({{"ignore_errors", exec::Value::Boolean(true)}});
  options.struct_options["columns"] = {{"a", exec::Value::Varchar("DOUBLE")},
                                       {"b", exec::Value::Varchar("BIGINT")},
                                       {"c", exec::Value::Varchar("VARCHAR")},
                                       {"d", exec::Value::Varchar("DOUBLE")}};
  options.values["header"] = exec::Value::Boolean(true);
  auto source = Open(path, options);
  EXPECT_THAT(ReadAllRows(*source),
              ElementsAre("1.5|2|x|-0.25", "2.5|3|y|100", "NULL|4|q,r|0.125", "-1.2501397540966153|5|NULL|7",
                          "0.05916648908696566|6|zz|12345678901234567168", "3|7|w|NULL", "4|8|v|9"));
  EXPECT_EQ(source->RejectedRows(), 1u);
  // Only some columns used: the others are skipped, not converted (the bad 'x' is never looked at).
  auto projected = Open(path, options);
  EXPECT_THAT(ReadAllRows(*projected, {3, 1}), ElementsAre("-0.25|2", "100|3", "0.125|4", "7|5", "1|9",
                                                       "12345678901234567168|6", "NULL|7", "9|8"));
  EXPECT_EQ(projected->RejectedRows(), 0u);
}

TEST(CsvReaderTest, CrlfLineEndings) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "a,b\r\n1,\"x\"\r\n2,y\r\n3,\r\n"));
  EXPECT_EQ(source->schema()[1].type.id(), TypeId::kVarchar);
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|x", "2|y", "3|NULL"));
}

TEST(CsvReaderTest, NoHeaderAndNoTrailingNewline) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "1,2\n3,4"));
  EXPECT_EQ(source->schema()[0].name, "column0");
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|2", "3|4"));
}

TEST(CsvReaderTest, ExplicitOptions) {
  TempDirectory dir;
  std::string path = dir.Write("a.txt", "1;'a;b'\n2;'it''s'\n");
  auto source = Open(path, Options({{"delim", exec::Value::Varchar(";")},
                                    {"quote", exec::Value::Varchar("'")},
                                    {"header", exec::Value::Boolean(false)}}));
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|a;b", "2|it's"));
}

TEST(CsvReaderTest, EscapeCharacterDifferentFromQuote) {
  TempDirectory dir;
  std::string path = dir.Write("a.csv", "a,b\n\"x\\\"y\",1\n");
  auto source = Open(path, Options({{"escape", exec::Value::Varchar("\\")}}));
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("x\"y|1"));
}

TEST(CsvReaderTest, DeclaredColumnsAndAllVarchar) {
  TempDirectory dir;
  std::string path = dir.Write("a.csv", "a,b\n1,2\n");
  ScanOptions options;
  options.struct_options["columns"] = {{"x", exec::Value::Varchar("DOUBLE")}, {"y", exec::Value::Varchar("VARCHAR")}};
  auto declared = Open(path, options);
  EXPECT_EQ(declared->schema()[0].name, "x");
  EXPECT_THAT(ReadAllRows(*declared), ElementsAre("1|2"));
  auto text = Open(path, Options({{"all_varchar", exec::Value::Boolean(true)}}));
  EXPECT_EQ(text->schema()[0].type.id(), TypeId::kVarchar);
}

TEST(CsvReaderTest, RejectsUnknownOption) {
  TempDirectory dir;
  std::string path = dir.Write("a.csv", "a\n1\n");
  Error error = CaptureError([&] { Open(path, Options({{"delimitr", exec::Value::Varchar(",")}})); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message(), HasSubstr("delimitr"));
}

TEST(CsvReaderTest, WrongFieldCountReportsLineAndColumn) {
  TempDirectory dir;
  std::string path = dir.Write("bad.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
  auto source = Open(path);
  Error error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(error.message(), HasSubstr("expected 3 fields but found 2"));
  EXPECT_EQ(error.location().file, path);
  EXPECT_EQ(error.location().line, 3);
  EXPECT_EQ(error.location().column, 3);
}

TEST(CsvReaderTest, BadValueNamesColumnAndSuggestsFix) {
  TempDirectory dir;
  std::string path = dir.Write("bad.csv", "a,b\n1,2\n3,x\n");
  auto source = Open(path, Options({{"sample_size", exec::Value::Bigint(1)}}));
  EXPECT_EQ(source->schema()[1].type.id(), TypeId::kBigint);
  Error error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_THAT(error.message(), HasSubstr("'b' is not a valid BIGINT"));
  EXPECT_THAT(error.message(), HasSubstr("all_varchar=true"));
  EXPECT_EQ(error.location().line, 3);
  EXPECT_EQ(error.location().column, 2);
}

TEST(CsvReaderTest, ErrorLineCountsQuotedLineBreaks) {
  TempDirectory dir;
  std::string path = dir.Write("bad.csv", "a,b\n\"x\ny\",1\nz,2\nw,\"open\n");
  auto source = Open(path);
  Error error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_THAT(error.message(), HasSubstr("unterminated quoted field"));
  EXPECT_EQ(error.location().line, 5);
  EXPECT_EQ(error.location().column, 2);
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  TempDirectory dir;
  std::string path = dir.Write("bad.csv", "a,b\n\"x\"y,1\n");
  auto source = Open(path, Options({{"header", exec::Value::Boolean(true)}}));
  Error error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_THAT(error.message(), HasSubstr("unexpected character after closing quote"));
  EXPECT_EQ(error.location().line, 2);
  EXPECT_EQ(error.location().column, 1);
}

TEST(CsvReaderTest, IgnoreErrorsSkipsAndCountsRows) {
  TempDirectory dir;
  std::string path = dir.Write("bad.csv", "a,b\n1,2\n3\n4,x\n5,6\n7,8,9\n");
  ScanOptions options = Options({{"ignore_errors", exec::Value::Boolean(true)}});
  options.struct_options["columns"] = {{"a", exec::Value::Varchar("BIGINT")}, {"b", exec::Value::Varchar("BIGINT")}};
  auto source = Open(path, options);
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|2", "5|6"));
  EXPECT_EQ(source->RejectedRows(), 3u);
}

TEST(CsvReaderTest, EmptyFileAndHeaderOnlyFile) {
  TempDirectory dir;
  auto empty = Open(dir.Write("empty.csv", ""));
  EXPECT_EQ(empty->schema().size(), 1u);
  EXPECT_TRUE(ReadAllRows(*empty).empty());
  auto header_only = Open(dir.Write("header.csv", "alpha,beta\n"));
  ASSERT_EQ(header_only->schema().size(), 2u);
  EXPECT_EQ(header_only->schema()[1].name, "beta");
  EXPECT_TRUE(ReadAllRows(*header_only).empty());
}

TEST(CsvReaderTest, SkipsByteOrderMarkAndEmptyLines) {
  TempDirectory dir;
  auto source = Open(dir.Write("a.csv", "\xEF\xBB\xBFk,v\n1,2\n\n3,4\n\n"));
  EXPECT_EQ(source->schema()[0].name, "k");
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1|2", "3|4"));
}

TEST(CsvReaderTest, GlobsAndDirectoriesReadFilesInOrder) {
  TempDirectory dir;
  dir.Write("d/b.csv", "k,v\n3,4\n");
  dir.Write("d/a.csv", "k,v\n1,2\n");
  dir.Write("d/c.txt", "k,v\n9,9\n");
  auto glob = OpenScan("csv", {dir.path() + "/d/*.csv"}, {});
  EXPECT_THAT(ReadAllRows(*glob), ElementsAre("1|2", "3|4"));
  auto directory = OpenScan("csv", {dir.path() + "/d"}, {});
  EXPECT_THAT(ReadAllRows(*directory), ElementsAre("1|2", "3|4", "9|9"));
  Error error = CaptureError([&] { OpenScan("csv", {dir.path() + "/d/*.parquet"}, {}); });
  EXPECT_EQ(error.code(), ErrorCode::kIoError);
  Error missing = CaptureError([&] { OpenScan("", {dir.path() + "/nope.csv"}, {}); });
  EXPECT_EQ(missing.code(), ErrorCode::kIoError);
  EXPECT_THAT(missing.message(), HasSubstr("nope.csv"));
}

TEST(CsvReaderTest, ReadsGzipAndZstd) {
  TempDirectory dir;
  std::string content = "k,v\n";
  for (int i = 0; i < 5000; ++i) content += std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  std::string gzip_path = dir.path() + "/a.csv.gz";
  gzFile gz = gzopen(gzip_path.c_str(), "wb");
  gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
  gzclose(gz);
  std::string compressed(ZSTD_compressBound(content.size()), '\0');
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), content.data(), content.size(), 3));
  std::string zstd_path = dir.Write("a.csv.zst", compressed);
  for (const std::string& path : {gzip_path, zstd_path}) {
    auto source = OpenScan("", {path}, {});
    ASSERT_EQ(source->schema().size(), 2u) << path;
    std::vector<std::string> rows = ReadAllRows(*source);
    ASSERT_EQ(rows.size(), 5000u) << path;
    EXPECT_EQ(rows[4999], "4999|9998");
  }
  // Errors in compressed files count lines in the decompressed text.
  std::string bad = "k,v\n1,2\n3\n";
  gz = gzopen((dir.path() + "/bad.csv.gz").c_str(), "wb");
  gzwrite(gz, bad.data(), static_cast<unsigned>(bad.size()));
  gzclose(gz);
  auto source = OpenScan("", {dir.path() + "/bad.csv.gz"}, {});
  Error error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_EQ(error.location().line, 3);
}

// Writes rows with long quoted text (no line breaks) and parses with tiny morsels.
TEST(CsvReaderTest, TinyMorselsGiveTheSameRows) {
  TempDirectory dir;
  std::string content = "id,text,x\n";
  for (int i = 0; i < 300; ++i) {
    content += std::to_string(i) + ",\"t" + std::string(i % 37, 'a') + ",\"\"q\"\"\"," + std::to_string(i * 0.25) + "\r\n";
  }
  std::string path = dir.Write("a.csv", content);
  auto whole = Open(path, Options({{"parallel", exec::Value::Boolean(false)}}));
  std::vector<std::string> expected = ReadAllRows(*whole);
  ASSERT_EQ(expected.size(), 300u);
  for (int64_t morsel_size : {1, 3, 7, 64, 1000, 4096}) {
    auto split = Open(path, Options({{"morsel_size", exec::Value::Bigint(morsel_size)}}));
    EXPECT_EQ(ReadAllRows(*split), expected) << "morsel_size=" << morsel_size;
  }
}

TEST(CsvReaderTest, QuotedNewlinesInSampleDisableSplitting) {
  TempDirectory dir;
  std::string content = "id,text\n";
  for (int i = 0; i < 500; ++i) content += std::to_string(i) + ",\"a\nb,\n" + std::to_string(i) + "\"\n";
  std::string path = dir.Write("a.csv", content);
  auto source = Open(path, Options({{"morsel_size", exec::Value::Bigint(16)}}));
  std::vector<std::string> rows = ReadAllRows(*source);
  ASSERT_EQ(rows.size(), 500u);
  EXPECT_EQ(rows[7], "7|a\nb,\n7");
}

TEST(CsvReaderTest, QuotedNewlineBeyondSampleAcrossBoundaryIsDetected) {
  TempDirectory dir;
  std::string content = "id,text\n";
  for (int i = 0; i < 50; ++i) content += std::to_string(i) + ",plain\n";
  content += "50,\"x\n";
  for (int i = 0; i < 20; ++i) content += "fake,row\n";
  content += "\"\n51,end\n";
  std::string path = dir.Write("a.csv", content);
  // The sample sees only the first rows; boundaries inside the quoted text must be caught.
  auto source = Open(path, Options({{"sample_size", exec::Value::Bigint(10)},
                                    {"morsel_size", exec::Value::Bigint(600)}}));
  auto sequential = Open(path, Options({{"parallel", exec::Value::Boolean(false)}}));
  EXPECT_EQ(ReadAllRows(*sequential).size(), 52u);
  // Either the split happens to be consistent or it throws; it never returns different rows.
  try {
    std::vector<std::string> rows = ReadAllRows(*source);
    EXPECT_EQ(rows, ReadAllRows(*Open(path, Options({{"parallel", exec::Value::Boolean(false)}}))));
    ADD_FAILURE() << "the quoted line break straddles a boundary; expected an error";
  } catch (const Error& error) {
    EXPECT_THAT(error.message(), HasSubstr("parallel=false"));
  }
}

TEST(CsvReaderTest, SplitFileReadsEveryRowOnce) {
  TempDirectory dir;
  std::string content = "id,v\n";
  for (int i = 0; i < 20000; ++i) content += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  std::string path = dir.Write("a.csv", content);
  auto source = Open(path, Options({{"morsel_size", exec::Value::Bigint(10000)}}));
  std::vector<std::string> rows = ReadAllRows(*source);
  ASSERT_EQ(rows.size(), 20000u);
  for (int i = 0; i < 20000; i += 997) EXPECT_EQ(rows[i], std::to_string(i) + "|" + std::to_string(i % 7));
  EXPECT_DOUBLE_EQ(source->Progress(), 1.0);
  ASSERT_TRUE(source->EstimatedRows().has_value());
  EXPECT_NEAR(static_cast<double>(*source->EstimatedRows()), 20000.0, 2000.0);
}

TEST(CsvReaderTest, LongStringsAreCopied) {
  TempDirectory dir;
  std::string long_text(100, 'z');
  auto source = Open(dir.Write("a.csv", "s,n\n" + long_text + ",1\nshort,2\n"));
  EXPECT_THAT(ReadAllRows(*source), ElementsAre(long_text + "|1", "short|2"));
}

TEST(CsvReaderTest, DescribeNamesFileAndDialect) {
  TempDirectory dir;
  std::string path = dir.Write("a.csv", "a;b\n1;2\n");
  EXPECT_THAT(Open(path)->Describe(), HasSubstr("delim=';'"));
}

}  // namespace
}  // namespace tarn::format::csv
