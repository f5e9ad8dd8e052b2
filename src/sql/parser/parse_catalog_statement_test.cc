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
  // The rendering parses back to the same rendering.
  std::string rendered = statements[0]->ToString();
  EXPECT_EQ(ParseStatements(rendered).at(0)->ToString(), rendered) << "for " << sql;
  return std::unique_ptr<T>(static_cast<T*>(statements[0].release()));
}

Error ParseError(std::string_view sql) {
  try {
    ParseStatements(sql);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << sql;
  return Error(ErrorCode::kInternal, "");
}

TEST(ParseCatalogStatementTest, TimeTravel) {
  auto select = ParseOne<SelectStatement>("SELECT * FROM db.t FOR VERSION AS OF 3 AS x",
                                          StatementKind::kSelect);
  const TableRef& ref = *select->node->from;
  EXPECT_EQ(ref.name.schema, "db");
  EXPECT_EQ(ref.as_of_kind, AsOfKind::kVersion);
  EXPECT_EQ(ref.as_of->value, "3");
  EXPECT_EQ(ref.alias, "x");
  EXPECT_EQ(select->ToString(), "SELECT * FROM db.t FOR VERSION AS OF 3 AS x");

  auto at_time = ParseOne<SelectStatement>(
      "SELECT a FROM t FOR TIMESTAMP AS OF '2026-12-01 10:00:00' JOIN u USING (a)",
      StatementKind::kSelect);
  const TableRef& left = *at_time->node->from->left;
  EXPECT_EQ(left.as_of_kind, AsOfKind::kTimestamp);
  EXPECT_EQ(left.as_of->value, "2026-12-01 10:00:00");
  EXPECT_EQ(at_time->node->from->right->as_of_kind, AsOfKind::kNone);

  auto typed = ParseOne<SelectStatement>(
      "SELECT 1 FROM t FOR TIMESTAMP AS OF TIMESTAMP '2026-12-01 10:00:00' - INTERVAL '1 hour'",
      StatementKind::kSelect);
  EXPECT_EQ(typed->node->from->as_of->kind, ExpressionKind::kBinaryOperator);

  Error system_time = ParseError("SELECT 1 FROM t FOR SYSTEM_TIME AS OF 1");
  EXPECT_EQ(system_time.code(), ErrorCode::kNotSupported);
  EXPECT_EQ(system_time.location().query_offset, 20);
  EXPECT_EQ(ParseError("SELECT 1 FROM t FOR VERSION 3").code(), ErrorCode::kSyntaxError);
}

TEST(ParseCatalogStatementTest, ShowTablesFromAndUse) {
  auto show = ParseOne<ShowStatement>("SHOW TABLES FROM sales", StatementKind::kShow);
  EXPECT_EQ(show->show_kind, ShowKind::kTables);
  EXPECT_EQ(show->database, "sales");
  EXPECT_EQ(ParseOne<ShowStatement>("SHOW TABLES IN \"Sales\"", StatementKind::kShow)->database,
            "Sales");
  EXPECT_EQ(ParseOne<UseStatement>("USE sales", StatementKind::kUse)->database, "sales");
  EXPECT_EQ(ParseError("USE a.b").code(), ErrorCode::kSyntaxError);
  Error like = ParseError("SHOW TABLES LIKE 'x%'");
  EXPECT_EQ(like.code(), ErrorCode::kNotSupported);
  EXPECT_EQ(like.location().query_offset, 12);
}

TEST(ParseCatalogStatementTest, AlterTableOwnerStewardSensitivity) {
  auto owner = ParseOne<AlterTableStatement>("ALTER TABLE db.t SET OWNER 'ana'",
                                             StatementKind::kAlterTable);
  EXPECT_EQ(owner->action, AlterTableAction::kSetProperty);
  EXPECT_EQ(owner->property, "owner");
  EXPECT_EQ(owner->value, "ana");
  auto steward = ParseOne<AlterTableStatement>("ALTER TABLE t SET STEWARD 'it''s me'",
                                               StatementKind::kAlterTable);
  EXPECT_EQ(steward->property, "steward");
  EXPECT_EQ(steward->value, "it's me");
  auto sensitivity = ParseOne<AlterTableStatement>(
      "ALTER TABLE t ALTER COLUMN email SET SENSITIVITY PII", StatementKind::kAlterTable);
  EXPECT_EQ(sensitivity->action, AlterTableAction::kSetSensitivity);
  EXPECT_EQ(sensitivity->column.name, "email");
  EXPECT_EQ(sensitivity->value, "pii");
  EXPECT_EQ(ParseError("ALTER TABLE t SET OWNER ana").code(), ErrorCode::kSyntaxError);
  // The older forms still parse.
  EXPECT_EQ(ParseOne<AlterTableStatement>("ALTER TABLE t SET (a = 1)", StatementKind::kAlterTable)
                ->action,
            AlterTableAction::kSetOptions);
}

TEST(ParseCatalogStatementTest, Vacuum) {
  auto plain = ParseOne<VacuumStatement>("VACUUM db.t", StatementKind::kVacuum);
  EXPECT_EQ(plain->table.schema, "db");
  EXPECT_EQ(plain->retain_hours, -1);
  EXPECT_EQ(ParseOne<VacuumStatement>("VACUUM t RETAIN 7 DAYS", StatementKind::kVacuum)
                ->retain_hours,
            168);
  EXPECT_EQ(ParseOne<VacuumStatement>("VACUUM t RETAIN 5 HOURS", StatementKind::kVacuum)
                ->retain_hours,
            5);
  EXPECT_EQ(ParseOne<VacuumStatement>("VACUUM t RETAIN 0 DAYS", StatementKind::kVacuum)
                ->retain_hours,
            0);
  Error full = ParseError("VACUUM FULL t");
  EXPECT_EQ(full.code(), ErrorCode::kNotSupported);
  EXPECT_EQ(full.location().query_offset, 7);
  EXPECT_EQ(ParseError("VACUUM").code(), ErrorCode::kNotSupported);
  EXPECT_EQ(ParseError("VACUUM t RETAIN 7 WEEKS").code(), ErrorCode::kSyntaxError);
}

}  // namespace
}  // namespace tarn::sql
