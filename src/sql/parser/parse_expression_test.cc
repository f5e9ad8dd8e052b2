#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

std::string Render(std::string_view sql) { return ParseExpression(sql)->ToString(); }

TEST(ParseExpressionTest, Precedence) {
  EXPECT_EQ(Render("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(Render("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Render("a + b * c"), "(a + (b * c))");
  EXPECT_EQ(Render("a * b + c"), "((a * b) + c)");
  EXPECT_EQ(Render("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(Render("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(Render("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(Render("a || b = c"), "((a || b) = c)");
  EXPECT_EQ(Render("a || b + c"), "(a || (b + c))");
  EXPECT_EQ(Render("2 ^ 3 ^ 2"), "((2 ^ 3) ^ 2)");
  EXPECT_EQ(Render("a * b ^ c"), "(a * (b ^ c))");
  // PostgreSQL: unary minus binds tighter than ^, so -2^2 = (-2)^2 = 4.
  EXPECT_EQ(Render("-2^2"), "(-2 ^ 2)");
  EXPECT_EQ(Render("-x^2"), "((-x) ^ 2)");
  EXPECT_EQ(Render("-a * b"), "((-a) * b)");
  EXPECT_EQ(Render("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(Render("a < b BETWEEN 1 AND 2"), "(a < (b BETWEEN 1 AND 2))");
  EXPECT_EQ(Render("a BETWEEN 1 AND 2 AND c"), "((a BETWEEN 1 AND 2) AND c)");
  EXPECT_EQ(Render("a BETWEEN b + 1 AND c * 2"), "(a BETWEEN (b + 1) AND (c * 2))");
  EXPECT_EQ(Render("x LIKE 'a%' OR y NOT ILIKE 'b'"), "((x LIKE 'a%') OR (y NOT ILIKE 'b'))");
  EXPECT_EQ(Render("-a::int"), "(-CAST(a AS INT))");
  EXPECT_EQ(Render("a % b // c / d"), "(((a % b) // c) / d)");
  EXPECT_EQ(Render("(a + b) * c"), "((a + b) * c)");
}

TEST(ParseExpressionTest, Constants) {
  auto integer = ParseExpression("12345678901234567890");
  EXPECT_EQ(integer->kind, ExpressionKind::kConstant);
  EXPECT_EQ(integer->constant_kind, ConstantKind::kInteger);
  EXPECT_EQ(integer->value, "12345678901234567890");
  auto negative = ParseExpression("-9223372036854775808");
  EXPECT_EQ(negative->constant_kind, ConstantKind::kInteger);
  EXPECT_EQ(negative->value, "-9223372036854775808");
  EXPECT_EQ(negative->query_offset, 0);
  auto decimal = ParseExpression("1.50");
  EXPECT_EQ(decimal->constant_kind, ConstantKind::kDecimal);
  EXPECT_EQ(decimal->value, "1.50");
  EXPECT_EQ(ParseExpression("1e-3")->constant_kind, ConstantKind::kDecimal);
  EXPECT_EQ(ParseExpression("+5")->value, "5");
  auto string = ParseExpression("'it''s'");
  EXPECT_EQ(string->constant_kind, ConstantKind::kString);
  EXPECT_EQ(string->value, "it's");
  EXPECT_EQ(ParseExpression("TRUE")->constant_kind, ConstantKind::kBoolean);
  EXPECT_EQ(ParseExpression("false")->value, "false");
  EXPECT_EQ(ParseExpression("NULL")->constant_kind, ConstantKind::kNull);
  EXPECT_EQ(Render("- -1"), "(- -1)");
  EXPECT_EQ(ParseExpression("- -1")->children[0]->value, "-1");
}

TEST(ParseExpressionTest, TypedLiteralsAndCasts) {
  auto date = ParseExpression("DATE '2020-01-01'");
  EXPECT_EQ(date->kind, ExpressionKind::kTypedLiteral);
  EXPECT_EQ(date->type.name, "date");
  EXPECT_EQ(date->value, "2020-01-01");
  EXPECT_EQ(Render("TIMESTAMP '2020-01-01 10:00'"), "TIMESTAMP '2020-01-01 10:00'");
  EXPECT_EQ(ParseExpression("TIMESTAMP WITH TIME ZONE '2020-01-01'")->type.name, "timestamptz");
  auto interval = ParseExpression("INTERVAL '1 day'");
  EXPECT_EQ(interval->type.name, "interval");
  EXPECT_EQ(interval->value, "1 day");
  EXPECT_EQ(ParseExpression("INTERVAL '3' MONTH")->value, "3 month");
  EXPECT_EQ(ParseExpression("INTERVAL 2 HOURS")->value, "2 hours");

  auto cast = ParseExpression("CAST(x AS DECIMAL(10, 2))");
  EXPECT_EQ(cast->kind, ExpressionKind::kCast);
  EXPECT_EQ(cast->type.name, "decimal");
  EXPECT_THAT(cast->type.parameters, testing::ElementsAre(10, 2));
  EXPECT_FALSE(cast->try_cast);
  EXPECT_TRUE(ParseExpression("TRY_CAST(x AS INT)")->try_cast);
  EXPECT_EQ(Render("x::double precision::varchar"), "CAST(CAST(x AS DOUBLE) AS VARCHAR)");
  EXPECT_EQ(ParseExpression("x::character varying(20)")->type.name, "varchar");
  EXPECT_EQ(ParseExpression("x::timestamp without time zone")->type.name, "timestamp");
  EXPECT_EQ(ParseExpression("x::int[]")->type.array_dimensions, 1);
  EXPECT_EQ(ParseTypeName("TIMESTAMP(3) WITH TIME ZONE").ToString(), "TIMESTAMP(3) WITH TIME ZONE");
}

TEST(ParseExpressionTest, ColumnsStarsAndParameters) {
  auto column = ParseExpression("s.t.\"Col\"");
  EXPECT_EQ(column->kind, ExpressionKind::kColumnRef);
  EXPECT_THAT(column->names, testing::ElementsAre("s", "t", "Col"));
  EXPECT_EQ(Render("s.t.\"Col\""), "s.t.\"Col\"");
  auto star = ParseExpression("t.* EXCLUDE (a, b)");
  EXPECT_EQ(star->kind, ExpressionKind::kStar);
  EXPECT_THAT(star->names, testing::ElementsAre("t"));
  EXPECT_THAT(star->star_exclude, testing::ElementsAre("a", "b"));
  auto select = ParseStatements("SELECT * EXCLUDE a FROM t");
  EXPECT_EQ(select[0]->ToString(), "SELECT * EXCLUDE (a) FROM t");
  EXPECT_THROW(ParseExpression("a + *"), Error);
  auto parameter = ParseExpression("$2 + ? + ?");
  EXPECT_EQ(parameter->children[0]->children[0]->parameter_index, 2);
  EXPECT_EQ(parameter->children[0]->children[1]->parameter_index, 1);
  EXPECT_EQ(parameter->children[1]->parameter_index, 2);
}

TEST(ParseExpressionTest, KeywordsAsColumnNames) {
  EXPECT_EQ(Render("value + date + year + first + last + filter + month"),
            "((((((value + date) + year) + first) + last) + filter) + month)");
  EXPECT_EQ(Render("left(name, 2)"), "left(name, 2)");
  EXPECT_EQ(Render("\"select\" + \"from\""), "(\"select\" + \"from\")");
}

TEST(ParseExpressionTest, PredicatesAndSubqueries) {
  EXPECT_EQ(Render("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(Render("a ISNULL"), "(a IS NULL)");
  EXPECT_EQ(Render("a IS NOT TRUE"), "(a IS NOT TRUE)");
  EXPECT_EQ(Render("a IS FALSE"), "(a IS FALSE)");
  EXPECT_EQ(Render("a IS DISTINCT FROM b"), "(a IS DISTINCT FROM b)");
  EXPECT_EQ(Render("a IS NOT DISTINCT FROM b"), "(a IS NOT DISTINCT FROM b)");
  EXPECT_EQ(Render("a NOT BETWEEN 1 AND 2"), "(a NOT BETWEEN 1 AND 2)");
  EXPECT_EQ(Render("a IN (1, 2, 3)"), "(a IN (1, 2, 3))");
  EXPECT_EQ(Render("a NOT IN (1)"), "(a NOT IN (1))");
  EXPECT_EQ(Render("a IN (SELECT x FROM t)"), "(a IN (SELECT x FROM t))");
  EXPECT_EQ(Render("a = ANY (SELECT x FROM t)"), "(a IN (SELECT x FROM t))");
  EXPECT_EQ(Render("a <> ALL (SELECT x FROM t)"), "(a NOT IN (SELECT x FROM t))");
  EXPECT_EQ(Render("NOT EXISTS (SELECT 1)"), "(NOT EXISTS (SELECT 1))");
  EXPECT_EQ(Render("(SELECT max(x) FROM t) + 1"), "((SELECT max(x) FROM t) + 1)");
  EXPECT_EQ(Render("x LIKE 'a!%' ESCAPE '!'"), "(x LIKE 'a!%' ESCAPE '!')");
  EXPECT_EQ(Render("x SIMILAR TO 'a'"), "(x SIMILAR TO 'a')");
  EXPECT_EQ(Render("x GLOB '*.csv'"), "(x GLOB '*.csv')");
}

TEST(ParseExpressionTest, Case) {
  auto searched = ParseExpression("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  EXPECT_EQ(searched->kind, ExpressionKind::kCase);
  EXPECT_EQ(searched->case_operand, nullptr);
  EXPECT_EQ(searched->case_branches.size(), 2u);
  ASSERT_NE(searched->else_expression, nullptr);
  auto simple = ParseExpression("CASE a WHEN 1 THEN 'one' END");
  ASSERT_NE(simple->case_operand, nullptr);
  EXPECT_EQ(simple->else_expression, nullptr);
  EXPECT_EQ(simple->ToString(), "CASE a WHEN 1 THEN 'one' END");
}

TEST(ParseExpressionTest, FunctionCalls) {
  auto count = ParseExpression("count(*)");
  EXPECT_EQ(count->kind, ExpressionKind::kFunction);
  EXPECT_EQ(count->function_name, "count");
  EXPECT_TRUE(count->star_argument);
  EXPECT_TRUE(count->children.empty());
  auto distinct = ParseExpression("COUNT(DISTINCT x)");
  EXPECT_TRUE(distinct->distinct);
  EXPECT_EQ(distinct->function_name, "count");
  auto aggregate = ParseExpression("string_agg(x, ',' ORDER BY y DESC) FILTER (WHERE y > 0)");
  EXPECT_EQ(aggregate->children.size(), 2u);
  ASSERT_EQ(aggregate->order_by.size(), 1u);
  EXPECT_EQ(aggregate->order_by[0].direction, OrderDirection::kDescending);
  ASSERT_NE(aggregate->filter, nullptr);
  auto window = ParseExpression(
      "sum(x) OVER (PARTITION BY a, b ORDER BY c NULLS FIRST RANGE BETWEEN 2 PRECEDING AND "
      "UNBOUNDED FOLLOWING)");
  ASSERT_NE(window->window, nullptr);
  EXPECT_EQ(window->window->partition_by.size(), 2u);
  EXPECT_EQ(window->window->order_by[0].null_order, NullOrder::kNullsFirst);
  EXPECT_EQ(window->window->frame_unit, FrameUnit::kRange);
  EXPECT_EQ(window->window->frame_start.kind, FrameBoundKind::kPreceding);
  EXPECT_EQ(window->window->frame_end.kind, FrameBoundKind::kUnboundedFollowing);
  auto rows = ParseExpression("avg(x) OVER (ROWS 3 PRECEDING)");
  EXPECT_EQ(rows->window->frame_end.kind, FrameBoundKind::kCurrentRow);
  EXPECT_EQ(ParseExpression("rank() OVER w")->window->base_window, "w");
  auto schema = ParseExpression("main.f(1)");
  EXPECT_EQ(schema->function_schema, "main");
  EXPECT_EQ(schema->function_name, "f");
  auto named = ParseExpression("f(1, b := 2, c => 3)");
  EXPECT_THAT(named->argument_names, testing::ElementsAre("", "b", "c"));
  EXPECT_EQ(named->ToString(), "f(1, b := 2, c := 3)");
  EXPECT_EQ(Render("coalesce(a, b, 0)"), "coalesce(a, b, 0)");
  EXPECT_EQ(Render("current_date"), "current_date()");
  EXPECT_EQ(Render("first_value(x IGNORE NULLS) OVER (ORDER BY y)"),
            "first_value(x IGNORE NULLS) OVER (ORDER BY y)");
}

TEST(ParseExpressionTest, SpecialSyntaxFunctions) {
  EXPECT_EQ(Render("EXTRACT(YEAR FROM d)"), "date_part('year', d)");
  EXPECT_EQ(Render("POSITION('b' IN s)"), "strpos(s, 'b')");
  EXPECT_EQ(Render("SUBSTRING(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(Render("SUBSTRING(s FROM 2)"), "substring(s, 2)");
  EXPECT_EQ(Render("SUBSTRING(s FOR 3)"), "substring(s, 1, 3)");
  EXPECT_EQ(Render("substring(s, 1, 2)"), "substring(s, 1, 2)");
  EXPECT_EQ(Render("TRIM(s)"), "trim(s)");
  EXPECT_EQ(Render("TRIM(BOTH 'x' FROM s)"), "trim(s, 'x')");
  EXPECT_EQ(Render("TRIM(LEADING FROM s)"), "ltrim(s)");
  EXPECT_EQ(Render("TRIM(TRAILING 'y' FROM s)"), "rtrim(s, 'y')");
}

TEST(ParseExpressionTest, StructAndListLiterals) {
  auto value = ParseExpression("{'a': 'INT', b: 1 + 2}");
  EXPECT_EQ(value->kind, ExpressionKind::kStruct);
  EXPECT_THAT(value->struct_keys, testing::ElementsAre("a", "b"));
  EXPECT_EQ(value->ToString(), "{'a': 'INT', 'b': (1 + 2)}");
  EXPECT_EQ(Render("[1, 2, 3]"), "[1, 2, 3]");
  EXPECT_EQ(Render("ARRAY[1]"), "[1]");
  EXPECT_EQ(Render("x[2]"), "array_extract(x, 2)");
}

TEST(ParseExpressionTest, OffsetsPointAtFirstToken) {
  auto expression = ParseExpression("  a + foo(b) * 3");
  EXPECT_EQ(expression->query_offset, 2);
  EXPECT_EQ(expression->children[1]->query_offset, 6);
  EXPECT_EQ(expression->children[1]->children[0]->query_offset, 6);
  EXPECT_EQ(expression->children[1]->children[0]->children[0]->query_offset, 10);
  EXPECT_EQ(expression->children[1]->children[1]->query_offset, 15);
}

TEST(ParseExpressionTest, CopyAndEquals) {
  auto original = ParseExpression(
      "CASE WHEN a IN (SELECT x FROM t) THEN sum(b) OVER (PARTITION BY c) ELSE -1 END");
  auto copy = original->Copy();
  EXPECT_TRUE(copy->Equals(*original));
  EXPECT_EQ(copy->ToString(), original->ToString());
  EXPECT_EQ(copy->case_branches[0].when->query_offset, original->case_branches[0].when->query_offset);
  EXPECT_TRUE(ParseExpression("avg(value1)")->Equals(*ParseExpression("AVG( value1 )")));
  EXPECT_FALSE(ParseExpression("avg(value1)")->Equals(*ParseExpression("avg(value2)")));
}

}  // namespace
}  // namespace tarn::sql

namespace tarn::sql {
namespace {

TEST(ParseExpressionTest, WithinGroupBecomesQuantileCall) {
  EXPECT_EQ(Render("percentile_cont(0.25) WITHIN GROUP (ORDER BY x)"), "quantile_cont(x, 0.25)");
  EXPECT_EQ(Render("percentile_disc(q) WITHIN GROUP (ORDER BY x + 1 DESC)"),
            "__percentile_disc_desc((x + 1), q)");
  EXPECT_THROW(Render("mode() WITHIN GROUP (ORDER BY x)"), Error);
  EXPECT_THROW(Render("percentile_cont(0.5) WITHIN GROUP (ORDER BY x, y)"), Error);
  EXPECT_THROW(Render("percentile_cont(0.5, 1) WITHIN GROUP (ORDER BY x)"), Error);
}

}  // namespace
}  // namespace tarn::sql
