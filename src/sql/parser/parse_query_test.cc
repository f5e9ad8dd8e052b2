#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

std::unique_ptr<QueryNode> ParseQueryNode(std::string_view sql) {
  std::vector<std::unique_ptr<Statement>> statements = ParseStatements(sql);
  EXPECT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0]->kind, StatementKind::kSelect);
  return std::move(static_cast<SelectStatement&>(*statements[0]).node);
}

// Parses, renders, parses the rendering and checks it renders the same.
std::string RoundTrip(std::string_view sql) {
  std::string rendered = ParseStatements(sql).at(0)->ToString();
  std::string again = ParseStatements(rendered).at(0)->ToString();
  EXPECT_EQ(rendered, again) << "for " << sql;
  return rendered;
}

TEST(ParseQueryTest, SeedJob) {
  const char* sql =
      "SELECT category, avg(value1), stddev(value1), min(value1), max(value1), avg(value2), "
      "stddev(value2), min(value2), max(value2), avg(value3), stddev(value3), min(value3), "
      "max(value3), avg(value1) * stddev(value2) + max(value3) - min(value1) AS combined FROM "
      "'seed.csv' GROUP BY category ORDER BY category;";
  std::vector<std::unique_ptr<Statement>> statements = ParseStatements(sql);
  ASSERT_EQ(statements.size(), 1u);
  auto& node = *static_cast<SelectStatement&>(*statements[0]).node;
  EXPECT_EQ(node.kind, QueryNodeKind::kSelect);
  ASSERT_EQ(node.select_list.size(), 14u);
  EXPECT_EQ(node.select_list[0]->kind, ExpressionKind::kColumnRef);
  EXPECT_EQ(node.select_list[1]->ToString(), "avg(value1)");
  EXPECT_EQ(node.select_list[13]->alias, "combined");
  EXPECT_EQ(node.select_list[13]->ToString(),
            "(((avg(value1) * stddev(value2)) + max(value3)) - min(value1))");
  EXPECT_EQ(node.select_list[13]->query_offset, 182);  // the "avg(value1) *" position
  ASSERT_NE(node.from, nullptr);
  EXPECT_EQ(node.from->kind, TableRefKind::kFile);
  EXPECT_EQ(node.from->path, "seed.csv");
  ASSERT_EQ(node.group_by.size(), 1u);
  ASSERT_EQ(node.order_by.size(), 1u);
  EXPECT_EQ(node.order_by[0].direction, OrderDirection::kDefault);
  EXPECT_EQ(statements[0]->query_offset, 0);
  EXPECT_EQ(statements[0]->text, std::string(sql, std::string_view(sql).size() - 1));
}

TEST(ParseQueryTest, SelectClauses) {
  auto node = ParseQueryNode(
      "SELECT DISTINCT ON (a) a, b AS x, c y, \"Z\" FROM s.t AS u(p, q) WHERE a > 1 GROUP BY 1, b "
      "HAVING count(*) > 2 WINDOW w AS (ORDER BY a) QUALIFY row_number() OVER w = 1 ORDER BY a "
      "DESC NULLS LAST, 2 LIMIT 10 OFFSET 5");
  EXPECT_TRUE(node->distinct);
  EXPECT_EQ(node->distinct_on.size(), 1u);
  EXPECT_EQ(node->select_list[1]->alias, "x");
  EXPECT_EQ(node->select_list[2]->alias, "y");
  EXPECT_EQ(node->select_list[3]->alias, "");
  EXPECT_EQ(node->from->kind, TableRefKind::kBaseTable);
  EXPECT_EQ(node->from->name.schema, "s");
  EXPECT_EQ(node->from->name.name, "t");
  EXPECT_EQ(node->from->alias, "u");
  EXPECT_THAT(node->from->column_aliases, testing::ElementsAre("p", "q"));
  EXPECT_EQ(node->group_by.size(), 2u);
  EXPECT_EQ(node->group_by[0]->constant_kind, ConstantKind::kInteger);
  ASSERT_NE(node->having, nullptr);
  ASSERT_EQ(node->windows.size(), 1u);
  EXPECT_EQ(node->windows[0].name, "w");
  ASSERT_NE(node->qualify, nullptr);
  EXPECT_EQ(node->order_by[0].direction, OrderDirection::kDescending);
  EXPECT_EQ(node->order_by[0].null_order, NullOrder::kNullsLast);
  EXPECT_EQ(node->limit->value, "10");
  EXPECT_EQ(node->offset->value, "5");
  RoundTrip(
      "SELECT DISTINCT ON (a) a, b AS x FROM s.t AS u(p, q) WHERE a > 1 GROUP BY 1 HAVING "
      "count(*) > 2 WINDOW w AS (ORDER BY a) QUALIFY row_number() OVER w = 1 ORDER BY a LIMIT 1");
}

TEST(ParseQueryTest, GroupByAllFetchFirstAndLimitAll) {
  auto node = ParseQueryNode("SELECT a, sum(b) FROM t GROUP BY ALL FETCH FIRST 3 ROWS ONLY");
  EXPECT_TRUE(node->group_by_all);
  EXPECT_EQ(node->limit->value, "3");
  EXPECT_EQ(ParseQueryNode("SELECT 1 LIMIT ALL")->limit, nullptr);
  EXPECT_EQ(ParseQueryNode("SELECT 1 OFFSET 2 ROWS FETCH NEXT ROW ONLY")->limit->value, "1");
}

