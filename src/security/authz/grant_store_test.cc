#include "security/authz/grant_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/error.h"
#include "security/identity/identity_store.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

using sql::Privilege;

class GrantStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-grants-" + storage::RandomHex(6));
    identity_ = IdentityStore::Open(dir_.string());
    store_ = std::make_unique<GrantStore>(identity_->database());
  }
  void TearDown() override {
    store_.reset();
    identity_.reset();
    std::filesystem::remove_all(dir_);
  }

  static GrantRow Row(Privilege privilege, std::string object, std::string column = "") {
    GrantRow row;
    row.grantee = {GranteeType::kRole, "analyst"};
    row.privilege = privilege;
    row.object_kind = GrantObject::kTable;
    row.object = std::move(object);
    row.column = std::move(column);
    return row;
  }

  std::filesystem::path dir_;
  std::unique_ptr<IdentityStore> identity_;
  std::unique_ptr<GrantStore> store_;
};

TEST_F(GrantStoreTest, RolesAreCreatedHeldOrBuiltIn) {
  EXPECT_TRUE(store_->RoleExists("admin"));
  EXPECT_FALSE(store_->RoleExists("analyst"));
  store_->CreateRole("analyst");
  EXPECT_TRUE(store_->RoleExists("analyst"));
  // The identity store sees created roles too (OIDC role claims, tarn user list).
  EXPECT_TRUE(identity_->RoleExists("analyst"));
  identity_->CreatePrincipal("bo", PrincipalKind::kUser, {"loader"}, "");
  EXPECT_TRUE(store_->RoleExists("loader"));
  EXPECT_EQ(store_->ListRoles(), (std::vector<std::string>{"admin", "analyst", "loader"}));
  EXPECT_THROW(store_->CreateRole("analyst"), Error);
  // A role only held by a principal may still be created, and dropping it ends the membership.
  store_->CreateRole("loader");
  store_->DropRole("loader");
  EXPECT_FALSE(store_->RoleExists("loader"));
  try {
    store_->DropRole("loader");
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_EQ(error.message(), "role loader does not exist");
  }
  EXPECT_TRUE(store_->PrincipalExists("bo"));
  EXPECT_FALSE(store_->PrincipalExists("nobody"));
}

TEST_F(GrantStoreTest, GrantIsIdempotentAndRevokeIsAllOrNothing) {
  store_->Grant({Row(Privilege::kSelect, "s.t", "a"), Row(Privilege::kSelect, "s.t", "b")});
  store_->Grant({Row(Privilege::kSelect, "s.t", "a")});
  EXPECT_EQ(store_->AllGrants().size(), 2u);
  // The second row was never granted: nothing of the call is revoked.
  EXPECT_THROW(store_->Revoke({Row(Privilege::kSelect, "s.t", "a"), Row(Privilege::kSelect, "s.t", "c")},
                              false),
               Error);
  EXPECT_EQ(store_->AllGrants().size(), 2u);
  // With any_of, one removed row is enough.
  store_->Revoke({Row(Privilege::kSelect, "s.t", "a"), Row(Privilege::kInsert, "s.t")}, true);
  EXPECT_EQ(store_->AllGrants(), (std::vector<GrantRow>{Row(Privilege::kSelect, "s.t", "b")}));
  // Without a column: the column grants of that privilege go too.
  store_->Revoke({Row(Privilege::kSelect, "s.t")}, false);
  EXPECT_TRUE(store_->AllGrants().empty());
}

TEST_F(GrantStoreTest, GrantsAndFiltersOfSomeGrantees) {
  store_->Grant({Row(Privilege::kSelect, "s.t")});
  GrantRow user = Row(Privilege::kInsert, "s.t");
  user.grantee = {GranteeType::kUser, "bo"};
  store_->Grant({user});
  EXPECT_EQ(store_->GrantsOf({{GranteeType::kUser, "bo"}}), (std::vector<GrantRow>{user}));
  EXPECT_EQ(store_->GrantsOf({{GranteeType::kRole, "bo"}}).size(), 0u);  // kinds differ
  EXPECT_EQ(store_->GrantsOf({}).size(), 0u);
  EXPECT_EQ(store_->GrantsOf({{GranteeType::kUser, "bo"}, {GranteeType::kRole, "analyst"}}).size(),
            2u);

  store_->CreateRowFilter({"eu", "s.t", {GranteeType::kRole, "analyst"}, "(region = 'EU')"});
  store_->CreateRowFilter({"mine", "s.t", {GranteeType::kUser, "bo"}, "(owner = 'bo')"});
  EXPECT_EQ(store_->RowFiltersOf({{GranteeType::kUser, "bo"}}).size(), 1u);
  EXPECT_EQ(store_->AllRowFilters().size(), 2u);
  store_->DropRowFilter("eu", "s.t");
  EXPECT_EQ(store_->AllRowFilters().at(0).name, "mine");
  EXPECT_THROW(store_->DropRowFilter("eu", "s.t"), Error);
  EXPECT_THROW(store_->DropRowFilter("mine", "s.other"), Error);
}

}  // namespace
}  // namespace tarn::security
