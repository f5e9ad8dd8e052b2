// The planner hands a scan's pushable filter conjuncts to the source: EXPLAIN and EXPLAIN ANALYZE
// show how many files and row groups a Parquet scan read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sql/session/session.h"

namespace tarn::sql {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Fixture(const std::string& name) {
  std::string source = __FILE__;
  return source.substr(0, source.rfind("/src/")) + "/tests/data/parquet/" + name;
}

std::string Text(Session& session, const std::string& sql) {
  QueryResult result = session.Query(sql);
  std::string text;
  for (size_t row = 0; row < result.row_count(); ++row) text += result.GetValue(0, row).string() + "\n";
  return text;
}

TEST(ScanPredicatesTest, ExplainShowsRowGroupsSkippedByPushedConjuncts) {
  Session session(SessionOptions{1});
  std::string file = "'" + Fixture("row_groups.parquet") + "'";
  // row_groups.parquet: ids 0..6999 ascending in 4 row groups of up to 2048 rows.
  EXPECT_THAT(Text(session, "EXPLAIN SELECT count(*) FROM " + file + " WHERE id >= 6500"),
              HasSubstr("files: scanned 1 of 1, row groups: scanned 1 of 4"));
  EXPECT_THAT(Text(session, "EXPLAIN SELECT s FROM " + file + " WHERE 100 > id AND s IS NOT NULL"),
              HasSubstr("row groups: scanned 1 of 4"));
  EXPECT_THAT(Text(session, "EXPLAIN SELECT s FROM " + file + " WHERE id IN (1, 7000, 3000)"),
              HasSubstr("row groups: scanned 2 of 4"));
  EXPECT_THAT(Text(session, "EXPLAIN ANALYZE SELECT count(*) FROM " + file + " WHERE id BETWEEN 2100 AND 2200"),
              HasSubstr("files: scanned 1 of 1, row groups: scanned 1 of 4"));
  // Not pushable (OR, a function of the column): every row group is read.
  EXPECT_THAT(Text(session, "EXPLAIN SELECT s FROM " + file + " WHERE id < 5 OR id > 6995"),
              HasSubstr("row groups: scanned 4 of 4"));
  EXPECT_THAT(Text(session, "EXPLAIN SELECT s FROM " + file + " WHERE id + 1 > 6995"),
              HasSubstr("row groups: scanned 4 of 4"));
  // The result is the filter's either way.
  QueryResult result = session.Query("SELECT count(*), min(id) FROM " + file + " WHERE id >= 6500");
  EXPECT_EQ(result.GetValue(0, 0).integer(), 500);
  EXPECT_EQ(result.GetValue(1, 0).integer(), 6500);
}

}  // namespace
}  // namespace tarn::sql
