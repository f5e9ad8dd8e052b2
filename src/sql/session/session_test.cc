#include "sql/session/session.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.h"

namespace tarn::sql {
namespace {

namespace fs = std::filesystem;

// A temp directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("tarn_session_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string file = (path_ / name).string();
    std::ofstream(file) << content;
    return file;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

constexpr const char* kSeedQuery =
    "SELECT category, avg(value1), stddev(value1), min(value1), max(value1), avg(value2), "
    "stddev(value2), min(value2), max(value2), avg(value3), stddev(value3), min(value3), "
    "max(value3), avg(value1) * stddev(value2) + max(value3) - min(value1) AS combined FROM '{}' "
    "GROUP BY category ORDER BY category";

std::string SeedQuery(const std::string& path) {
  std::string sql = kSeedQuery;
  sql.replace(sql.find("{}"), 2, path);
  return sql;
}

double D(const QueryResult& result, size_t column, size_t row) {
  return result.GetValue(column, row).double_value();
}

// Expects 'sql' to fail with 'code', 'message' and the query offset of 'at' in 'sql'.
void ExpectError(Session& session, const std::string& sql, ErrorCode code,
                 const std::string& message, const std::string& at) {
  try {
    session.Query(sql);
    ADD_FAILURE() << "no error for: " << sql;
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), code) << error.what();
    EXPECT_EQ(error.message(), message);
    EXPECT_EQ(error.location().query_offset, static_cast<int64_t>(sql.find(at))) << error.what();
  }
}

TEST(SessionTest, SeedJobOnHandComputedData) {
  TempDir dir;
  std::string path = dir.Write("seed.csv",
                               "id,value1,value2,value3,category\n"
                               "0,1.0,2.0,3.0,1\n"
                               "1,3.0,4.0,5.0,1\n"
                               "2,-1.5,0.5,2.0,0\n"
                               "3,2.5,1.5,-1.0,0\n"
                               "4,0.5,-2.0,4.0,0\n");
  Session session(SessionOptions{1});
  QueryResult result = session.Query(SeedQuery(path));
  ASSERT_EQ(result.column_names.size(), 14u);
  EXPECT_EQ(result.column_names[0], "category");
  EXPECT_EQ(result.column_names[1], "avg(value1)");
  EXPECT_EQ(result.column_names[2], "stddev(value1)");
  EXPECT_EQ(result.column_names[13], "combined");
  EXPECT_EQ(result.column_types[1], LogicalType(TypeId::kDouble));
  ASSERT_EQ(result.row_count(), 2u);
  EXPECT_EQ(result.GetValue(0, 0).integer(), 0);
  EXPECT_EQ(result.GetValue(0, 1).integer(), 1);
  // Category 0: value1 {-1.5, 2.5, 0.5}, value2 {0.5, 1.5, -2}, value3 {2, -1, 4}.
  const double tolerance = 1e-12;
  EXPECT_NEAR(D(result, 1, 0), 0.5, tolerance);
  EXPECT_NEAR(D(result, 2, 0), 2.0, tolerance);  // deviations -2, 2, 0: 8 / 2 = 4
  EXPECT_EQ(D(result, 3, 0), -1.5);
  EXPECT_EQ(D(result, 4, 0), 2.5);
  EXPECT_NEAR(D(result, 5, 0), 0.0, tolerance);
  EXPECT_NEAR(D(result, 6, 0), std::sqrt(3.25), tolerance);  // 0.25 + 2.25 + 4 = 6.5; / 2
  EXPECT_EQ(D(result, 7, 0), -2.0);
  EXPECT_EQ(D(result, 8, 0), 1.5);
  EXPECT_NEAR(D(result, 9, 0), 5.0 / 3.0, tolerance);
  EXPECT_NEAR(D(result, 10, 0), std::sqrt(19.0 / 3.0), tolerance);  // (1 + 64 + 49) / 9 / 2
  EXPECT_EQ(D(result, 11, 0), -1.0);
  EXPECT_EQ(D(result, 12, 0), 4.0);
  EXPECT_NEAR(D(result, 13, 0), 0.5 * std::sqrt(3.25) + 4.0 + 1.5, tolerance);
  // Category 1: value1 {1, 3}, value2 {2, 4}, value3 {3, 5}.
  EXPECT_NEAR(D(result, 1, 1), 2.0, tolerance);
  EXPECT_NEAR(D(result, 2, 1), std::sqrt(2.0), tolerance);
  EXPECT_EQ(D(result, 3, 1), 1.0);
  EXPECT_EQ(D(result, 4, 1), 3.0);
  EXPECT_NEAR(D(result, 5, 1), 3.0, tolerance);
  EXPECT_NEAR(D(result, 6, 1), std::sqrt(2.0), tolerance);
  EXPECT_NEAR(D(result, 9, 1), 4.0, tolerance);
  EXPECT_EQ(D(result, 12, 1), 5.0);
  EXPECT_NEAR(D(result, 13, 1), 2.0 * std::sqrt(2.0) + 5.0 - 1.0, tolerance);
}

