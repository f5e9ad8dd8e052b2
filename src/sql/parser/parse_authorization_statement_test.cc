#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

std::unique_ptr<AuthorizationStatement> ParseOne(std::string_view sql) {
  std::vector<std::unique_ptr<Statement>> statements = ParseStatements(sql);
  EXPECT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements.at(0)->kind, StatementKind::kAuthorization);
  // The rendering parses back to the same rendering.
  std::string rendered = statements[0]->ToString();
  EXPECT_EQ(ParseStatements(rendered).at(0)->ToString(), rendered) << "for " << sql;
  return std::unique_ptr<AuthorizationStatement>(
      static_cast<AuthorizationStatement*>(statements[0].release()));
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

TEST(ParseAuthorizationStatementTest, GrantOnTableWithColumns) {
  auto grant = ParseOne("GRANT SELECT, insert, SELECT ON TABLE sales.orders (region, Amount) TO ROLE analyst");
  EXPECT_EQ(grant->authorization_kind, AuthorizationKind::kGrant);
  EXPECT_EQ(grant->privileges, (std::vector<Privilege>{Privilege::kSelect, Privilege::kInsert}));
  EXPECT_FALSE(grant->all_privileges);
  EXPECT_EQ(grant->object_kind, GrantObjectKind::kTable);
  EXPECT_EQ(grant->database, "sales");
  EXPECT_EQ(grant->name, "orders");
  EXPECT_EQ(grant->columns, (std::vector<std::string>{"region", "amount"}));
  EXPECT_EQ(grant->grantee_kind, GranteeKind::kRole);
  EXPECT_EQ(grant->grantee, "analyst");
  EXPECT_EQ(grant->object_offset, 38);
  EXPECT_EQ(grant->ToString(),
            "GRANT SELECT, INSERT ON TABLE sales.orders (region, amount) TO ROLE analyst");
}

TEST(ParseAuthorizationStatementTest, GrantAllOnDatabaseAndUsageOnSecret) {
  auto all = ParseOne("grant all on database sales to user alice");
  EXPECT_TRUE(all->all_privileges);
  EXPECT_TRUE(all->privileges.empty());
  EXPECT_EQ(all->object_kind, GrantObjectKind::kDatabase);
  EXPECT_EQ(all->database, "sales");
  EXPECT_EQ(all->grantee_kind, GranteeKind::kUser);
  EXPECT_EQ(all->ToString(), "GRANT ALL PRIVILEGES ON DATABASE sales TO USER alice");

  auto usage = ParseOne("GRANT USAGE ON SECRET pseudonym_key TO ROLE etl");
  EXPECT_EQ(usage->object_kind, GrantObjectKind::kSecret);
  EXPECT_EQ(usage->name, "pseudonym_key");
  EXPECT_EQ(usage->privileges, (std::vector<Privilege>{Privilege::kUsage}));

  auto create = ParseOne("GRANT CREATE ON DATABASE sales TO ROLE engineer");
  EXPECT_EQ(create->privileges, (std::vector<Privilege>{Privilege::kCreate}));
}

TEST(ParseAuthorizationStatementTest, RevokeAndUnqualifiedTable) {
  auto revoke = ParseOne("REVOKE UNMASK ON TABLE customers FROM USER \"svc-ingest\"");
  EXPECT_EQ(revoke->authorization_kind, AuthorizationKind::kRevoke);
  EXPECT_EQ(revoke->database, "");
  EXPECT_EQ(revoke->name, "customers");
  EXPECT_EQ(revoke->grantee, "svc-ingest");
  EXPECT_EQ(revoke->ToString(), "REVOKE UNMASK ON TABLE customers FROM USER \"svc-ingest\"");
}

TEST(ParseAuthorizationStatementTest, RolesAndMembership) {
  auto create = ParseOne("CREATE ROLE analyst");
  EXPECT_EQ(create->authorization_kind, AuthorizationKind::kCreateRole);
  EXPECT_EQ(create->role, "analyst");
  EXPECT_EQ(ParseOne("DROP ROLE analyst")->authorization_kind, AuthorizationKind::kDropRole);

  auto grant = ParseOne("GRANT ROLE analyst TO USER bob");
  EXPECT_EQ(grant->authorization_kind, AuthorizationKind::kGrantRole);
  EXPECT_EQ(grant->role, "analyst");
  EXPECT_EQ(grant->grantee, "bob");
  EXPECT_EQ(grant->grantee_kind, GranteeKind::kUser);
  auto revoke = ParseOne("REVOKE ROLE analyst FROM USER bob");
  EXPECT_EQ(revoke->authorization_kind, AuthorizationKind::kRevokeRole);
  EXPECT_EQ(revoke->ToString(), "REVOKE ROLE analyst FROM USER bob");
}

