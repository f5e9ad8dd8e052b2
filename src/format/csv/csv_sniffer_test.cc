#include "format/csv/csv_sniffer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "format/type_detection.h"

namespace tarn::format::csv {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Names(const CsvSniffResult& result) {
  std::vector<std::string> names;
  for (const auto& column : result.columns) names.push_back(column.name);
  return names;
}

std::vector<TypeId> Types(const CsvSniffResult& result) {
  std::vector<TypeId> types;
  for (const auto& column : result.columns) types.push_back(column.type.id());
  return types;
}

TEST(CsvSnifferTest, DetectsSeedLayout) {
  CsvSniffResult result = SniffCsv(
      "id,value1,category\n0,-0.12345678901234567,441\n1,1.5,865\n2,3,7\n", false, CsvOptions{});
  EXPECT_EQ(result.dialect.delimiter, ',');
  EXPECT_TRUE(result.dialect.header);
  EXPECT_THAT(Names(result), ElementsAre("id", "value1", "category"));
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kBigint, TypeId::kDouble, TypeId::kBigint));
  EXPECT_EQ(result.sampled_rows, 3);
  EXPECT_FALSE(result.quoted_newlines);
}

TEST(CsvSnifferTest, DetectsSemicolonDelimiter) {
  CsvSniffResult result = SniffCsv("a;b;c\n1,5;2;x\n3,5;4;y\n", true, CsvOptions{});
  EXPECT_EQ(result.dialect.delimiter, ';');
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kVarchar, TypeId::kBigint, TypeId::kVarchar));
}

TEST(CsvSnifferTest, DetectsTabAndPipeDelimiters) {
  EXPECT_EQ(SniffCsv("a\tb\n1\t2\n", true, CsvOptions{}).dialect.delimiter, '\t');
  EXPECT_EQ(SniffCsv("a|b|c\n1|2|3\n", true, CsvOptions{}).dialect.delimiter, '|');
}

TEST(CsvSnifferTest, DetectsMissingHeader) {
  CsvSniffResult result = SniffCsv("1,2.5,true\n3,4,false\n", true, CsvOptions{});
  EXPECT_FALSE(result.dialect.header);
  EXPECT_THAT(Names(result), ElementsAre("column0", "column1", "column2"));
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kBigint, TypeId::kDouble, TypeId::kBoolean));
  EXPECT_EQ(result.sampled_rows, 2);
}

TEST(CsvSnifferTest, FirstRowWidensTypesWithoutHeader) {
  // The header option says the first row is data, so its 1.5 makes the column DOUBLE.
  CsvOptions options;
  options.header = false;
  CsvSniffResult result = SniffCsv("1.5,a\n2,b\n", true, options);
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kDouble, TypeId::kVarchar));
}

TEST(CsvSnifferTest, DetectsDatesAndTimestamps) {
  CsvSniffResult result =
      SniffCsv("d,t\n2024-01-31,2024-01-31 10:00:00\n2023-12-01,2024-02-01\n", true, CsvOptions{});
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kDate, TypeId::kTimestamp));
}

TEST(CsvSnifferTest, IntegersTooLargeForBigintAreDouble) {
  CsvSniffResult result = SniffCsv("a\n1\n99999999999999999999\n", true, CsvOptions{});
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kDouble));
}

TEST(CsvSnifferTest, QuotedFieldsAndNewlines) {
  CsvSniffResult result = SniffCsv("name,n\n\"a,b\",1\n\"line\nbreak\",2\n", true, CsvOptions{});
  EXPECT_EQ(result.dialect.delimiter, ',');
  EXPECT_TRUE(result.quoted_newlines);
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kVarchar, TypeId::kBigint));
}

TEST(CsvSnifferTest, EmptyAndDuplicateHeaderNamesAreMadeUnique) {
  CsvOptions options;
  options.header = true;
  CsvSniffResult result = SniffCsv("a,a,\n1,2,3\n", true, options);
  EXPECT_THAT(Names(result), ElementsAre("a", "a_1", "column2"));
}

TEST(CsvSnifferTest, AllVarcharAndDeclaredColumns) {
  CsvOptions options;
  options.all_varchar = true;
  EXPECT_THAT(Types(SniffCsv("a,b\n1,2\n", true, options)), ElementsAre(TypeId::kVarchar, TypeId::kVarchar));
  CsvOptions declared;
  declared.columns = {{"x", TypeId::kDouble}, {"y", TypeId::kVarchar}};
  CsvSniffResult result = SniffCsv("x,y\n1,2\n", true, declared);
  EXPECT_TRUE(result.dialect.header);
  EXPECT_THAT(Names(result), ElementsAre("x", "y"));
  EXPECT_THAT(Types(result), ElementsAre(TypeId::kDouble, TypeId::kVarchar));
}

TEST(CsvSnifferTest, HeaderOnlyFile) {
  CsvSniffResult result = SniffCsv("alpha,beta\n", true, CsvOptions{});
  EXPECT_TRUE(result.dialect.header);
  EXPECT_THAT(Names(result), ElementsAre("alpha", "beta"));
  EXPECT_EQ(result.sampled_rows, 0);
}

TEST(CsvSnifferTest, SplitHandlesDoubledQuotesAndCrlf) {
  CsvDialect dialect;
  CsvSampleRows rows = SplitCsvRows("\"a\"\"b\",c\r\nd,e\r\n", dialect, true, 10);
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_THAT(rows.rows[0], ElementsAre("a\"b", "c"));
  EXPECT_THAT(rows.rows[1], ElementsAre("d", "e"));
}

TEST(CsvSnifferTest, SplitDropsIncompleteLastRowUnlessAtEnd) {
  CsvDialect dialect;
  EXPECT_EQ(SplitCsvRows("a,b\nc,d", dialect, false, 10).rows.size(), 1u);
  EXPECT_EQ(SplitCsvRows("a,b\nc,d", dialect, true, 10).rows.size(), 2u);
}

TEST(TypeDetectionTest, NarrowsCandidates) {
  ColumnTypeDetector detector;
  EXPECT_EQ(detector.Result().id(), TypeId::kVarchar);  // nothing seen
  detector.Observe("1");
  EXPECT_EQ(detector.Result().id(), TypeId::kBigint);
  detector.Observe("");
  EXPECT_EQ(detector.Result().id(), TypeId::kBigint);
  detector.Observe("2.5");
  EXPECT_EQ(detector.Result().id(), TypeId::kDouble);
  detector.Observe("x");
  EXPECT_EQ(detector.Result().id(), TypeId::kVarchar);
  ColumnTypeDetector booleans;
  booleans.Observe("TRUE");
  booleans.Observe("false");
  EXPECT_EQ(booleans.Result().id(), TypeId::kBoolean);
  EXPECT_FALSE(TextFitsType("1", TypeId::kBoolean));
}

}  // namespace
}  // namespace tarn::format::csv