TEST(SessionTest, SeedJobIsBitIdenticalForAnyThreadCount) {
  TempDir dir;
  std::mt19937_64 random(42);
  std::normal_distribution<double> normal;
  std::string csv = "id,value1,value2,value3,category\n";
  char line[160];
  for (int i = 0; i < 30000; ++i) {
    std::snprintf(line, sizeof(line), "%d,%.17g,%.17g,%.17g,%d\n", i, normal(random),
                  normal(random), normal(random), static_cast<int>(random() % 50));
    csv += line;
  }
  std::string path = dir.Write("seed.csv", csv);
  std::string sql = "SELECT category, avg(value1), stddev(value2), sum(value3), "
                    "avg(value1) * stddev(value2) AS c FROM read_csv('" + path +
                    "', morsel_size=8192) GROUP BY category ORDER BY category";
  std::vector<std::string> rendered;
  for (size_t threads : {1, 2, 4}) {
    Session session(SessionOptions{threads});
    QueryResult result = session.Query(sql);
    ASSERT_EQ(result.row_count(), 50u);
    std::string text;
    for (size_t row = 0; row < result.row_count(); ++row) {
      for (size_t column = 0; column < result.column_names.size(); ++column) {
        text += result.GetValue(column, row).ToString() + ",";
      }
      text += "\n";
    }
    rendered.push_back(text);
  }
  EXPECT_EQ(rendered[0], rendered[1]);
  EXPECT_EQ(rendered[0], rendered[2]);
}

TEST(SessionTest, NullsAreSkippedByAggregatesAndGroupTogether) {
  TempDir dir;
  std::string path = dir.Write("n.csv",
                               "k,v\n"
                               "1,10\n"
                               "1,\n"
                               ",5\n"
                               ",7\n"
                               "2,\n");
  Session session(SessionOptions{1});
  QueryResult result = session.Query("SELECT k, count(*), count(v), sum(v), avg(v) FROM '" +
                                     path + "' GROUP BY k ORDER BY k");
  ASSERT_EQ(result.row_count(), 3u);
  // PostgreSQL order: NULLS LAST for ascending keys.
  EXPECT_EQ(result.GetValue(0, 0).integer(), 1);
  EXPECT_EQ(result.GetValue(1, 0).integer(), 2);
  EXPECT_EQ(result.GetValue(2, 0).integer(), 1);
  EXPECT_EQ(result.GetValue(3, 0).integer(), 10);
  EXPECT_EQ(result.GetValue(0, 1).integer(), 2);
  EXPECT_EQ(result.GetValue(2, 1).integer(), 0);
  EXPECT_TRUE(result.GetValue(3, 1).is_null());
  EXPECT_TRUE(result.GetValue(4, 1).is_null());
  EXPECT_TRUE(result.GetValue(0, 2).is_null());
  EXPECT_EQ(result.GetValue(1, 2).integer(), 2);
  EXPECT_EQ(result.GetValue(3, 2).integer(), 12);
  EXPECT_DOUBLE_EQ(result.GetValue(4, 2).double_value(), 6.0);
}

