#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/session/session.h"

namespace tarn::sql {
namespace {

TEST(PreparedStatementsTest, PrepareOnceExecuteWithDifferentValues) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) v(id, name)");
  auto prepared = session.Prepare("SELECT name FROM t WHERE id >= $1 AND name <> $2 ORDER BY id");
  EXPECT_EQ(prepared->parameter_count(), 2u);
  QueryResult first = session.ExecutePrepared(*prepared, {exec::Value::Integer(2), exec::Value::Varchar("x")});
  ASSERT_EQ(first.row_count(), 2u);
  EXPECT_EQ(first.GetValue(0, 0).string(), "two");
  QueryResult second = session.ExecutePrepared(*prepared, {exec::Value::Integer(1), exec::Value::Varchar("two")});
  ASSERT_EQ(second.row_count(), 2u);
  EXPECT_EQ(second.GetValue(0, 1).string(), "three");
  // Text values take the type their use asks for.
  QueryResult text = session.ExecutePrepared(
      *prepared, {exec::Value::Varchar("3"), exec::Value::Varchar("x")}, ParameterTyping::kText);
  ASSERT_EQ(text.row_count(), 1u);
  EXPECT_EQ(text.GetValue(0, 0).string(), "three");
}

TEST(PreparedStatementsTest, PreparedDmlSeesLaterTables) {
  Session session(SessionOptions{1});
  auto insert = session.Prepare("INSERT INTO t VALUES (?, ?)");
  EXPECT_EQ(insert->parameter_count(), 2u);
  session.Execute("CREATE TABLE t(a INTEGER, b VARCHAR)");
  for (int i = 0; i < 3; ++i) {
    QueryResult result = session.ExecutePrepared(
        *insert, {exec::Value::Integer(i), exec::Value::Varchar(std::to_string(i * 2))});
    EXPECT_EQ(result.affected_rows, 1);
  }
  QueryResult rows = session.Query("SELECT sum(a), max(b) FROM t");
  EXPECT_EQ(rows.GetValue(0, 0).integer(), 3);
  EXPECT_EQ(rows.GetValue(1, 0).string(), "4");
}

TEST(PreparedStatementsTest, WrongParameterCountIsAnError) {
  Session session(SessionOptions{1});
  auto prepared = session.Prepare("SELECT $1 + $3");
  EXPECT_EQ(prepared->parameter_count(), 3u);
  try {
    session.ExecutePrepared(*prepared, {exec::Value::Integer(1)});
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message(),
              "wrong number of parameters for prepared statement: expected 3 but got 1");
  }
}

TEST(PreparedStatementsTest, OnlyQueriesAndDmlCanBePrepared) {
  Session session(SessionOptions{1});
  EXPECT_THROW(session.Prepare("CREATE TABLE x(a INTEGER)"), Error);
  EXPECT_THROW(session.Prepare("SELECT 1; SELECT 2"), Error);
  EXPECT_THROW(session.Prepare("SELEC 1"), Error);
}

TEST(PreparedStatementsTest, ExecuteErrorsPointAtTheExecute) {
  Session session(SessionOptions{1});
  session.Execute("PREPARE p AS SELECT nope FROM (VALUES (1)) v(x) WHERE x = $1");
  std::string sql = "SELECT 1; EXECUTE p(1)";
  try {
    session.Execute(sql);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kBinderError);
    EXPECT_EQ(error.location().query_offset, static_cast<int64_t>(sql.find("EXECUTE")));
  }
}

TEST(PreparedStatementsTest, TextParametersAreTypedByTheirUse) {
  Session session(SessionOptions{1});
  session.Execute("CREATE TABLE t(zip VARCHAR, n INTEGER, d DATE)");
  auto typing = ParameterTyping::kText;
  session.Execute("INSERT INTO t VALUES ($1, $2, $3)",
                  {exec::Value::Varchar("00501"), exec::Value::Varchar("7"),
                   exec::Value::Varchar("2024-03-01")},
                  typing);
  auto count = [&](const std::string& sql, const std::string& value) {
    return session.Execute(sql, {exec::Value::Varchar(value)}, typing)[0].GetValue(0, 0).integer();
  };
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE zip = $1", "00501"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE zip = $1", "501"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE n = $1", "7"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE d = $1", "2024-03-01"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE n + $1 = 10", "3"), 1);
  // Without a context: the literal rules.
  auto results = session.Execute("SELECT $1, $2, $3",
                                 {exec::Value::Varchar("42"), exec::Value::Varchar("2.5"),
                                  exec::Value::Varchar("abc")},
                                 typing);
  const QueryResult& literal = results[0];
  EXPECT_EQ(literal.column_types[0], LogicalType(TypeId::kInteger));
  EXPECT_EQ(literal.column_types[1].id(), TypeId::kDecimal);
  EXPECT_EQ(literal.column_types[2], LogicalType(TypeId::kVarchar));
  // Typed values keep their type (the default).
  QueryResult typed = session.Query("SELECT $1", {exec::Value::Varchar("42")});
  EXPECT_EQ(typed.column_types[0], LogicalType(TypeId::kVarchar));
}

}  // namespace
}  // namespace tarn::sql
