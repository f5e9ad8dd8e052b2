#include "sql/binder/binder.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

// A catalog with the seed table's shape: t(id, value1, value2, value3, category), no rows.
SessionCatalog SeedCatalog() {
  SessionCatalog catalog;
  auto table = std::make_shared<MaterializedTable>();
  table->columns = {{"id", TypeId::kBigint},
                    {"value1", TypeId::kDouble},
                    {"value2", TypeId::kDouble},
                    {"value3", TypeId::kDouble},
                    {"category", TypeId::kBigint}};
  catalog.tables["t"] = table;
  return catalog;
}

BoundQuery BindSql(const SessionCatalog& catalog, const std::string& sql) {
  auto statements = ParseStatements(sql);
  const auto& select = static_cast<const SelectStatement&>(*statements[0]);
  std::vector<exec::Value> parameters;
  Binder binder(catalog, parameters);
  BoundQuery query = binder.BindQuery(*select.node);
  return query;
}

const LogicalOperator* FindOperator(const LogicalOperator& op, LogicalOperatorType type) {
  if (op.type == type) return &op;
  for (const auto& child : op.children) {
    if (auto found = FindOperator(*child, type)) return found;
  }
  return nullptr;
}

constexpr const char* kSeedQuery =
    "SELECT category, avg(value1), stddev(value1), min(value1), max(value1), avg(value2), "
    "stddev(value2), min(value2), max(value2), avg(value3), stddev(value3), min(value3), "
    "max(value3), avg(value1) * stddev(value2) + max(value3) - min(value1) AS combined FROM t "
    "GROUP BY category ORDER BY category";

TEST(BinderTest, SeedJobDeduplicatesAggregatesAndNamesColumns) {
  SessionCatalog catalog = SeedCatalog();
  BoundQuery query = BindSql(catalog, kSeedQuery);
  ASSERT_EQ(query.names.size(), 14u);
  EXPECT_EQ(query.names[1], "avg(value1)");
  EXPECT_EQ(query.names[13], "combined");
  EXPECT_EQ(query.types[13], LogicalType(TypeId::kDouble));
  auto* aggregate =
      static_cast<const LogicalAggregate*>(FindOperator(*query.plan, LogicalOperatorType::kAggregate));
  ASSERT_NE(aggregate, nullptr);
  EXPECT_EQ(aggregate->groups.size(), 1u);
  EXPECT_EQ(aggregate->aggregates.size(), 12u);  // `combined` reuses four of them
}

TEST(BinderTest, ProjectionPushDownReadsOnlyUsedColumns) {
  SessionCatalog catalog = SeedCatalog();
  LogicalOperatorPtr plan = Optimize(BindSql(catalog, kSeedQuery).plan);
  auto* get = static_cast<const LogicalGet*>(FindOperator(*plan, LogicalOperatorType::kGet));
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->column_ids, (std::vector<size_t>{1, 2, 3, 4}));  // id is never read
  LogicalOperatorPtr count = Optimize(BindSql(catalog, "SELECT count(*) FROM t").plan);
  get = static_cast<const LogicalGet*>(FindOperator(*count, LogicalOperatorType::kGet));
  EXPECT_EQ(get->column_ids.size(), 1u);
}

TEST(BinderTest, FiltersMoveBelowProjectionsAndIntoJoinSides) {
  SessionCatalog catalog = SeedCatalog();
  LogicalOperatorPtr plan = Optimize(
      BindSql(catalog,
              "SELECT * FROM (SELECT value1 AS v, category FROM t) s JOIN t u ON s.category = "
              "u.category WHERE s.v > 1 AND u.value2 < 0")
          .plan);
  auto* join = static_cast<const LogicalJoin*>(FindOperator(*plan, LogicalOperatorType::kJoin));
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->left_keys.size(), 1u);  // hash join on category
  EXPECT_TRUE(join->conditions.empty());
  EXPECT_NE(FindOperator(*join->children[0], LogicalOperatorType::kFilter), nullptr);
  EXPECT_NE(FindOperator(*join->children[1], LogicalOperatorType::kFilter), nullptr);
}

TEST(BinderTest, DecimalLiteralWithDoubleColumnIsDouble) {
  SessionCatalog catalog = SeedCatalog();
  BoundQuery query = BindSql(catalog, "SELECT value1 * 1.5, 2.25 * 2 FROM t");
  EXPECT_EQ(query.types[0], LogicalType(TypeId::kDouble));
  EXPECT_EQ(query.types[1].id(), TypeId::kDecimal);
}

TEST(BinderTest, GroupByOrdinalAndAlias) {
  SessionCatalog catalog = SeedCatalog();
  BoundQuery by_ordinal = BindSql(catalog, "SELECT category % 10, count(*) FROM t GROUP BY 1");
  EXPECT_EQ(by_ordinal.types[1], LogicalType(TypeId::kBigint));
  BoundQuery by_alias = BindSql(catalog, "SELECT category % 10 AS c, max(id) FROM t GROUP BY c");
  EXPECT_EQ(by_alias.names[0], "c");
  try {
    BindSql(catalog, "SELECT category, id FROM t GROUP BY category");
    ADD_FAILURE();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(),
              "column \"id\" must appear in the GROUP BY clause or be used in an aggregate function");
    EXPECT_EQ(error.location().query_offset, 17);
  }
}

TEST(BinderTest, UnknownColumnHintsAndOffsets) {
  SessionCatalog catalog = SeedCatalog();
  try {
    BindSql(catalog, "SELECT id, categry FROM t");
    ADD_FAILURE();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kBinderError);
    EXPECT_EQ(error.message(),
              "column \"categry\" does not exist; candidates: category, value1, value2, value3, id");
    EXPECT_EQ(error.location().query_offset, 11);
  }
  try {
    BindSql(catalog, "SELECT x.id FROM t");
    ADD_FAILURE();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "missing FROM-clause entry for table \"x\"");
  }
}

// A one-column BIGINT table 'k' with 'rows' rows 0, 1, 2 ...
std::shared_ptr<MaterializedTable> KeyTable(size_t rows) {
  auto table = std::make_shared<MaterializedTable>();
  table->columns = {{"k", TypeId::kBigint}};
  exec::DataChunk chunk({TypeId::kBigint});
  for (size_t i = 0; i < rows; ++i) chunk.column(0).SetValue(i, exec::Value::Bigint(i));
  chunk.SetPhysicalSize(rows);
  table->chunks.push_back(std::move(chunk));
  return table;
}

TEST(BinderTest, SmallerJoinSideBecomesTheBuildSide) {
  SessionCatalog catalog;
  catalog.tables["small"] = KeyTable(2);
  catalog.tables["big"] = KeyTable(100);
  LogicalOperatorPtr plan = Optimize(
      BindSql(catalog, "SELECT small.k, big.k FROM small JOIN big ON small.k = big.k").plan);
  auto* join = static_cast<const LogicalJoin*>(FindOperator(*plan, LogicalOperatorType::kJoin));
  ASSERT_NE(join, nullptr);
  auto* probe = static_cast<const LogicalGet*>(join->children[0].get());
  auto* build = static_cast<const LogicalGet*>(join->children[1].get());
  EXPECT_EQ(probe->table, catalog.tables["big"]);
  EXPECT_EQ(build->table, catalog.tables["small"]);
  EXPECT_EQ(join->estimated_cardinality, 100u);
}

}  // namespace
}  // namespace tarn::sql