TEST(SessionTest, LiteralTypes) {
  Session session(SessionOptions{1});
  QueryResult result = session.Query("SELECT 1, 3000000000, 1.5, 1e3, 'x', NULL, true");
  ASSERT_EQ(result.row_count(), 1u);
  EXPECT_EQ(result.column_types[0], LogicalType(TypeId::kInteger));
  EXPECT_EQ(result.column_types[1], LogicalType(TypeId::kBigint));
  EXPECT_EQ(result.column_types[2], LogicalType::Decimal(2, 1));
  EXPECT_EQ(result.column_types[3], LogicalType(TypeId::kDouble));
  EXPECT_EQ(result.column_types[4], LogicalType(TypeId::kVarchar));
  EXPECT_EQ(result.column_types[6], LogicalType(TypeId::kBoolean));
  EXPECT_EQ(result.GetValue(2, 0).ToString(), "1.5");
  EXPECT_TRUE(result.GetValue(5, 0).is_null());
}

TEST(SessionTest, SelectWithoutFromFoldsAndComputes) {
  Session session(SessionOptions{1});
  QueryResult result = session.Query("SELECT 1 + 2 AS three, 7 - 10");
  EXPECT_EQ(result.column_names[0], "three");
  EXPECT_EQ(result.GetValue(0, 0).integer(), 3);
  EXPECT_EQ(result.GetValue(1, 0).integer(), -3);
}

TEST(SessionTest, DivisionByZeroInAConstantStillFails) {
  Session session(SessionOptions{1});
  try {
    session.Query("SELECT 1 / 0");
    ADD_FAILURE() << "1 / 0 did not fail";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kDivisionByZero);
  }
}

TEST(SessionTest, OrderByAliasOrdinalAndExpressionWithLimit) {
  Session session(SessionOptions{1});
  std::string values = "(VALUES (1, 'a'), (3, 'c'), (2, 'b'), (5, 'e'), (4, 'd')) t(x, y)";
  QueryResult by_alias = session.Query("SELECT x AS n, y FROM " + values + " ORDER BY n DESC LIMIT 2");
  ASSERT_EQ(by_alias.row_count(), 2u);
  EXPECT_EQ(by_alias.GetValue(0, 0).integer(), 5);
  EXPECT_EQ(by_alias.GetValue(0, 1).integer(), 4);
  QueryResult by_ordinal = session.Query("SELECT y, x FROM " + values + " ORDER BY 2 LIMIT 2 OFFSET 1");
  ASSERT_EQ(by_ordinal.row_count(), 2u);
  EXPECT_EQ(by_ordinal.GetValue(0, 0).string(), "b");
  EXPECT_EQ(by_ordinal.GetValue(0, 1).string(), "c");
  // Ordering by an expression not in the select list adds a hidden column, removed afterwards.
  QueryResult hidden = session.Query("SELECT y FROM " + values + " ORDER BY -x");
  ASSERT_EQ(hidden.column_names.size(), 1u);
  EXPECT_EQ(hidden.GetValue(0, 0).string(), "e");
  EXPECT_EQ(hidden.GetValue(0, 4).string(), "a");
}

