#include "cli/result_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn::cli {
namespace {

using exec::Value;

// A result with the given columns and rows (all rows in one chunk).
sql::QueryResult MakeResult(std::vector<std::string> names, std::vector<LogicalType> types,
                            const std::vector<std::vector<Value>>& rows) {
  sql::QueryResult result;
  result.column_names = std::move(names);
  result.column_types = types;
  exec::DataChunk chunk(types);
  for (size_t row = 0; row < rows.size(); ++row) {
    for (size_t column = 0; column < types.size(); ++column) {
      chunk.column(column).SetValue(row, rows[row][column]);
    }
  }
  chunk.SetPhysicalSize(rows.size());
  result.chunks.push_back(std::move(chunk));
  return result;
}

std::string Write(const sql::QueryResult& result, FormatOptions options) {
  OutputBuffer out;
  WriteResult(result, options, out);
  return out.text();
}

std::string Write(const sql::QueryResult& result, OutputFormat format) {
  FormatOptions options;
  options.format = format;
  return Write(result, options);
}

sql::QueryResult MixedResult() {
  return MakeResult({"id", "name", "score"}, {TypeId::kInteger, TypeId::kVarchar, TypeId::kDouble},
                    {{Value::Integer(1), Value::Varchar("a,b"), Value::Double(0.1)},
                     {Value::Null(TypeId::kInteger), Value::Varchar(""), Value::Null(TypeId::kDouble)},
                     {Value::Integer(-3), Value::Null(TypeId::kVarchar), Value::Double(1e20)}});
}

TEST(ResultWriterTest, CsvFieldsQuotedOnlyWhenNeeded) {
  std::string out;
  AppendCsvField("plain", ',', out);
  EXPECT_EQ(out, "plain");
  out.clear();
  AppendCsvField("a,b", ',', out);
  EXPECT_EQ(out, "\"a,b\"");
  out.clear();
  AppendCsvField("say \"hi\"", ',', out);
  EXPECT_EQ(out, "\"say \"\"hi\"\"\"");
  out.clear();
  AppendCsvField("two\nlines", ',', out);
  EXPECT_EQ(out, "\"two\nlines\"");
  out.clear();
  AppendCsvField("", ',', out);
  EXPECT_EQ(out, "\"\"");
}

TEST(ResultWriterTest, TsvEscapesSeparators) {
  std::string out;
  AppendTsvField("a\tb\nc\\d", out);
  EXPECT_EQ(out, "a\\tb\\nc\\\\d");
}

TEST(ResultWriterTest, JsonStringsEscaped) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01 é", out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 é\"");
}

TEST(ResultWriterTest, CsvHasHeaderAndEmptyNulls) {
  EXPECT_EQ(Write(MixedResult(), OutputFormat::kCsv),
            "id,name,score\n"
            "1,\"a,b\",0.1\n"
            ",\"\",\n"
            "-3,,1e+20\n");
}

TEST(ResultWriterTest, TsvHasHeaderAndEmptyNulls) {
  EXPECT_EQ(Write(MixedResult(), OutputFormat::kTsv),
            "id\tname\tscore\n"
            "1\ta,b\t0.1\n"
            "\t\t\n"
            "-3\t\t1e+20\n");
}

TEST(ResultWriterTest, JsonArrayWithNulls) {
  EXPECT_EQ(Write(MixedResult(), OutputFormat::kJson),
            "[{\"id\":1,\"name\":\"a,b\",\"score\":0.1},\n"
            "{\"id\":null,\"name\":\"\",\"score\":null},\n"
            "{\"id\":-3,\"name\":null,\"score\":1e+20}]\n");
}

TEST(ResultWriterTest, NdjsonOneObjectPerLine) {
  sql::QueryResult result = MakeResult({"b", "x"}, {TypeId::kBoolean, TypeId::kDouble},
                                       {{Value::Boolean(true), Value::Double(std::strtod("nan", nullptr))},
                                        {Value::Boolean(false), Value::Double(-2.5)}});
  EXPECT_EQ(Write(result, OutputFormat::kNdjson),
            "{\"b\":true,\"x\":null}\n"
            "{\"b\":false,\"x\":-2.5}\n");
}

