#include "security/authz/access_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/error.h"
#include "security/identity/security_database.h"
#include "security/secrets/secret_store.h"
#include "sql/parser/parser.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

using sql::Privilege;

class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-authz-" + storage::RandomHex(6));
    keyring_ = storage::Keyring::FromText("1:" + std::string(64, 'b'));
    identity_ = IdentityStore::Open(dir_.string());
    secrets_ = std::make_unique<SecretStore>(identity_->database(), *keyring_);
    grants_ = std::make_unique<GrantStore>(identity_->database());
    admin_ = Policy(Principal::LocalAdministrator());
    Run("CREATE ROLE analyst");
    Run("CREATE ROLE engineer");
    identity_->CreatePrincipal("alice", PrincipalKind::kUser, {"analyst"}, "");
    identity_->CreatePrincipal("erin", PrincipalKind::kUser, {"engineer"}, "");
    identity_->CreatePrincipal("nobody", PrincipalKind::kUser, {}, "");
    identity_->CreatePrincipal("loader", PrincipalKind::kService, {}, "");
  }
  void TearDown() override {
    admin_.reset();
    grants_.reset();
    secrets_.reset();
    identity_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<AccessPolicy> Policy(Principal principal) {
    return std::make_unique<AccessPolicy>(std::move(principal), *grants_, *identity_,
                                          secrets_.get());
  }
  // The principal 'name' as a token would authenticate it (roles from the store).
  std::unique_ptr<AccessPolicy> PolicyFor(const std::string& name) {
    for (const PrincipalInfo& info : identity_->ListPrincipals()) {
      if (info.name != name) continue;
      Principal principal;
      principal.id = info.id;
      principal.name = info.name;
      principal.kind = info.kind;
      principal.roles = info.roles;
      return Policy(std::move(principal));
    }
    ADD_FAILURE() << "no principal " << name;
    return nullptr;
  }
  static std::unique_ptr<sql::AuthorizationStatement> Parse(const std::string& text) {
    auto statements = sql::ParseStatements(text);
    EXPECT_EQ(statements.at(0)->kind, sql::StatementKind::kAuthorization);
    return std::unique_ptr<sql::AuthorizationStatement>(
        static_cast<sql::AuthorizationStatement*>(statements[0].release()));
  }
  std::string Run(const std::string& text, AccessPolicy* policy = nullptr) {
    return (policy != nullptr ? policy : admin_.get())->Execute(*Parse(text));
  }
  static Error Failure(const std::function<void()>& body) {
    try {
      body();
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "no error";
    return Error(ErrorCode::kInternal, "");
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Keyring> keyring_;
  std::unique_ptr<IdentityStore> identity_;
  std::unique_ptr<SecretStore> secrets_;
  std::unique_ptr<GrantStore> grants_;
  std::unique_ptr<AccessPolicy> admin_;
};

TEST_F(AccessPolicyTest, AdministratorMaySeeAndDoEverything) {
  EXPECT_TRUE(admin_->IsAdministrator());
  EXPECT_TRUE(admin_->CanSeeDatabase("hr"));
  EXPECT_TRUE(admin_->CanSeeTable("hr", "salaries"));
  sql::TableReadPolicy policy = admin_->SelectPolicy("hr", "salaries");
  EXPECT_TRUE(policy.all_columns);
  EXPECT_TRUE(policy.unmask);
  EXPECT_FALSE(policy.row_filter.has_value());
  admin_->CheckTable(Privilege::kDrop, "hr", "salaries");
  admin_->CheckDatabase(Privilege::kCreate, "hr");
  EXPECT_TRUE(admin_->CanUseSecret("anything"));
  // The checks are recorded even for an administrator (audit), once each.
  std::vector<sql::AccessedObject> accessed = admin_->TakeAccessed();
  ASSERT_EQ(accessed.size(), 6u);
  EXPECT_EQ(accessed[0].kind, "role");  // CREATE ROLE in SetUp
  EXPECT_EQ(accessed[2].name, "hr.salaries");
  EXPECT_EQ(accessed[2].operation, "SELECT");
  EXPECT_TRUE(admin_->TakeAccessed().empty());

  // A user with role admin is an administrator too.
  identity_->CreatePrincipal("root2", PrincipalKind::kUser, {"admin"}, "");
  EXPECT_TRUE(PolicyFor("root2")->IsAdministrator());
  EXPECT_TRUE(PolicyFor("root2")->CanSeeTable("hr", "salaries"));
}

TEST_F(AccessPolicyTest, NoGrantsMeansNothingIsVisible) {
  auto nobody = PolicyFor("nobody");
  EXPECT_FALSE(nobody->IsAdministrator());
  EXPECT_FALSE(nobody->CanSeeDatabase("sales"));
  EXPECT_FALSE(nobody->CanSeeTable("sales", "orders"));
  Error select = Failure([&] { nobody->SelectPolicy("sales", "orders"); });
  EXPECT_EQ(select.code(), ErrorCode::kNotFound);
  EXPECT_EQ(select.message(), "table \"sales.orders\" does not exist");
  EXPECT_EQ(Failure([&] { nobody->CheckTable(Privilege::kInsert, "sales", "orders"); }).code(),
            ErrorCode::kNotFound);
  Error create = Failure([&] { nobody->CheckDatabase(Privilege::kCreate, "sales"); });
  EXPECT_EQ(create.code(), ErrorCode::kNotFound);
  EXPECT_FALSE(nobody->CanUseSecret("pseudonym_key"));
}

TEST_F(AccessPolicyTest, ColumnGrantCoversOnlyItsColumns) {
  Run("GRANT SELECT ON TABLE sales.orders (region, amount) TO ROLE analyst");
  auto alice = PolicyFor("alice");
  EXPECT_TRUE(alice->CanSeeDatabase("sales"));
  EXPECT_FALSE(alice->CanSeeDatabase("hr"));
  EXPECT_TRUE(alice->CanSeeTable("sales", "orders"));
  EXPECT_FALSE(alice->CanSeeTable("sales", "customers"));
  sql::TableReadPolicy policy = alice->SelectPolicy("sales", "orders");
  EXPECT_FALSE(policy.all_columns);
  EXPECT_EQ(policy.columns, (std::vector<std::string>{"amount", "region"}));
  EXPECT_FALSE(policy.unmask);
  EXPECT_FALSE(policy.row_filter.has_value());
  // Visible but not insertable: permission denied, not "does not exist".
  Error insert = Failure([&] { alice->CheckTable(Privilege::kInsert, "sales", "orders"); });
  EXPECT_EQ(insert.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(insert.message(), "permission denied: INSERT on table sales.orders");
  // SELECT on a column list is checked column by column.
  alice->CheckTable(Privilege::kSelect, "sales", "orders", {"region"});
  Error column = Failure([&] { alice->CheckTable(Privilege::kSelect, "sales", "orders", {"region", "id"}); });
  EXPECT_EQ(column.message(), "permission denied: SELECT (id) on table sales.orders");
  // The whole-table check needs a whole-table grant.
  EXPECT_EQ(Failure([&] { alice->CheckTable(Privilege::kSelect, "sales", "orders"); }).code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(AccessPolicyTest, TableGrantCoversEveryColumnAndDatabaseGrantEveryTable) {
  Run("GRANT SELECT, UPDATE ON TABLE sales.orders TO USER alice");
  auto alice = PolicyFor("alice");
  sql::TableReadPolicy policy = alice->SelectPolicy("sales", "orders");
  EXPECT_TRUE(policy.all_columns);
  EXPECT_TRUE(policy.columns.empty());
  alice->CheckTable(Privilege::kUpdate, "sales", "orders", {"added_later"});
  EXPECT_EQ(Failure([&] { alice->CheckTable(Privilege::kDelete, "sales", "orders"); }).code(),
            ErrorCode::kPermissionDenied);

  Run("GRANT ALL ON DATABASE sales TO ROLE engineer");
  auto erin = PolicyFor("erin");
  EXPECT_TRUE(erin->CanSeeTable("sales", "anything"));
  EXPECT_TRUE(erin->SelectPolicy("sales", "customers").all_columns);
  EXPECT_FALSE(erin->SelectPolicy("sales", "customers").unmask);  // ALL does not unmask
  for (Privilege privilege : {Privilege::kInsert, Privilege::kUpdate, Privilege::kDelete,
                              Privilege::kAlter, Privilege::kDrop}) {
    erin->CheckTable(privilege, "sales", "customers");
  }
  erin->CheckDatabase(Privilege::kCreate, "sales");
  EXPECT_FALSE(erin->CanSeeTable("hr", "salaries"));
  Error other = Failure([&] { erin->CheckDatabase(Privilege::kCreate, "hr"); });
  EXPECT_EQ(other.code(), ErrorCode::kNotFound);
  // CREATE on a visible database without the grant: denied.
  Error create = Failure([&] { alice->CheckDatabase(Privilege::kCreate, "sales"); });
  EXPECT_EQ(create.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(create.message(), "permission denied: CREATE on database sales");
}

TEST_F(AccessPolicyTest, RowFiltersCombineWithOrAcrossGrantees) {
  Run("GRANT SELECT ON TABLE sales.orders TO ROLE analyst");
  Run("CREATE ROW FILTER eu ON sales.orders FOR ROLE analyst USING (region = 'EU')");
  EXPECT_EQ(PolicyFor("alice")->SelectPolicy("sales", "orders").row_filter, "(region = 'EU')");

  // A second role with its own filter: rows of either.
  Run("CREATE ROLE us_team");
  Run("GRANT ROLE us_team TO USER alice");
  Run("GRANT SELECT ON TABLE sales.orders (region) TO ROLE us_team");
  Run("CREATE ROW FILTER us ON sales.orders FOR ROLE us_team USING (region = 'US')");
  EXPECT_EQ(PolicyFor("alice")->SelectPolicy("sales", "orders").row_filter,
            "((region = 'EU')) OR ((region = 'US'))");

  // A filter on a role that grants no SELECT does not narrow anything.
  Run("CREATE ROW FILTER none ON sales.orders FOR ROLE engineer USING (false)");
  Run("GRANT SELECT ON DATABASE sales TO ROLE engineer");
  EXPECT_EQ(PolicyFor("erin")->SelectPolicy("sales", "orders").row_filter, "FALSE");

  // A grantee without a filter sees every row: the union is unfiltered.
  Run("GRANT SELECT ON TABLE sales.orders TO USER alice");
  EXPECT_FALSE(PolicyFor("alice")->SelectPolicy("sales", "orders").row_filter.has_value());

  // One filter per grantee and table; names unique per table.
  Error twice = Failure([&] {
    Run("CREATE ROW FILTER eu2 ON sales.orders FOR ROLE analyst USING (amount > 0)");
  });
  EXPECT_EQ(twice.code(), ErrorCode::kConflict);
  EXPECT_EQ(Failure([&] {
              Run("CREATE ROW FILTER eu ON sales.orders FOR USER alice USING (true)");
            }).code(),
            ErrorCode::kConflict);
  Run("DROP ROW FILTER eu ON sales.orders");
  Error gone = Failure([&] { Run("DROP ROW FILTER eu ON sales.orders"); });
  EXPECT_EQ(gone.code(), ErrorCode::kNotFound);
  EXPECT_EQ(gone.location().query_offset, 0);
}

TEST_F(AccessPolicyTest, UnmaskOnTableOrDatabase) {
  Run("GRANT SELECT ON TABLE sales.customers TO ROLE analyst");
  EXPECT_FALSE(PolicyFor("alice")->SelectPolicy("sales", "customers").unmask);
  Run("GRANT UNMASK ON TABLE sales.customers TO USER alice");
  EXPECT_TRUE(PolicyFor("alice")->SelectPolicy("sales", "customers").unmask);
  Run("GRANT SELECT, UNMASK ON DATABASE sales TO ROLE engineer");
  EXPECT_TRUE(PolicyFor("erin")->SelectPolicy("sales", "customers").unmask);
}

TEST_F(AccessPolicyTest, SecretsNeedUsage) {
  Run("GRANT USAGE ON SECRET pseudonym_key TO USER loader");
  auto loader = PolicyFor("loader");
  EXPECT_TRUE(loader->CanUseSecret("pseudonym_key"));
  EXPECT_FALSE(loader->CanUseSecret("other_key"));
  std::vector<sql::AccessedObject> accessed = loader->TakeAccessed();
  ASSERT_EQ(accessed.size(), 2u);
  EXPECT_EQ(accessed[0].kind, "secret");
  EXPECT_EQ(accessed[0].operation, "USAGE");
  Run("REVOKE USAGE ON SECRET pseudonym_key FROM USER loader");
  EXPECT_FALSE(PolicyFor("loader")->CanUseSecret("pseudonym_key"));
}

TEST_F(AccessPolicyTest, InsertOnlyServicePrincipal) {
  Run("GRANT INSERT ON TABLE sales.orders TO USER loader");
  auto loader = PolicyFor("loader");
  EXPECT_TRUE(loader->CanSeeTable("sales", "orders"));
  loader->CheckTable(Privilege::kInsert, "sales", "orders", {"id", "region"});
  Error select = Failure([&] { loader->SelectPolicy("sales", "orders"); });
  EXPECT_EQ(select.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(select.message(), "permission denied: SELECT on table sales.orders");
}

TEST_F(AccessPolicyTest, CreatorOwnsItsTable) {
  Run("GRANT CREATE ON DATABASE scratch TO USER nobody");
  auto nobody = PolicyFor("nobody");
  EXPECT_TRUE(nobody->CanSeeDatabase("scratch"));
  nobody->CheckDatabase(Privilege::kCreate, "scratch");
  // CREATE on the database makes its tables visible, not readable.
  EXPECT_EQ(Failure([&] { nobody->SelectPolicy("scratch", "mine"); }).code(),
            ErrorCode::kPermissionDenied);
  nobody->OnTableCreated("scratch", "mine");
  EXPECT_TRUE(nobody->SelectPolicy("scratch", "mine").all_columns);
  nobody->CheckTable(Privilege::kDrop, "scratch", "mine");
  // The local administrator is no user: nothing is stored for it.
  admin_->OnTableCreated("scratch", "admins");
  EXPECT_EQ(grants_->AllGrants().size(), 7u);  // CREATE + the 6 table privileges
}

TEST_F(AccessPolicyTest, ARecreatedTableStartsWithoutOldGrants) {
  Run("GRANT SELECT ON TABLE sales.orders TO ROLE analyst");
  Run("CREATE ROW FILTER eu ON sales.orders FOR ROLE analyst USING (region = 'EU')");
  Run("GRANT SELECT ON DATABASE hr TO ROLE analyst");
  EXPECT_TRUE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  // Dropped and created again (or replaced) by the administrator: only database grants remain.
  admin_->OnTableCreated("sales", "orders");
  EXPECT_FALSE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  EXPECT_TRUE(grants_->AllRowFilters().empty());
  ASSERT_EQ(grants_->AllGrants().size(), 1u);
  EXPECT_EQ(grants_->AllGrants()[0].object, "hr");
}

TEST_F(AccessPolicyTest, ADroppedTableTakesItsGrantsAlong) {
  Run("GRANT SELECT ON TABLE sales.orders TO ROLE analyst");
  Run("GRANT INSERT ON TABLE sales.orders (region) TO USER loader");
  Run("CREATE ROW FILTER eu ON sales.orders FOR ROLE analyst USING (region = 'EU')");
  Run("GRANT SELECT ON TABLE sales.customers TO ROLE analyst");
  Run("GRANT SELECT ON DATABASE hr TO ROLE analyst");
  EXPECT_TRUE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  admin_->OnTableDropped("sales", "orders");
  EXPECT_FALSE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  EXPECT_TRUE(grants_->AllRowFilters().empty());
  std::vector<std::string> objects;
  for (const auto& row : grants_->AllGrants()) objects.push_back(row.object);
  std::sort(objects.begin(), objects.end());
  EXPECT_EQ(objects, (std::vector<std::string>{"hr", "sales.customers"}));
}

TEST_F(AccessPolicyTest, RevokeIsPrecise) {
  Run("GRANT SELECT, INSERT ON TABLE sales.orders (region, amount, region) TO ROLE analyst");
  Run("REVOKE INSERT ON TABLE sales.orders (amount, amount) FROM ROLE analyst");
  auto alice = PolicyFor("alice");
  alice->CheckTable(Privilege::kInsert, "sales", "orders", {"region"});
  EXPECT_EQ(Failure([&] { alice->CheckTable(Privilege::kInsert, "sales", "orders", {"amount"}); })
                .code(),
            ErrorCode::kPermissionDenied);
  // Not granted: "no such grant", and nothing of the statement is revoked.
  Error missing = Failure([&] { Run("REVOKE SELECT, DELETE ON TABLE sales.orders FROM ROLE analyst"); });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.message(), "no such grant: DELETE on table sales.orders to role analyst");
  EXPECT_TRUE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  // A privilege without columns takes its column grants too.
  Run("REVOKE SELECT ON TABLE sales.orders FROM ROLE analyst");
  Run("REVOKE ALL ON TABLE sales.orders FROM ROLE analyst");
  EXPECT_FALSE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  Error nothing = Failure([&] { Run("REVOKE ALL PRIVILEGES ON TABLE sales.orders FROM ROLE analyst"); });
  EXPECT_EQ(nothing.message(), "no such grant: any privilege on table sales.orders to role analyst");
}

TEST_F(AccessPolicyTest, StatementsCheckNamesAndCallers) {
  Error role = Failure([&] { Run("GRANT SELECT ON TABLE sales.orders TO ROLE ghosts"); });
  EXPECT_EQ(role.code(), ErrorCode::kNotFound);
  EXPECT_EQ(role.message(), "role ghosts does not exist");
  EXPECT_EQ(role.location().query_offset, 43);
  Error user = Failure([&] { Run("GRANT SELECT ON TABLE sales.orders TO USER ghost"); });
  EXPECT_EQ(user.message(), "no user or service principal named 'ghost'");
  EXPECT_EQ(Failure([&] { Run("CREATE ROLE analyst"); }).code(), ErrorCode::kConflict);
  EXPECT_EQ(Failure([&] { Run("CREATE ROLE admin"); }).code(), ErrorCode::kConflict);
  EXPECT_EQ(Failure([&] { Run("DROP ROLE admin"); }).code(), ErrorCode::kConflict);

  // Only administrators run authorization statements.
  auto alice = PolicyFor("alice");
  Error denied = Failure([&] { Run("GRANT SELECT ON TABLE sales.orders TO USER alice", alice.get()); });
  EXPECT_EQ(denied.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.message(), "permission denied: GRANT requires the admin role");

  // Role membership goes through the identity store; revoking one not held is precise.
  Run("GRANT ROLE engineer TO USER alice");
  EXPECT_TRUE(PolicyFor("alice")->IsAdministrator() == false);
  Run("REVOKE ROLE engineer FROM USER alice");
  Error not_held = Failure([&] { Run("REVOKE ROLE engineer FROM USER alice"); });
  EXPECT_EQ(not_held.message(), "no such grant: user alice does not have role engineer");
  EXPECT_EQ(Failure([&] { Run("GRANT ROLE ghosts TO USER alice"); }).location().query_offset, 11);

  // DROP ROLE takes its grants, filters and memberships with it.
  Run("GRANT SELECT ON TABLE sales.orders TO ROLE analyst");
  Run("DROP ROLE analyst");
  EXPECT_TRUE(grants_->AllGrants().empty());
  for (const PrincipalInfo& info : identity_->ListPrincipals()) {
    if (info.name == "alice") EXPECT_TRUE(info.roles.empty());
  }
}

TEST_F(AccessPolicyTest, ShowGrants) {
  Run("GRANT SELECT ON TABLE sales.orders (region, amount) TO ROLE analyst");
  Run("CREATE ROW FILTER eu ON sales.orders FOR ROLE analyst USING (region = 'EU')");
  Run("GRANT ALL ON DATABASE sales TO ROLE engineer");
  Run("GRANT USAGE ON SECRET k TO USER loader");
  auto all = admin_->ShowGrants(*Parse("SHOW GRANTS"));
  ASSERT_EQ(all.size(), 9u);  // 7 for engineer, 1 analyst, 1 loader
  EXPECT_EQ(all[0], (std::vector<std::string>{"ROLE", "analyst", "SELECT", "TABLE", "sales.orders",
                                              "amount,region", "eu: (region = 'EU')"}));
  EXPECT_EQ(all[8], (std::vector<std::string>{"USER", "loader", "USAGE", "SECRET", "k", "", ""}));

  auto alice = PolicyFor("alice");
  EXPECT_EQ(alice->ShowGrants(*Parse("SHOW GRANTS")).size(), 1u);
  EXPECT_EQ(alice->ShowGrants(*Parse("SHOW GRANTS FOR ROLE analyst")).size(), 1u);
  Error other = Failure([&] { alice->ShowGrants(*Parse("SHOW GRANTS FOR ROLE engineer")); });
  EXPECT_EQ(other.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(other.location().query_offset, 21);
}

TEST_F(AccessPolicyTest, MaskingKeyIsCreatedOnceAndKept) {
  std::string key = admin_->MaskingKey();
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(PolicyFor("alice")->MaskingKey(), key);
  EXPECT_EQ(secrets_->Get(AccessPolicy::kMaskingKeySecret), key);
  auto without = std::make_unique<AccessPolicy>(Principal::LocalAdministrator(), *grants_,
                                                *identity_, nullptr);
  EXPECT_EQ(Failure([&] { without->MaskingKey(); }).code(), ErrorCode::kNotSupported);
}

TEST_F(AccessPolicyTest, GrantsSurviveReopening) {
  Run("GRANT SELECT ON TABLE sales.orders TO ROLE analyst");
  admin_.reset();
  grants_.reset();
  secrets_.reset();
  identity_.reset();
  identity_ = IdentityStore::Open(dir_.string());
  grants_ = std::make_unique<GrantStore>(identity_->database());
  EXPECT_TRUE(PolicyFor("alice")->CanSeeTable("sales", "orders"));
  EXPECT_EQ(grants_->ListRoles(), (std::vector<std::string>{"admin", "analyst", "engineer"}));
}

}  // namespace
}  // namespace tarn::security
