#include "format/json/ndjson_reader.h"

#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "format/format_registry.h"
#include "format/scan_test_reader.h"

// Expected rows: DuckDB 1.5.6 read_json on the same text (nested values with maximum_depth=1,
// whose JSON text tarn keeps as VARCHAR), or derived by hand where noted.
namespace tarn::format::json {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TempDirectory {
 public:
  TempDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tarn-json-XXXXXX").string();
    TARN_CHECK(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string full = path_ + "/" + name;
    std::ofstream out(full, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return full;
  }

 private:
  std::string path_;
};

ScanOptions Options(std::vector<std::pair<std::string, exec::Value>> values = {}) {
  ScanOptions options;
  for (auto& [name, value] : values) options.values[name] = std::move(value);
  return options;
}

std::vector<std::string> TypeNames(const ScanSource& source) {
  std::vector<std::string> names;
  for (const auto& column : source.schema()) names.push_back(column.name + ":" + column.type.ToString());
  return names;
}

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

TEST(NdjsonReaderTest, InfersColumnsInOrderOfFirstAppearance) {
  TempDirectory dir;
  std::string path = dir.Write(
      "a.ndjson",
      "{\"a\": 1, \"b\": \"x\", \"c\": 1.5, \"d\": true, \"e\": \"2024-01-02\", \"g\": {\"k\": [1, 2]}, "
      "\"h\": [1,\"a\"], \"i\": \"123\"}\n"
      "{\"a\": 2, \"b\": null, \"c\": 2, \"d\": false, \"e\": \"2024-02-03\", \"g\": null, \"h\": [], "
      "\"i\": \"x\"}\n"
      "{\"a\": 3, \"c\": 1e3, \"z\": 5}\n");
  auto source = OpenScan("", {path}, {});
  EXPECT_THAT(TypeNames(*source),
              ElementsAre("a:BIGINT", "b:VARCHAR", "c:DOUBLE", "d:BOOLEAN", "e:DATE", "g:VARCHAR",
                          "h:VARCHAR", "i:VARCHAR", "z:BIGINT"));
  EXPECT_THAT(ReadAllRows(*source),
              ElementsAre("1|x|1.5|true|2024-01-02|{\"k\":[1,2]}|[1,\"a\"]|123|NULL",
                          "2|NULL|2|false|2024-02-03|NULL|[]|x|NULL",
                          "3|NULL|1000|NULL|NULL|NULL|NULL|NULL|5"));
  EXPECT_EQ(source->EstimatedRows(), 3u);
}

TEST(NdjsonReaderTest, MixedKindsKeepTheirJsonText) {
  TempDirectory dir;
  std::string path = dir.Write("m.jsonl",
                               "{\"m\": 1, \"n\": true, \"o\": 1}\n"
                               "{\"m\": \"s\", \"n\": 2, \"o\": 2.5}\n"
                               "{\"m\": true, \"n\": \"q\", \"o\": 18446744073709551615}\n");
  auto source = OpenScan("", {path}, {});
  EXPECT_THAT(TypeNames(*source), ElementsAre("m:VARCHAR", "n:VARCHAR", "o:DOUBLE"));
  EXPECT_THAT(ReadAllRows(*source),
              ElementsAre("1|true|1", "\"s\"|2|2.5", "true|\"q\"|18446744073709551616"));
}

TEST(NdjsonReaderTest, StringsWithEscapesAndTimestamps) {
  // By hand: JSON escapes decoded (\u00e9 is é in UTF-8); timestamps in one format infer TIMESTAMP.
  TempDirectory dir;
  std::string path = dir.Write("s.json",
                               "{\"s\": \"a\\\"b\\u00e9 and a longer tail\", \"t\": \"2024-01-02 03:04:05\"}\r\n"
                               "\n"
                               "  {\"t\": \"2025-12-31 23:59:59.5\", \"s\": \"\\n\"}  \n");
  auto source = OpenScan("", {path}, {});
  EXPECT_THAT(TypeNames(*source), ElementsAre("s:VARCHAR", "t:TIMESTAMP"));
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("a\"b\xC3\xA9 and a longer tail|2024-01-02 03:04:05",
                                            "\n|2025-12-31 23:59:59.5"));
}

TEST(NdjsonReaderTest, ProjectionAndKeysOutsideTheSample) {
  TempDirectory dir;
  std::string path = dir.Write("p.ndjson",
                               "{\"a\": 1, \"b\": 2}\n"
                               "{\"c\": 9, \"b\": 4, \"a\": 3}\n");
  auto source = OpenScan("ndjson", {path}, Options({{"sample_size", exec::Value::Bigint(1)}}));
  EXPECT_THAT(TypeNames(*source), ElementsAre("a:BIGINT", "b:BIGINT"));
  EXPECT_THAT(ReadAllRows(*source, {1}), ElementsAre("2", "4"));
}

TEST(NdjsonReaderTest, DeclaredColumnsConvertValues) {
  TempDirectory dir;
  std::string path = dir.Write("d.ndjson",
                               "{\"i\": 7, \"p\": 12.345, \"day\": \"2024-03-01\", \"f\": \"true\"}\n"
                               "{\"i\": \"8\", \"p\": \"-1.5\", \"day\": null}\n");
  ScanOptions options;
  options.struct_options["columns"] = {{"i", exec::Value::Varchar("INTEGER")},
                                       {"p", exec::Value::Varchar("DECIMAL(10,2)")},
                                       {"day", exec::Value::Varchar("DATE")},
                                       {"f", exec::Value::Varchar("BOOLEAN")}};
  auto source = OpenScan("json", {path}, options);
  // By hand: DECIMAL(10,2) rounds 12.345 half away from zero to 12.35, as CAST does.
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("7|12.35|2024-03-01|true", "8|-1.50|NULL|NULL"));
}