TEST(ParseQueryTest, FromVariants) {
  auto function = ParseQueryNode(
      "SELECT * FROM read_csv('x.csv', header = true, columns = {'a': 'INT'}, delim := ';') r");
  ASSERT_EQ(function->from->kind, TableRefKind::kTableFunction);
  const ParsedExpression& call = *function->from->function;
  EXPECT_EQ(call.function_name, "read_csv");
  EXPECT_THAT(call.argument_names, testing::ElementsAre("", "header", "columns", "delim"));
  EXPECT_EQ(call.children[1]->constant_kind, ConstantKind::kBoolean);
  EXPECT_EQ(call.children[2]->kind, ExpressionKind::kStruct);
  EXPECT_EQ(function->from->alias, "r");

  auto subquery = ParseQueryNode("SELECT * FROM (SELECT 1 AS a) AS s, (VALUES (1, 'x'), (2, 'y')) v(n, m)");
  ASSERT_EQ(subquery->from->kind, TableRefKind::kJoin);
  EXPECT_EQ(subquery->from->join_kind, JoinKind::kCross);
  EXPECT_EQ(subquery->from->left->kind, TableRefKind::kSubquery);
  EXPECT_EQ(subquery->from->left->alias, "s");
  EXPECT_EQ(subquery->from->right->kind, TableRefKind::kSubquery);
  EXPECT_EQ(subquery->from->right->subquery->kind, QueryNodeKind::kValues);
  EXPECT_EQ(subquery->from->right->subquery->values.size(), 2u);
  EXPECT_THAT(subquery->from->right->column_aliases, testing::ElementsAre("n", "m"));

  auto file = ParseQueryNode("SELECT * FROM 'data/x.csv' AS f");
  EXPECT_EQ(file->from->path, "data/x.csv");
  EXPECT_EQ(file->from->alias, "f");
}

TEST(ParseQueryTest, Joins) {
  auto node = ParseQueryNode(
      "SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id RIGHT JOIN c USING (id, k) FULL JOIN d ON "
      "true CROSS JOIN e NATURAL JOIN f INNER JOIN g ON 1 = 1 JOIN h ON 2 = 2");
  // Left-deep: ((((((a LEFT b) RIGHT c) FULL d) CROSS e) NATURAL f) INNER g) INNER h
  const TableRef* ref = node->from.get();
  std::vector<JoinKind> kinds;
  std::vector<bool> natural;
  while (ref->kind == TableRefKind::kJoin) {
    kinds.push_back(ref->join_kind);
    natural.push_back(ref->natural);
    ref = ref->left.get();
  }
  EXPECT_EQ(ref->name.name, "a");
  EXPECT_THAT(kinds, testing::ElementsAre(JoinKind::kInner, JoinKind::kInner, JoinKind::kInner,
                                          JoinKind::kCross, JoinKind::kFull, JoinKind::kRight,
                                          JoinKind::kLeft));
  EXPECT_THAT(natural, testing::ElementsAre(false, false, true, false, false, false, false));
  EXPECT_THAT(node->from->left->left->left->left->left->using_columns,
              testing::ElementsAre("id", "k"));
  RoundTrip("SELECT * FROM a LEFT JOIN b ON a.id = b.id, c NATURAL JOIN d, (e JOIN f USING (x))");
}