TEST(SessionTest, WhereDistinctAndHaving) {
  Session session(SessionOptions{1});
  std::string values = "(VALUES (1, 10), (1, 20), (2, 5), (3, 1), (3, 1)) t(k, v)";
  QueryResult distinct = session.Query("SELECT DISTINCT k FROM " + values + " WHERE v < 15 ORDER BY k");
  ASSERT_EQ(distinct.row_count(), 3u);
  EXPECT_EQ(distinct.GetValue(0, 2).integer(), 3);
  QueryResult having = session.Query("SELECT k, sum(v) AS s FROM " + values +
                                     " GROUP BY k HAVING sum(v) > 2 ORDER BY s");
  ASSERT_EQ(having.row_count(), 2u);
  EXPECT_EQ(having.GetValue(0, 0).integer(), 2);
  EXPECT_EQ(having.GetValue(0, 1).integer(), 1);
  EXPECT_EQ(having.GetValue(1, 1).integer(), 30);
}

TEST(SessionTest, JoinsUsingAndOn) {
  Session session(SessionOptions{1});
  session.Execute(
      "CREATE TABLE a AS SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (3, 'z')) t(id, name);"
      "CREATE TABLE b AS SELECT * FROM (VALUES (1, 100), (3, 300), (4, 400)) t(id, amount)");
  QueryResult using_join = session.Query("SELECT * FROM a JOIN b USING (id) ORDER BY id");
  ASSERT_EQ(using_join.column_names.size(), 3u);
  EXPECT_EQ(using_join.column_names[0], "id");
  ASSERT_EQ(using_join.row_count(), 2u);
  EXPECT_EQ(using_join.GetValue(2, 1).integer(), 300);
  QueryResult left = session.Query(
      "SELECT a.id, b.amount FROM a LEFT JOIN b ON a.id = b.id ORDER BY a.id");
  ASSERT_EQ(left.row_count(), 3u);
  EXPECT_TRUE(left.GetValue(1, 1).is_null());
  ExpectError(session, "SELECT id FROM a, b", ErrorCode::kBinderError,
              "column reference \"id\" is ambiguous", "id");
}

TEST(SessionTest, BinderErrorsCarryMessageAndOffset) {
  TempDir dir;
  std::string path = dir.Write("seed.csv", "id,value1,category\n0,1.5,3\n");
  Session session(SessionOptions{1});
  ExpectError(session, "SELECT valu1 FROM '" + path + "'", ErrorCode::kBinderError,
              "column \"valu1\" does not exist; candidates: value1, id, category", "valu1");
  ExpectError(session, "SELECT avgg(value1) FROM '" + path + "'", ErrorCode::kBinderError,
              "function avgg does not exist; did you mean \"avg\"?", "avgg");
  ExpectError(session, "SELECT sum('a') FROM '" + path + "'", ErrorCode::kTypeMismatch,
              "no function matches sum(VARCHAR)", "sum");
  ExpectError(session, "SELECT value1, count(*) FROM '" + path + "'", ErrorCode::kBinderError,
              "column \"value1\" must appear in the GROUP BY clause or be used in an aggregate "
              "function",
              "value1");
  ExpectError(session, "SELECT * FROM nowhere", ErrorCode::kBinderError,
              "table \"nowhere\" does not exist", "nowhere");
  ExpectError(session, "SELECT id FROM '" + path + "' WHERE sum(id) > 1", ErrorCode::kBinderError,
              "aggregate functions are not allowed in WHERE", "sum");
  ExpectError(session, "SELECT id FROM '" + path + "' WHERE row_number() OVER () > 1",
              ErrorCode::kBinderError, "window functions are not allowed in WHERE", "row_number");
}

TEST(SessionTest, ExplainShowsThePhysicalPlan) {
  TempDir dir;
  std::string path = dir.Write("seed.csv", "id,value1,value2,value3,category\n0,1.5,2.5,3.5,3\n");
  Session session(SessionOptions{1});
  QueryResult result = session.Query("EXPLAIN " + SeedQuery(path));
  std::string text;
  for (size_t row = 0; row < result.row_count(); ++row) text += result.GetValue(0, row).string() + "\n";
  EXPECT_NE(text.find("HASH_AGGREGATE"), std::string::npos) << text;
  EXPECT_NE(text.find("TABLE_SCAN"), std::string::npos) << text;
  EXPECT_NE(text.find("SORT"), std::string::npos) << text;
}

