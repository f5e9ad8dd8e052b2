#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

template <typename T>
std::unique_ptr<T> ParseOne(std::string_view sql, StatementKind kind) {
  std::vector<std::unique_ptr<Statement>> statements = ParseStatements(sql);
  EXPECT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements.at(0)->kind, kind);
  // Every statement's rendering parses back to the same rendering.
  std::string rendered = statements[0]->ToString();
  EXPECT_EQ(ParseStatements(rendered).at(0)->ToString(), rendered) << "for " << sql;
  return std::unique_ptr<T>(static_cast<T*>(statements[0].release()));
}

TEST(ParseStatementTest, MultipleStatementsAndEmptyOnes) {
  std::vector<std::unique_ptr<Statement>> statements =
      ParseStatements(";; SELECT 1; ; SELECT 2 ;\n -- trailing comment\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]->query_offset, 3);
  EXPECT_EQ(statements[0]->text, "SELECT 1");
  EXPECT_EQ(statements[1]->query_offset, 15);
  EXPECT_EQ(statements[1]->text, "SELECT 2");
  EXPECT_TRUE(ParseStatements("").empty());
  EXPECT_TRUE(ParseStatements(" ; -- nothing").empty());
}

TEST(ParseStatementTest, CreateTable) {
  auto create = ParseOne<CreateTableStatement>(
      "CREATE OR REPLACE TABLE IF NOT EXISTS s.t (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL "
      "DEFAULT 'x' || 'y', price DECIMAL(10,2), ts TIMESTAMP WITH TIME ZONE, d DOUBLE PRECISION, "
      "value INT NULL)",
      StatementKind::kCreateTable);
  EXPECT_TRUE(create->or_replace);
  EXPECT_TRUE(create->if_not_exists);
  EXPECT_EQ(create->name.schema, "s");
  EXPECT_EQ(create->name.name, "t");
  ASSERT_EQ(create->columns.size(), 6u);
  EXPECT_TRUE(create->columns[0].primary_key);
  EXPECT_EQ(create->columns[1].type.name, "varchar");
  EXPECT_THAT(create->columns[1].type.parameters, testing::ElementsAre(20));
  EXPECT_TRUE(create->columns[1].not_null);
  ASSERT_NE(create->columns[1].default_value, nullptr);
  EXPECT_EQ(create->columns[1].default_value->ToString(), "('x' || 'y')");
  EXPECT_EQ(create->columns[2].type.ToString(), "DECIMAL(10, 2)");
  EXPECT_EQ(create->columns[3].type.name, "timestamptz");
  EXPECT_EQ(create->columns[4].type.name, "double");
  EXPECT_EQ(create->columns[5].name, "value");
  EXPECT_FALSE(create->columns[5].not_null);

  auto keyed = ParseOne<CreateTableStatement>("CREATE TEMP TABLE k (a INT, b INT, PRIMARY KEY (a, b))",
                                              StatementKind::kCreateTable);
  EXPECT_TRUE(keyed->temporary);
  EXPECT_THAT(keyed->primary_key, testing::ElementsAre("a", "b"));

  auto as = ParseOne<CreateTableStatement>("CREATE TABLE t2 AS SELECT * FROM 'x.csv'",
                                           StatementKind::kCreateTable);
  ASSERT_NE(as->as_query, nullptr);
  EXPECT_TRUE(as->columns.empty());
}

TEST(ParseStatementTest, CreateViewKeepsItsText) {
  auto view = ParseOne<CreateViewStatement>(
      "CREATE OR REPLACE VIEW v (a, b) AS SELECT x, y FROM t  WHERE x > 1 ; ",
      StatementKind::kCreateView);
  EXPECT_TRUE(view->or_replace);
  EXPECT_THAT(view->column_names, testing::ElementsAre("a", "b"));
  EXPECT_EQ(view->query_text, "SELECT x, y FROM t  WHERE x > 1");
  ASSERT_NE(view->query, nullptr);
}

TEST(ParseStatementTest, Drop) {
  auto drop = ParseOne<DropStatement>("DROP TABLE IF EXISTS a, s.b CASCADE", StatementKind::kDrop);
  EXPECT_EQ(drop->object_kind, ObjectKind::kTable);
  EXPECT_TRUE(drop->if_exists);
  EXPECT_TRUE(drop->cascade);
  ASSERT_EQ(drop->names.size(), 2u);
  EXPECT_EQ(drop->names[1].schema, "s");
  EXPECT_EQ(ParseOne<DropStatement>("DROP VIEW v", StatementKind::kDrop)->object_kind,
            ObjectKind::kView);
}

TEST(ParseStatementTest, InsertUpdateDelete) {
  auto insert = ParseOne<InsertStatement>("INSERT INTO t (a, b) VALUES (1, 'x'), (2, DEFAULT)",
                                          StatementKind::kInsert);
  EXPECT_THAT(insert->columns, testing::ElementsAre("a", "b"));
  EXPECT_EQ(insert->query->kind, QueryNodeKind::kValues);
  auto insert_select =
      ParseOne<InsertStatement>("INSERT INTO t SELECT * FROM u", StatementKind::kInsert);
  EXPECT_TRUE(insert_select->columns.empty());
  EXPECT_EQ(insert_select->query->kind, QueryNodeKind::kSelect);
  auto insert_paren =
      ParseOne<InsertStatement>("INSERT INTO t (SELECT 1)", StatementKind::kInsert);
  EXPECT_TRUE(insert_paren->columns.empty());
  EXPECT_TRUE(ParseOne<InsertStatement>("INSERT INTO t DEFAULT VALUES", StatementKind::kInsert)
                  ->default_values);

  auto update = ParseOne<UpdateStatement>("UPDATE t SET a = a + 1, b = 'x' WHERE id = 3",
                                          StatementKind::kUpdate);
  EXPECT_EQ(update->table.name, "t");
  EXPECT_EQ(update->alias, "");
  ASSERT_EQ(update->set_items.size(), 2u);
  EXPECT_EQ(update->set_items[1].column, "b");
  ASSERT_NE(update->where, nullptr);
  EXPECT_EQ(ParseOne<UpdateStatement>("UPDATE t AS x SET a = 1", StatementKind::kUpdate)->alias,
            "x");

  auto del = ParseOne<DeleteStatement>("DELETE FROM t WHERE a IS NULL", StatementKind::kDelete);
  EXPECT_EQ(del->table.name, "t");
  ASSERT_NE(del->where, nullptr);
  EXPECT_EQ(ParseOne<DeleteStatement>("DELETE FROM t", StatementKind::kDelete)->where, nullptr);
}

TEST(ParseStatementTest, ExplainCopyPrepareExecute) {
  auto explain = ParseOne<ExplainStatement>("EXPLAIN ANALYZE SELECT 1", StatementKind::kExplain);
  EXPECT_TRUE(explain->analyze);
  EXPECT_EQ(explain->statement->kind, StatementKind::kSelect);
  EXPECT_EQ(explain->statement->query_offset, 16);
  EXPECT_EQ(explain->statement->text, "SELECT 1");
  EXPECT_FALSE(ParseOne<ExplainStatement>("EXPLAIN SELECT 1", StatementKind::kExplain)->analyze);

  auto copy = ParseOne<CopyStatement>(
      "COPY (SELECT * FROM t) TO 'out.csv.zst' (FORMAT csv, COMPRESSION zstd, HEADER, DELIMITER "
      "';')",
      StatementKind::kCopy);
  ASSERT_NE(copy->query, nullptr);
  EXPECT_FALSE(copy->is_from);
  EXPECT_EQ(copy->path, "out.csv.zst");
  ASSERT_EQ(copy->options.size(), 4u);
  EXPECT_EQ(copy->options[0].name, "format");
  EXPECT_EQ(copy->options[0].value->kind, ExpressionKind::kColumnRef);
  EXPECT_EQ(copy->options[0].value->names[0], "csv");
  EXPECT_EQ(copy->options[2].name, "header");
  EXPECT_EQ(copy->options[2].value, nullptr);
  EXPECT_EQ(copy->options[3].value->value, ";");
  auto copy_from = ParseOne<CopyStatement>("COPY t (a, b) FROM 'in.csv' WITH (HEADER true)",
                                           StatementKind::kCopy);
  EXPECT_TRUE(copy_from->is_from);
  EXPECT_EQ(copy_from->table.name, "t");
  EXPECT_THAT(copy_from->columns, testing::ElementsAre("a", "b"));
  EXPECT_EQ(copy_from->options[0].value->constant_kind, ConstantKind::kBoolean);

  auto prepare = ParseOne<PrepareStatement>("PREPARE p (INT) AS SELECT $1 + 1",
                                            StatementKind::kPrepare);
  EXPECT_EQ(prepare->name, "p");
  EXPECT_EQ(prepare->parameter_types.size(), 1u);
  EXPECT_EQ(prepare->statement->kind, StatementKind::kSelect);
  auto execute = ParseOne<ExecuteStatement>("EXECUTE p(41)", StatementKind::kExecute);
  EXPECT_EQ(execute->parameters.size(), 1u);
  EXPECT_EQ(ParseOne<DeallocateStatement>("DEALLOCATE p", StatementKind::kDeallocate)->name, "p");
}

TEST(ParseStatementTest, SetShowDescribe) {
  auto set = ParseOne<SetStatement>("SET threads = 4", StatementKind::kSet);
  EXPECT_EQ(set->name, "threads");
  EXPECT_EQ(set->value->value, "4");
  auto set_to = ParseOne<SetStatement>("SET SESSION memory_limit TO '1GB'", StatementKind::kSet);
  EXPECT_EQ(set_to->scope, SetScope::kSession);
  EXPECT_EQ(set_to->value->value, "1GB");
  auto set_word = ParseOne<SetStatement>("SET enable_progress_bar = on", StatementKind::kSet);
  EXPECT_EQ(set_word->value->kind, ExpressionKind::kColumnRef);
  EXPECT_EQ(set_word->value->names[0], "on");
  auto reset = ParseOne<SetStatement>("RESET threads", StatementKind::kSet);
  EXPECT_TRUE(reset->is_reset);

  EXPECT_EQ(ParseOne<ShowStatement>("SHOW TABLES", StatementKind::kShow)->show_kind,
            ShowKind::kTables);
  EXPECT_EQ(ParseOne<ShowStatement>("SHOW DATABASES", StatementKind::kShow)->show_kind,
            ShowKind::kDatabases);
  auto show_variable = ParseOne<ShowStatement>("SHOW threads", StatementKind::kShow);
  EXPECT_EQ(show_variable->show_kind, ShowKind::kVariable);
  EXPECT_EQ(show_variable->name, "threads");
  auto describe = ParseOne<DescribeStatement>("DESCRIBE s.t", StatementKind::kDescribe);
  EXPECT_EQ(describe->table.name, "t");
  EXPECT_EQ(describe->table.schema, "s");
  auto describe_query =
      ParseOne<DescribeStatement>("DESCRIBE SELECT 1 AS a", StatementKind::kDescribe);
  ASSERT_NE(describe_query->query, nullptr);
}

TEST(ParseStatementTest, CommentAlterTransactions) {
  auto comment = ParseOne<CommentStatement>("COMMENT ON TABLE t IS 'facts'", StatementKind::kComment);
  EXPECT_EQ(comment->object_kind, ObjectKind::kTable);
  EXPECT_EQ(comment->comment, "facts");
  auto column = ParseOne<CommentStatement>("COMMENT ON COLUMN s.t.c IS NULL", StatementKind::kComment);
  EXPECT_EQ(column->object_kind, ObjectKind::kColumn);
  EXPECT_EQ(column->name.schema, "s");
  EXPECT_EQ(column->name.name, "t");
  EXPECT_EQ(column->column, "c");
  EXPECT_TRUE(column->is_null);

  auto set = ParseOne<AlterTableStatement>("ALTER TABLE t SET (retention = '7 days', tier = hot)",
                                           StatementKind::kAlterTable);
  EXPECT_EQ(set->action, AlterTableAction::kSetOptions);
  ASSERT_EQ(set->options.size(), 2u);
  EXPECT_EQ(set->options[0].name, "retention");
  EXPECT_EQ(set->options[1].value->names[0], "hot");
  auto add = ParseOne<AlterTableStatement>("ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0",
                                           StatementKind::kAlterTable);
  EXPECT_EQ(add->action, AlterTableAction::kAddColumn);
  EXPECT_EQ(add->column.name, "c");
  EXPECT_TRUE(add->column.not_null);
  auto rename = ParseOne<AlterTableStatement>("ALTER TABLE t RENAME TO u", StatementKind::kAlterTable);
  EXPECT_EQ(rename->action, AlterTableAction::kRenameTable);
  EXPECT_EQ(rename->new_name, "u");
  auto rename_column =
      ParseOne<AlterTableStatement>("ALTER TABLE t RENAME COLUMN a TO b", StatementKind::kAlterTable);
  EXPECT_EQ(rename_column->action, AlterTableAction::kRenameColumn);
  EXPECT_EQ(rename_column->old_name, "a");
  auto drop = ParseOne<AlterTableStatement>("ALTER TABLE t DROP COLUMN IF EXISTS a",
                                            StatementKind::kAlterTable);
  EXPECT_EQ(drop->action, AlterTableAction::kDropColumn);
  EXPECT_TRUE(drop->if_column_exists);

  EXPECT_EQ(ParseOne<TransactionStatement>("BEGIN TRANSACTION", StatementKind::kTransaction)
                ->transaction_kind,
            TransactionKind::kBegin);
  EXPECT_EQ(ParseOne<TransactionStatement>("COMMIT", StatementKind::kTransaction)->transaction_kind,
            TransactionKind::kCommit);
  EXPECT_EQ(ParseOne<TransactionStatement>("ROLLBACK", StatementKind::kTransaction)
                ->transaction_kind,
            TransactionKind::kRollback);
}

}  // namespace
}  // namespace tarn::sql