TEST(ParseQueryTest, SetOperationPrecedence) {
  // INTERSECT binds tighter than UNION / EXCEPT, which are left-associative.
  auto node = ParseQueryNode("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4");
  ASSERT_EQ(node->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(node->set_operation, SetOperationKind::kExcept);
  EXPECT_TRUE(node->set_all);
  const QueryNode& left = *node->left;
  EXPECT_EQ(left.set_operation, SetOperationKind::kUnion);
  EXPECT_FALSE(left.set_all);
  EXPECT_EQ(left.right->set_operation, SetOperationKind::kIntersect);
  EXPECT_EQ(left.right->kind, QueryNodeKind::kSetOperation);

  // ORDER BY / LIMIT after a set operation apply to its result.
  auto ordered = ParseQueryNode("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 3");
  EXPECT_EQ(ordered->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(ordered->order_by.size(), 1u);
  EXPECT_TRUE(ordered->right->order_by.empty());

  // Parenthesized operands keep their own ORDER BY / LIMIT.
  auto parenthesized = ParseQueryNode("(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT 2)");
  EXPECT_EQ(parenthesized->left->limit->value, "1");
  EXPECT_EQ(parenthesized->limit, nullptr);
  // A second LIMIT on an already limited query wraps it.
  auto wrapped = ParseQueryNode("(SELECT a FROM t LIMIT 5) LIMIT 2");
  EXPECT_EQ(wrapped->limit->value, "2");
  EXPECT_EQ(wrapped->from->subquery->limit->value, "5");
  RoundTrip("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4");
  RoundTrip("(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT 2) ORDER BY 1");
}

TEST(ParseQueryTest, CommonTableExpressions) {
  auto node = ParseQueryNode(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5), s AS "
      "MATERIALIZED (SELECT 2) SELECT * FROM r, s");
  EXPECT_TRUE(node->recursive);
  ASSERT_EQ(node->ctes.size(), 2u);
  EXPECT_EQ(node->ctes[0].name, "r");
  EXPECT_THAT(node->ctes[0].column_names, testing::ElementsAre("n"));
  EXPECT_EQ(node->ctes[0].query->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(node->ctes[1].name, "s");
  EXPECT_EQ(node->query_offset, 0);
  RoundTrip("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r");
  RoundTrip("WITH a AS (SELECT 1) SELECT * FROM a UNION SELECT 2 ORDER BY 1");
}

TEST(ParseQueryTest, ValuesAndConveniences) {
  auto values = ParseQueryNode("VALUES (1, 'a'), (2, DEFAULT)");
  EXPECT_EQ(values->kind, QueryNodeKind::kValues);
  EXPECT_EQ(values->values[1][1]->kind, ExpressionKind::kDefault);
  auto from_first = ParseQueryNode("FROM t");
  EXPECT_EQ(from_first->select_list[0]->kind, ExpressionKind::kStar);
  EXPECT_EQ(from_first->from->name.name, "t");
  auto from_select = ParseQueryNode("FROM t SELECT a");
  EXPECT_EQ(from_select->select_list[0]->ToString(), "a");
  EXPECT_EQ(from_select->from->name.name, "t");
  auto table = ParseQueryNode("TABLE t");
  EXPECT_EQ(table->from->name.name, "t");
  auto no_from = ParseQueryNode("SELECT 1 + 1");
  EXPECT_EQ(no_from->from, nullptr);
}

TEST(ParseQueryTest, KeywordsAsNamesInQueries) {
  auto node = ParseQueryNode(
      "SELECT value, date, year AS first, last filter FROM data value WHERE month = 1");
  EXPECT_EQ(node->select_list[0]->names[0], "value");
  EXPECT_EQ(node->select_list[2]->alias, "first");
  EXPECT_EQ(node->select_list[3]->alias, "filter");
  EXPECT_EQ(node->from->name.name, "data");
  EXPECT_EQ(node->from->alias, "value");
  auto labels = ParseQueryNode("SELECT 1 AS select, 2 AS \"From\"");
  EXPECT_EQ(labels->select_list[0]->alias, "select");
  EXPECT_EQ(labels->select_list[1]->alias, "From");
  EXPECT_EQ(RoundTrip("SELECT 1 AS select, 2 AS \"From\""), "SELECT 1 AS \"select\", 2 AS \"From\"");
}

TEST(ParseQueryTest, ParenthesizedQueriesVersusExpressions) {
  // "((SELECT ...) UNION ...)" in an expression is a subquery; "((SELECT 1) + 1)" is arithmetic.
  auto node = ParseQueryNode(
      "SELECT ((SELECT 1) UNION (SELECT 2) LIMIT 1), ((SELECT 1) + 1), ((SELECT 3)), "
      "x IN ((SELECT 1) EXCEPT SELECT 2), y IN ((1), (2)), EXISTS ((SELECT 1) UNION SELECT 2)");
  EXPECT_EQ(node->select_list[0]->kind, ExpressionKind::kSubquery);
  EXPECT_EQ(node->select_list[0]->subquery->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(node->select_list[1]->kind, ExpressionKind::kBinaryOperator);
  EXPECT_EQ(node->select_list[2]->kind, ExpressionKind::kSubquery);
  EXPECT_EQ(node->select_list[3]->kind, ExpressionKind::kInSubquery);
  EXPECT_EQ(node->select_list[4]->kind, ExpressionKind::kInList);
  EXPECT_EQ(node->select_list[5]->kind, ExpressionKind::kExists);
  auto from = ParseQueryNode("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) u, ((SELECT 1) x JOIN y ON true)");
  EXPECT_EQ(from->from->left->kind, TableRefKind::kSubquery);
  EXPECT_EQ(from->from->left->alias, "u");
  EXPECT_EQ(from->from->right->kind, TableRefKind::kJoin);
  EXPECT_EQ(from->from->right->left->alias, "x");
  RoundTrip("SELECT ((SELECT 1) UNION (SELECT 2) LIMIT 1), x IN ((SELECT 1) EXCEPT SELECT 2)");
}

TEST(ParseQueryTest, CopyIsDeep) {
  auto node = ParseQueryNode(
      "WITH c AS (SELECT 1) SELECT a, sum(b) OVER (PARTITION BY a) FROM t JOIN (SELECT * FROM u) "
      "x ON t.a = x.a WHERE a IN (SELECT 1) GROUP BY a HAVING sum(b) > 1 ORDER BY 1 LIMIT 2");
  auto copy = node->Copy();
  EXPECT_EQ(copy->ToString(), node->ToString());
  EXPECT_EQ(copy->from->right->query_offset, node->from->right->query_offset);
}

}  // namespace
}  // namespace tarn::sql
