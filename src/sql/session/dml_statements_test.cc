#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/session/session.h"

namespace tarn::sql {
namespace {

std::string ErrorOf(Session& session, const std::string& sql) {
  try {
    session.Execute(sql);
  } catch (const Error& error) {
    return error.message();
  }
  return "(no error)";
}

std::vector<int64_t> Column(const QueryResult& result, size_t column) {
  std::vector<int64_t> values;
  for (size_t row = 0; row < result.row_count(); ++row) {
    exec::Value value = result.GetValue(column, row);
    values.push_back(value.is_null() ? -1 : value.integer());
  }
  return values;
}

TEST(DmlStatementsTest, ReportAffectedRowsAndStatusTags) {
  Session session(SessionOptions{1});
  auto results = session.Execute(
      "CREATE TABLE t(a INTEGER, b INTEGER);"
      "INSERT INTO t(b, a) VALUES (10, 1), (20, 2), (30, 3);"
      "UPDATE t SET b = b + a WHERE a >= 2;"
      "DELETE FROM t WHERE b > 30;"
      "DROP TABLE t");
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].status, "CREATE TABLE");
  EXPECT_EQ(results[0].affected_rows, -1);
  EXPECT_EQ(results[1].status, "INSERT 3");
  EXPECT_EQ(results[1].affected_rows, 3);
  EXPECT_EQ(results[2].status, "UPDATE 2");
  EXPECT_EQ(results[2].affected_rows, 2);
  EXPECT_EQ(results[3].status, "DELETE 1");  // 33 > 30; 22 stays
  EXPECT_EQ(results[3].affected_rows, 1);
  EXPECT_EQ(results[4].status, "DROP TABLE");
  EXPECT_TRUE(results[1].column_names.empty());
}

TEST(DmlStatementsTest, UpdateReadsOldValuesAndKeepsRowOrder) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t(a INTEGER, b INTEGER); INSERT INTO t VALUES (1, 2), (3, 4), (5, 6)");
  session.Execute("UPDATE t SET a = b, b = a WHERE a <> 3");
  QueryResult rows = session.Query("SELECT a, b FROM t");
  EXPECT_EQ(Column(rows, 0), (std::vector<int64_t>{2, 3, 6}));
  EXPECT_EQ(Column(rows, 1), (std::vector<int64_t>{1, 4, 5}));
}

TEST(DmlStatementsTest, FailedStatementsChangeNothing) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t(a INTEGER NOT NULL, b INTEGER)");
  session.Execute("INSERT INTO t VALUES (1, 1)");
  EXPECT_EQ(ErrorOf(session, "INSERT INTO t VALUES (2, 2), (NULL, 3)"),
            "null value in column \"a\" of relation \"t\" violates not-null constraint");
  EXPECT_EQ(ErrorOf(session, "INSERT INTO t(b) VALUES (5)"),
            "null value in column \"a\" of relation \"t\" violates not-null constraint");
  EXPECT_EQ(ErrorOf(session, "UPDATE t SET a = NULL"),
            "null value in column \"a\" of relation \"t\" violates not-null constraint");
  EXPECT_EQ(ErrorOf(session, "UPDATE t SET b = 1 / (a - 1)"), "division by zero");
  QueryResult rows = session.Query("SELECT a, b FROM t");
  EXPECT_EQ(Column(rows, 0), (std::vector<int64_t>{1}));
  EXPECT_EQ(Column(rows, 1), (std::vector<int64_t>{1}));
}

TEST(DmlStatementsTest, RunningQueriesKeepTheirSnapshot) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t AS SELECT * FROM (VALUES (1), (2)) v(x)");
  // The subquery reads the table before the DELETE publishes its new rows.
  auto results = session.Execute("DELETE FROM t WHERE x < (SELECT max(x) FROM t); SELECT x FROM t");
  EXPECT_EQ(results[0].affected_rows, 1);
  EXPECT_EQ(Column(results[1], 0), (std::vector<int64_t>{2}));
}

TEST(DmlStatementsTest, ManySmallInsertsStayInFewChunks) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t(a INTEGER)");
  for (int i = 0; i < 300; ++i) session.Execute("INSERT INTO t VALUES (" + std::to_string(i) + ")");
  QueryResult sum = session.Query("SELECT count(*), sum(a) FROM t");
  EXPECT_EQ(sum.GetValue(0, 0).integer(), 300);
  EXPECT_EQ(sum.GetValue(1, 0).integer(), 299 * 300 / 2);
  QueryResult all = session.Query("SELECT a FROM t");
  EXPECT_EQ(all.chunks.size(), 1u);
  EXPECT_EQ(all.GetValue(0, 299).integer(), 299);  // insertion order kept
}

TEST(DmlStatementsTest, ExplainAnalyzeShowsActualRowsPerOperator) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'a')) v(x, g)");
  QueryResult result = session.Query("EXPLAIN ANALYZE SELECT g, count(*) FROM t WHERE x > 1 GROUP BY g");
  std::vector<std::string> lines;
  for (size_t row = 0; row < result.row_count(); ++row) lines.push_back(result.GetValue(0, row).string());
  // Operator lines carry "(rows=N, time=...ms)"; times are not matched.
  auto line_of = [&](const std::string& name) -> std::string {
    for (const auto& line : lines) {
      if (line.find(name + " (rows=") != std::string::npos) return line;
    }
    return "";
  };
  EXPECT_NE(line_of("HASH_AGGREGATE").find("rows=2,"), std::string::npos) << line_of("HASH_AGGREGATE");
  EXPECT_NE(line_of("FILTER").find("rows=2,"), std::string::npos) << line_of("FILTER");
  EXPECT_NE(line_of("CHUNK_SOURCE").find("rows=3,"), std::string::npos) << line_of("CHUNK_SOURCE");
  for (const std::string name : {"HASH_AGGREGATE", "FILTER", "CHUNK_SOURCE"}) {
    EXPECT_NE(line_of(name).find("time="), std::string::npos) << name;
  }
  // The children are indented below their parent.
  EXPECT_LT(line_of("HASH_AGGREGATE").find("HASH_AGGREGATE"), line_of("FILTER").find("FILTER"));
}

}  // namespace
}  // namespace tarn::sql