TEST(ParseAuthorizationStatementTest, RowFilters) {
  auto filter = ParseOne(
      "CREATE ROW FILTER eu_only ON sales.orders FOR ROLE analyst USING (region = 'EU' or amount<0)");
  EXPECT_EQ(filter->authorization_kind, AuthorizationKind::kCreateRowFilter);
  EXPECT_EQ(filter->filter_name, "eu_only");
  EXPECT_EQ(filter->database, "sales");
  EXPECT_EQ(filter->name, "orders");
  EXPECT_EQ(filter->grantee, "analyst");
  EXPECT_EQ(filter->filter_expression, "((region = 'EU') OR (amount < 0))");
  EXPECT_EQ(filter->filter_offset, 66);

  auto drop = ParseOne("DROP ROW FILTER eu_only ON orders");
  EXPECT_EQ(drop->authorization_kind, AuthorizationKind::kDropRowFilter);
  EXPECT_EQ(drop->filter_name, "eu_only");
  EXPECT_EQ(drop->name, "orders");
}

TEST(ParseAuthorizationStatementTest, ShowGrants) {
  auto all = ParseOne("SHOW GRANTS");
  EXPECT_EQ(all->authorization_kind, AuthorizationKind::kShowGrants);
  EXPECT_EQ(all->grantee_kind, GranteeKind::kNone);
  auto role = ParseOne("SHOW GRANTS FOR ROLE analyst");
  EXPECT_EQ(role->grantee_kind, GranteeKind::kRole);
  EXPECT_EQ(role->grantee, "analyst");
}

TEST(ParseAuthorizationStatementTest, ErrorsAtTheirOffsets) {
  Error privilege = ParseError("GRANT READ ON TABLE t TO ROLE r");
  EXPECT_EQ(privilege.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(privilege.location().query_offset, 6);

  Error object = ParseError("GRANT SELECT ON VIEW v TO ROLE r");
  EXPECT_EQ(object.location().query_offset, 16);

  auto bare = ParseOne("GRANT SELECT ON t TO ROLE r");
  EXPECT_EQ(bare->object_kind, GrantObjectKind::kTable);
  EXPECT_EQ(bare->name, "t");

  Error grantee = ParseError("GRANT SELECT ON TABLE t TO analyst");
  EXPECT_EQ(grantee.location().query_offset, 27);

  Error usage = ParseError("GRANT USAGE ON TABLE t TO ROLE r");
  EXPECT_EQ(usage.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(usage.message(), "privilege USAGE does not apply to a table");
  EXPECT_EQ(usage.location().query_offset, 15);

  EXPECT_EQ(ParseError("GRANT SELECT ON SECRET s TO ROLE r").message(),
            "privilege SELECT does not apply to a secret");
  EXPECT_EQ(ParseError("GRANT DELETE ON TABLE t (a) TO ROLE r").message(),
            "privilege DELETE does not apply to columns");
  EXPECT_EQ(ParseError("GRANT CREATE ON TABLE t TO ROLE r").message(),
            "privilege CREATE does not apply to a table");

  Error role_to_role = ParseError("GRANT ROLE a TO ROLE b");
  EXPECT_EQ(role_to_role.location().query_offset, 16);

  Error bad_filter = ParseError("CREATE ROW FILTER f ON t FOR ROLE r USING (region = )");
  EXPECT_EQ(bad_filter.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(bad_filter.location().query_offset, 52);

  Error subquery = ParseError("CREATE ROW FILTER f ON t FOR ROLE r USING (a IN (SELECT 1))");
  EXPECT_EQ(subquery.code(), ErrorCode::kNotSupported);
  EXPECT_EQ(subquery.location().query_offset, 43);
  Error parameter = ParseError("CREATE ROW FILTER f ON t FOR ROLE r USING (a = $1)");
  EXPECT_EQ(parameter.code(), ErrorCode::kNotSupported);
  EXPECT_EQ(parameter.location().query_offset, 47);

  Error too_long = ParseError("DROP ROW FILTER f ON a.b.c");
  EXPECT_EQ(too_long.location().query_offset, 21);
  EXPECT_EQ(ParseError("CREATE ROW FILTER f ON t USING (a)").code(), ErrorCode::kSyntaxError);
}

}  // namespace
}  // namespace tarn::sql