TEST(SessionTest, ParametersBindAsConstants) {
  Session session(SessionOptions{1});
  QueryResult result = session.Query("SELECT $1 + 1, $2", {exec::Value::Integer(41), exec::Value::Varchar("hi")});
  EXPECT_EQ(result.GetValue(0, 0).integer(), 42);
  EXPECT_EQ(result.GetValue(1, 0).string(), "hi");
}

TEST(SessionTest, UncorrelatedSubqueriesRunOnce) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, NULL)) v(id, g)");
  QueryResult scalar = session.Query("SELECT (SELECT max(id) FROM t) + 1 AS m");
  EXPECT_EQ(scalar.GetValue(0, 0).integer(), 5);
  QueryResult in = session.Query(
      "SELECT id FROM t WHERE id > (SELECT avg(id) FROM t) OR g IN (SELECT g FROM t WHERE id = 1) "
      "ORDER BY id");
  ASSERT_EQ(in.row_count(), 3u);  // 1, 3 (g = 'a'), 4 (id > 2.5); 3 qualifies both ways
  EXPECT_EQ(in.GetValue(0, 0).integer(), 1);
  EXPECT_EQ(in.GetValue(0, 1).integer(), 3);
  EXPECT_EQ(in.GetValue(0, 2).integer(), 4);
  QueryResult exists = session.Query("SELECT EXISTS (SELECT 1 FROM t WHERE id > 3), "
                                     "EXISTS (SELECT 1 FROM t WHERE id > 4)");
  EXPECT_TRUE(exists.GetValue(0, 0).boolean());
  EXPECT_FALSE(exists.GetValue(1, 0).boolean());
  // Correlated: the latest id of each row's group (a NULL group matches nothing).
  QueryResult correlated = session.Query(
      "SELECT id FROM t a WHERE id = (SELECT max(id) FROM t b WHERE b.g = a.g) ORDER BY id");
  ASSERT_EQ(correlated.row_count(), 2u);
  EXPECT_EQ(correlated.GetValue(0, 0).integer(), 2);
  EXPECT_EQ(correlated.GetValue(0, 1).integer(), 3);
  ExpectError(session, "SELECT (SELECT id FROM t)", ErrorCode::kInvalidInput,
              "more than one row returned by a subquery used as an expression", "(SELECT id");
}

TEST(SessionTest, TablesViewsCtesAndUnions) {
  Session session(SessionOptions{1});
  auto results = session.Execute(
      "CREATE TABLE t AS SELECT * FROM (VALUES (1, 10), (2, 20)) v(k, x);"
      "INSERT INTO t VALUES (3, 30), (4, NULL);"
      "CREATE VIEW big AS SELECT k FROM t WHERE x >= 20;"
      "WITH c AS (SELECT k FROM big) SELECT k FROM c UNION ALL SELECT k FROM t WHERE k = 1 "
      "ORDER BY k");
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[1].status, "INSERT 2");
  const QueryResult& rows = results[3];
  ASSERT_EQ(rows.row_count(), 3u);
  EXPECT_EQ(rows.GetValue(0, 0).integer(), 1);
  EXPECT_EQ(rows.GetValue(0, 1).integer(), 2);
  EXPECT_EQ(rows.GetValue(0, 2).integer(), 3);
  QueryResult deduplicated = session.Query("SELECT k % 2 AS p FROM t UNION SELECT 0 ORDER BY p");
  ASSERT_EQ(deduplicated.row_count(), 2u);
  session.Execute("DROP VIEW big; DROP TABLE t");
  ExpectError(session, "SELECT * FROM t", ErrorCode::kBinderError, "table \"t\" does not exist",
              "t");
}

}  // namespace
}  // namespace tarn::sql