TEST(ResultWriterTest, EmptyJsonResultIsEmptyArray) {
  sql::QueryResult result = MakeResult({"a"}, {TypeId::kInteger}, {});
  EXPECT_EQ(Write(result, OutputFormat::kJson), "[]\n");
  EXPECT_EQ(Write(result, OutputFormat::kCsv), "a\n");
}

TEST(ResultWriterTest, DoublesPrintShortestRoundTrip) {
  std::vector<double> values = {0.1, 1.0 / 3, -0.12345678901234567, 123456789.125, 5e-324, 1.7976931348623157e308};
  for (double value : values) {
    sql::QueryResult result = MakeResult({"x"}, {TypeId::kDouble}, {{Value::Double(value)}});
    std::string csv = Write(result, OutputFormat::kCsv);
    std::string text = csv.substr(2, csv.size() - 3);  // drop "x\n" and the final "\n"
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
  sql::QueryResult result = MakeResult({"x"}, {TypeId::kDouble}, {{Value::Double(0.1)}, {Value::Double(2.0)}});
  EXPECT_EQ(Write(result, OutputFormat::kCsv), "x\n0.1\n2\n");
}

TEST(ResultWriterTest, TableAlignsNumbersRightAndTextLeft) {
  sql::QueryResult result = MakeResult({"n", "s"}, {TypeId::kInteger, TypeId::kVarchar},
                                       {{Value::Integer(1), Value::Varchar("x")},
                                        {Value::Integer(100), Value::Null(TypeId::kVarchar)}});
  EXPECT_EQ(Write(result, OutputFormat::kTable),
            "┌─────────┬─────────┐\n"
            "│    n    │    s    │\n"
            "│ integer │ varchar │\n"
            "├─────────┼─────────┤\n"
            "│       1 │ x       │\n"
            "│     100 │ NULL    │\n"
            "└─────────┴─────────┘\n"
            "2 rows\n");
}

TEST(ResultWriterTest, TableElidesMiddleRowsAndCutsWideValues) {
  std::vector<std::vector<Value>> rows;
  for (int i = 1; i <= 6; ++i) rows.push_back({Value::Integer(i), Value::Varchar(i == 1 ? "abcdefgh" : "ab")});
  sql::QueryResult result = MakeResult({"i", "v"}, {TypeId::kInteger, TypeId::kVarchar}, rows);
  FormatOptions options;
  options.max_rows = 4;
  options.max_value_width = 5;
  EXPECT_EQ(Write(result, options),
            "┌─────────┬─────────┐\n"
            "│    i    │    v    │\n"
            "│ integer │ varchar │\n"
            "├─────────┼─────────┤\n"
            "│       1 │ abcd…   │\n"
            "│       2 │ ab      │\n"
            "│    ·    │    ·    │\n"
            "│       5 │ ab      │\n"
            "│       6 │ ab      │\n"
            "└─────────┴─────────┘\n"
            "6 rows (4 shown)\n");
}

TEST(ResultWriterTest, StatusOnlyInTable) {
  sql::QueryResult result;
  result.status = "CREATE TABLE";
  EXPECT_EQ(Write(result, OutputFormat::kTable), "CREATE TABLE\n");
  EXPECT_EQ(Write(result, OutputFormat::kCsv), "");
}

TEST(ResultWriterTest, ParsesFormatNames) {
  EXPECT_EQ(ParseOutputFormat("CSV"), OutputFormat::kCsv);
  EXPECT_EQ(ParseOutputFormat("ndjson"), OutputFormat::kNdjson);
  EXPECT_EQ(ParseOutputFormat("xml"), std::nullopt);
  EXPECT_EQ(DisplayWidth("héllo"), 5u);
}

}  // namespace
}  // namespace tarn::cli