TEST(NdjsonReaderTest, ParallelMorselsGiveTheSameRows) {
  TempDirectory dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += fmt::format("{{\"id\": {}, \"name\": \"row number {}\"}}\n", i, i);
  std::string path = dir.Write("big.ndjson", text);
  auto whole = OpenScan("ndjson", {path}, Options({{"parallel", exec::Value::Boolean(false)}}));
  auto split = OpenScan("ndjson", {path}, Options({{"morsel_size", exec::Value::Bigint(997)}}));
  std::vector<std::string> expected = ReadAllRows(*whole);
  ASSERT_EQ(expected.size(), 5000u);
  EXPECT_EQ(expected[4999], "4999|row number 4999");
  EXPECT_EQ(ReadAllRows(*split), expected);
  EXPECT_DOUBLE_EQ(split->Progress(), 1.0);
}

TEST(NdjsonReaderTest, ReadsGzipFiles) {
  TempDirectory dir;
  std::string path = dir.Write("z.ndjson.gz", "");
  gzFile file = gzopen(path.c_str(), "wb");
  std::string text = "{\"k\": 1}\n{\"k\": 2}\n";
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  auto source = OpenScan("", {path}, {});
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1", "2"));
}

TEST(NdjsonReaderTest, MalformedLinesNameFileLineAndColumn) {
  TempDirectory dir;
  std::string bad_sample = dir.Write("bad.ndjson", "{\"a\": 1}\n{\"a\": 2,, }\n");
  Error error = CaptureError([&] { OpenScan("", {bad_sample}, {}); });
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(error.message(), HasSubstr("malformed JSON"));
  EXPECT_EQ(error.location().file, bad_sample);
  EXPECT_EQ(error.location().line, 2);

  std::string not_object = dir.Write("scalar.ndjson", "{\"a\": 1}\n  42\n");
  error = CaptureError([&] { OpenScan("", {not_object}, {}); });
  EXPECT_THAT(error.message(), HasSubstr("expected a JSON object on each line"));
  EXPECT_EQ(error.location().line, 2);
  EXPECT_EQ(error.location().column, 3);

  std::string trailing = dir.Write("trailing.ndjson", "{\"a\": 1} {\"b\": 2}\n");
  error = CaptureError([&] { OpenScan("", {trailing}, {}); });
  EXPECT_THAT(error.message(), HasSubstr("unexpected text after the JSON object"));
  EXPECT_EQ(error.location().column, 10);

  // A value after the sample that does not fit the inferred type: the key's position.
  std::string late = dir.Write("late.ndjson", "{\"a\": 1}\n{\"a\": 2}\n{\"b\": 0,  \"a\": 2.5}\n");
  auto source = OpenScan("", {late}, Options({{"sample_size", exec::Value::Bigint(2)}}));
  error = CaptureError([&] { ReadAllRows(*source); });
  EXPECT_EQ(error.message(), "value of column 'a' is not a valid BIGINT");
  EXPECT_EQ(error.location().line, 3);
  EXPECT_EQ(error.location().column, 11);
}

TEST(NdjsonReaderTest, IgnoreErrorsCountsAndReportsRejectedLines) {
  TempDirectory dir;
  std::string path = dir.Write("r.ndjson", "{\"a\": 1}\n{\"a\": \"x\"}\n[1]\n{\"a\": 4}\n{\"a\"\n");
  ScanOptions options = Options({{"ignore_errors", exec::Value::Boolean(true)}});
  options.struct_options["columns"] = {{"a", exec::Value::Varchar("BIGINT")}};
  auto source = OpenScan("", {path}, options);
  std::mutex mutex;
  std::vector<std::string> rejected;
  source->SetRejectHandler([&](RejectedRow row) {
    std::lock_guard lock(mutex);
    rejected.push_back(fmt::format("{}|{}|{}", row.offset, row.reason, row.text));
  });
  EXPECT_THAT(ReadAllRows(*source), ElementsAre("1", "4"));
  EXPECT_EQ(source->RejectedRows(), 3u);
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_EQ(rejected[0], "9|value of column 'a' is not a valid BIGINT|{\"a\": \"x\"}");
  EXPECT_EQ(rejected[1], "20|expected a JSON object on each line|[1]");
  EXPECT_THAT(rejected[2], HasSubstr("33|malformed JSON"));
}

TEST(NdjsonReaderTest, JsonArrayDocumentsAreNotSupported) {
  TempDirectory dir;
  std::string path = dir.Write("array.json", "[{\"a\": 1}, {\"a\": 2}]\n");
  Error error = CaptureError([&] { OpenScan("", {path}, {}); });
  EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
  EXPECT_THAT(error.message(), HasSubstr("newline-delimited"));
}

TEST(NdjsonReaderTest, RejectsUnknownOptions) {
  TempDirectory dir;
  std::string path = dir.Write("o.ndjson", "{\"a\": 1}\n");
  Error error = CaptureError([&] { OpenScan("json", {path}, Options({{"delim", exec::Value::Varchar(",")}})); });
  EXPECT_EQ(error.message(), "unknown option 'delim' for read_json");
  error = CaptureError(
      [&] { OpenScan("json", {path}, Options({{"format", exec::Value::Varchar("array")}})); });
  EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
}

}  // namespace
}  // namespace tarn::format::json
