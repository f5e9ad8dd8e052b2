// Plans of INSERT / UPDATE / DELETE (bind_insert.cc, bind_update.cc, bind_delete.cc) and the
// typing of untyped parameters (bind_parameter.cc).
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

std::shared_ptr<MaterializedTable> Table() {
  auto table = std::make_shared<MaterializedTable>();
  table->columns = {{"a", TypeId::kInteger}, {"b", TypeId::kVarchar}, {"c", TypeId::kDate}};
  table->defaults = {exec::Value::Null(TypeId::kInteger), exec::Value::Varchar("dflt"),
                     exec::Value::Null(TypeId::kDate)};
  return table;
}

template <class T>
const T& Parsed(const std::vector<std::unique_ptr<Statement>>& statements) {
  return static_cast<const T&>(*statements.at(0));
}

TEST(BindDmlTest, InsertValuesConvertToColumnTypesAndFillDefaults) {
  SessionCatalog catalog;
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  auto statements = ParseStatements("INSERT INTO t(c, a) VALUES ('2024-01-02', '5'), (NULL, 6.4)");
  auto plan = binder.BindInsert(Parsed<InsertStatement>(statements), Table(), "t");
  ASSERT_EQ(plan->type, LogicalOperatorType::kValues);
  const auto& values = static_cast<const LogicalValues&>(*plan);
  ASSERT_EQ(values.rows.size(), 2u);
  EXPECT_EQ(values.types, (std::vector<LogicalType>{TypeId::kInteger, TypeId::kVarchar, TypeId::kDate}));
  EXPECT_EQ(values.rows[0][0].integer(), 5);
  EXPECT_EQ(values.rows[0][1].string(), "dflt");
  EXPECT_EQ(values.rows[0][2].type(), LogicalType(TypeId::kDate));
  EXPECT_EQ(values.rows[1][0].integer(), 6);
  EXPECT_TRUE(values.rows[1][2].is_null());
}

TEST(BindDmlTest, InsertSelectProjectsIntoTableLayout) {
  SessionCatalog catalog;
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  auto statements = ParseStatements("INSERT INTO t(b) SELECT 42");
  auto plan = binder.BindInsert(Parsed<InsertStatement>(statements), Table(), "t");
  ASSERT_EQ(plan->type, LogicalOperatorType::kProjection);
  const auto& projection = static_cast<const LogicalProjection&>(*plan);
  ASSERT_EQ(projection.expressions.size(), 3u);
  EXPECT_EQ(projection.expressions[1]->kind, exec::ExpressionKind::kCast);  // INTEGER -> VARCHAR
  EXPECT_EQ(projection.expressions[1]->type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(projection.expressions[0]->kind, exec::ExpressionKind::kConstant);  // default NULL
}

TEST(BindDmlTest, UpdateAddsAnUpdatedFlagColumn) {
  SessionCatalog catalog;
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  auto statements = ParseStatements("UPDATE t SET a = a + 1 WHERE b = 'x'");
  auto plan = binder.BindUpdate(Parsed<UpdateStatement>(statements), Table(), "t");
  EXPECT_EQ(plan->types.size(), 4u);
  EXPECT_EQ(plan->types.back(), LogicalType(TypeId::kBoolean));
  const auto& projection = static_cast<const LogicalProjection&>(*plan);
  EXPECT_EQ(projection.expressions[0]->kind, exec::ExpressionKind::kCase);
  EXPECT_EQ(projection.expressions[1]->kind, exec::ExpressionKind::kColumnRef);
}

TEST(BindDmlTest, DeleteKeepsRowsWhereConditionIsNotTrue) {
  SessionCatalog catalog;
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  auto statements = ParseStatements("DELETE FROM t WHERE a > 1");
  auto plan = binder.BindDelete(Parsed<DeleteStatement>(statements), Table(), "t");
  ASSERT_EQ(plan->type, LogicalOperatorType::kFilter);
  const auto& filter = static_cast<const LogicalFilter&>(*plan);
  ASSERT_EQ(filter.conditions.size(), 1u);
  EXPECT_EQ(filter.conditions[0]->kind, exec::ExpressionKind::kNot);
  EXPECT_EQ(plan->children[0]->type, LogicalOperatorType::kGet);
}

TEST(BindDmlTest, UntypedParametersTakeTheirTypeFromUse) {
  SessionCatalog catalog;
  catalog.tables["t"] = Table();
  std::vector<exec::Value> parameters = {exec::Value::Varchar("007"), exec::Value::Varchar("12")};
  std::vector<bool> untyped = {true, true};
  Binder binder(catalog, parameters);
  binder.SetUntypedParameters(&untyped);
  auto statements = ParseStatements("SELECT b = $1, a = $1, $1, $2 || 'x' FROM t");
  BoundQuery query = binder.BindQuery(*Parsed<SelectStatement>(statements).node);
  EXPECT_EQ(query.types[2], LogicalType(TypeId::kInteger));  // no context: a numeric literal
  const auto* projection = query.plan.get();
  while (projection->type != LogicalOperatorType::kProjection) projection = projection->children[0].get();
  const auto& expressions = static_cast<const LogicalProjection&>(*projection).expressions;
  // b = $1 compares text with text '007'; a = $1 casts the text to INTEGER.
  const auto& text_side = *expressions[0]->children[1];
  EXPECT_EQ(text_side.type, LogicalType(TypeId::kVarchar));
  EXPECT_EQ(text_side.constant.string(), "007");
  EXPECT_EQ(expressions[1]->children[1]->type, LogicalType(TypeId::kInteger));

  std::vector<exec::Value> missing;
  Binder without(catalog, missing);
  auto again = ParseStatements("SELECT $1");
  try {
    without.BindQuery(*Parsed<SelectStatement>(again).node);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "no value given for parameter $1");
    EXPECT_EQ(error.location().query_offset, 7);
  }
}

}  // namespace
}  // namespace tarn::sql
