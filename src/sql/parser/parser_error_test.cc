#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

Error ParseError(std::string_view sql) {
  try {
    ParseStatements(sql);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for: " << sql.substr(0, 200);
  return Error(ErrorCode::kInternal, "no error");
}

void ExpectSyntaxError(std::string_view sql, int64_t offset, std::string_view message) {
  Error error = ParseError(sql);
  EXPECT_EQ(error.code(), ErrorCode::kSyntaxError) << sql;
  EXPECT_EQ(error.location().query_offset, offset) << sql;
  EXPECT_EQ(error.message(), message) << sql;
}

TEST(ParserErrorTest, PointsAtTheOffendingToken) {
  ExpectSyntaxError("SELEC 1", 0, "syntax error at or near \"SELEC\"");
  ExpectSyntaxError("SELECT 1 +", 10, "syntax error at end of input");
  ExpectSyntaxError("SELECT a b c FROM t", 11, "syntax error at or near \"c\"");
  ExpectSyntaxError("SELECT (1 + 2", 13, "syntax error at end of input, expected \")\"");
  ExpectSyntaxError("SELECT (1 + 2 FROM t", 14, "syntax error at or near \"FROM\", expected \")\"");
  ExpectSyntaxError("SELECT * FROM t WHERE", 21, "syntax error at end of input");
  ExpectSyntaxError("SELECT * FROM t WHERE a = = 1", 26, "syntax error at or near \"=\"");
  ExpectSyntaxError("SELECT 1; SELECT * FROM", 23, "syntax error at end of input");
  ExpectSyntaxError("SELECT select FROM t", 7, "syntax error at or near \"select\"");
  ExpectSyntaxError("SELECT * FROM t JOIN u", 22,
                    "syntax error at end of input, expected ON or USING");
  ExpectSyntaxError("SELECT CASE END", 12, "syntax error at or near \"END\"");
  ExpectSyntaxError("SELECT CASE x END", 14, "syntax error at or near \"END\", expected WHEN");
  ExpectSyntaxError("SELECT 'abc", 7, "unterminated quoted string");
  ExpectSyntaxError("VALUES (1, 2), (3)", 15, "VALUES lists must all be the same length");
  ExpectSyntaxError("SELECT $0", 7, "there is no parameter $0");
  ExpectSyntaxError("SELECT 1 2", 9, "syntax error at or near \"2\"");
  ExpectSyntaxError("CREATE TABLE t (a INT", 21, "syntax error at end of input, expected \")\"");
  ExpectSyntaxError("INSERT INTO t", 13, "syntax error at end of input, expected VALUES or SELECT");
  ExpectSyntaxError("SELECT a FROM t GROUP a", 22,
                    "syntax error at or near \"a\", expected BY");
  ExpectSyntaxError("SELECT 1 SELECT 2", 9, "syntax error at or near \"SELECT\"");
}

TEST(ParserErrorTest, RenderShowsACaret) {
  std::string sql = "SELECT a,\n  b +* c FROM t";
  Error error = ParseError(sql);
  EXPECT_EQ(error.location().query_offset, 15);
  std::string rendered = error.Render(sql);
  EXPECT_THAT(rendered, testing::HasSubstr("syntax error at or near \"*\""));
  EXPECT_THAT(rendered, testing::HasSubstr("b +* c FROM t"));
}

TEST(ParserErrorTest, UnsupportedConstructsSayWhat) {
  struct Case {
    const char* sql;
    int64_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT * FROM t, LATERAL (SELECT 1)", 17, "not supported: LATERAL"},
      {"CREATE INDEX i ON t (a)", 7, "not supported: CREATE INDEX"},
      {"SELECT a FROM t GROUP BY ROLLUP (a)", 25, "not supported: ROLLUP/CUBE"},
      {"TRUNCATE t", 0, "not supported: TRUNCATE"},
      {"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", 25, "not supported: ON CONFLICT"},
      {"SELECT (1, 2)", 7, "not supported: row constructors"},
      {"SELECT a < ANY (SELECT 1)", 11,
       "not supported: comparison with ANY/ALL other than = ANY and <> ALL"},
      {"COPY t FROM STDIN", 12, "not supported: COPY stdin"},
  };
  for (const Case& test : cases) {
    Error error = ParseError(test.sql);
    EXPECT_EQ(error.code(), ErrorCode::kNotSupported) << test.sql;
    EXPECT_EQ(error.location().query_offset, test.offset) << test.sql;
    EXPECT_EQ(error.message(), test.message) << test.sql;
  }
}

TEST(ParserErrorTest, DeepNestingIsRejectedCleanly) {
  const size_t kDepth = 20000;
  auto expect_too_deep = [](const std::string& sql) {
    Error error = ParseError(sql);
    EXPECT_EQ(error.code(), ErrorCode::kSyntaxError);
    EXPECT_THAT(error.message(), testing::HasSubstr("nested too deeply")) << sql.substr(0, 60);
  };
  expect_too_deep("SELECT " + std::string(kDepth, '(') + "1" + std::string(kDepth, ')'));
  std::string chain = "SELECT 1";
  for (size_t i = 0; i < kDepth; ++i) chain += "+1";
  expect_too_deep(chain);
  std::string nots = "SELECT ";
  for (size_t i = 0; i < kDepth; ++i) nots += "NOT ";
  expect_too_deep(nots + "TRUE");
  std::string negations = "SELECT ";
  for (size_t i = 0; i < kDepth; ++i) negations += "- ";
  expect_too_deep(negations + "x");
  std::string casts = "SELECT x";
  for (size_t i = 0; i < kDepth; ++i) casts += "::int";
  expect_too_deep(casts);
  std::string subqueries = "SELECT * FROM ";
  for (size_t i = 0; i < kDepth; ++i) subqueries += "(SELECT * FROM ";
  expect_too_deep(subqueries + "t");
  std::string unions = "SELECT 1";
  for (size_t i = 0; i < kDepth; ++i) unions += " UNION SELECT 1";
  expect_too_deep(unions);
  std::string joins = "SELECT * FROM t";
  for (size_t i = 0; i < kDepth; ++i) joins += " CROSS JOIN t";
  expect_too_deep(joins);
  std::string calls = "SELECT ";
  for (size_t i = 0; i < kDepth; ++i) calls += "f(";
  expect_too_deep(calls);

  // Reasonable nesting still parses.
  EXPECT_NO_THROW(ParseStatements("SELECT " + std::string(200, '(') + "1" + std::string(200, ')')));
  std::string long_chain = "SELECT 1";
  for (int i = 0; i < 500; ++i) long_chain += " OR x = 1";
  EXPECT_NO_THROW(ParseStatements(long_chain));
}

}  // namespace
}  // namespace tarn::sql
