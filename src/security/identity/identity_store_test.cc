#include "security/identity/identity_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

class IdentityStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-identity-" + storage::RandomHex(6));
    store_ = IdentityStore::Open(dir_.string());
  }
  void TearDown() override {
    store_.reset();
    SetSecurityClockForTesting(0);
    std::filesystem::remove_all(dir_);
  }
  std::string DatabaseBytes() const {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream stream(dir_ / (std::string("security.db") + suffix), std::ios::binary);
      std::ostringstream text;
      text << stream.rdbuf();
      all += text.str();
    }
    return all;
  }

  std::filesystem::path dir_;
  std::unique_ptr<IdentityStore> store_;
};

TEST_F(IdentityStoreTest, FirstOpenCreatesAdminWithOneTimeToken) {
  std::optional<NewToken> bootstrap = store_->TakeBootstrapCredential();
  ASSERT_TRUE(bootstrap.has_value());
  EXPECT_FALSE(store_->TakeBootstrapCredential().has_value());
  std::optional<Principal> admin = store_->AuthenticateToken(bootstrap->secret);
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->name, "admin");
  EXPECT_TRUE(admin->IsAdmin());
  // A second open finds the admin and creates nothing.
  auto again = IdentityStore::Open(dir_.string());
  EXPECT_FALSE(again->TakeBootstrapCredential().has_value());
  EXPECT_EQ(again->ListPrincipals().size(), 1u);
  struct stat info;
  ASSERT_EQ(::stat((dir_ / "security.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST_F(IdentityStoreTest, TokenIs256BitsAndStoredOnlyAsHash) {
  store_->CreatePrincipal("ana", PrincipalKind::kUser, {"analyst"}, "");
  NewToken token = store_->CreateToken("ana", 0, {"query"});
  ASSERT_EQ(token.secret.size(), 5u + 64u);
  EXPECT_TRUE(token.secret.starts_with("tarn_"));
  std::optional<Principal> principal = store_->AuthenticateToken(token.secret);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->name, "ana");
  EXPECT_EQ(principal->roles, std::vector<std::string>{"analyst"});
  EXPECT_EQ(principal->scopes, std::vector<std::string>{"query"});
  EXPECT_FALSE(principal->IsAdmin());
  EXPECT_EQ(store_->TokenId(token.secret), token.id);
  // Neither the token nor its secret part is anywhere in the database files.
  std::string bytes = DatabaseBytes();
  EXPECT_EQ(bytes.find(token.secret), std::string::npos);
  EXPECT_EQ(bytes.find(token.secret.substr(5)), std::string::npos);
  // Listing shows ids only.
  for (const TokenInfo& info : store_->ListTokens()) {
    EXPECT_EQ(info.id.find(token.secret.substr(5)), std::string::npos);
  }
}

TEST_F(IdentityStoreTest, WrongOrMalformedTokensAreRejected) {
  store_->CreatePrincipal("ana", PrincipalKind::kUser, {}, "");
  NewToken token = store_->CreateToken("ana", 0, {});
  std::string altered = token.secret;
  altered.back() = altered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(store_->AuthenticateToken(altered).has_value());
  EXPECT_FALSE(store_->AuthenticateToken("").has_value());
  EXPECT_FALSE(store_->AuthenticateToken("tarn_xyz").has_value());
  EXPECT_FALSE(store_->AuthenticateToken(token.secret + "0").has_value());
}

TEST_F(IdentityStoreTest, TokensExpire) {
  SetSecurityClockForTesting(1'000'000);
  store_->CreatePrincipal("svc", PrincipalKind::kService, {"ingest"}, "");
  NewToken token = store_->CreateToken("svc", 1'000'000 + ParseDuration("30d"), {});
  SetSecurityClockForTesting(1'000'000 + 30 * 86400 - 1);
  EXPECT_TRUE(store_->AuthenticateToken(token.secret).has_value());
  SetSecurityClockForTesting(1'000'000 + 30 * 86400);
  EXPECT_FALSE(store_->AuthenticateToken(token.secret).has_value());
}

TEST_F(IdentityStoreTest, RevokedTokensAndDisabledPrincipalsStopWorking) {
  store_->CreatePrincipal("ana", PrincipalKind::kUser, {}, "");
  NewToken first = store_->CreateToken("ana", 0, {});
  NewToken second = store_->CreateToken("ana", 0, {});
  store_->RevokeToken(first.id);
  EXPECT_FALSE(store_->AuthenticateToken(first.secret).has_value());
  EXPECT_TRUE(store_->AuthenticateToken(second.secret).has_value());
  EXPECT_THROW(store_->RevokeToken("tk_0000000000000000"), Error);
  store_->DisablePrincipal("ana");
  EXPECT_FALSE(store_->AuthenticateToken(second.secret).has_value());
  EXPECT_THROW(store_->CreateToken("ana", 0, {}), Error);
}

// Authentication keeps its prepared statements between calls: a change made after a successful
// use, by this store or by another connection to the file (the CLI while a server runs), counts
// at the very next call.
TEST_F(IdentityStoreTest, ChangesAfterASuccessfulUseCountAtOnce) {
  store_->CreatePrincipal("ana", PrincipalKind::kUser, {"analyst"}, "");
  NewToken first = store_->CreateToken("ana", 0, {});
  NewToken second = store_->CreateToken("ana", 0, {});
  NewToken third = store_->CreateToken("ana", 0, {});
  ASSERT_TRUE(store_->AuthenticateToken(first.secret).has_value());
  store_->RevokeToken(first.id);
  EXPECT_FALSE(store_->AuthenticateToken(first.secret).has_value());

  auto other = IdentityStore::Open(dir_.string());  // a second connection, like another process
  ASSERT_TRUE(store_->AuthenticateToken(second.secret).has_value());
  EXPECT_TRUE(other->RevokeBearer(second.secret));
  EXPECT_FALSE(store_->AuthenticateToken(second.secret).has_value());

  std::optional<Principal> before = store_->AuthenticateToken(third.secret);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->roles, std::vector<std::string>{"analyst"});
  other->GrantRole("ana", "loader");
  other->RevokeRole("ana", "analyst");
  std::optional<Principal> after = store_->AuthenticateToken(third.secret);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->roles, std::vector<std::string>{"loader"});
  other->DisablePrincipal("ana");
  EXPECT_FALSE(store_->AuthenticateToken(third.secret).has_value());
  EXPECT_FALSE(other->AuthenticateToken(third.secret).has_value());
}

// A token that expires between two uses fails at the second.
TEST_F(IdentityStoreTest, ExpiryAfterASuccessfulUseCountsAtOnce) {
  SetSecurityClockForTesting(2'000'000);
  store_->CreatePrincipal("svc", PrincipalKind::kService, {}, "");
  NewToken token = store_->CreateToken("svc", 2'000'010, {});
  EXPECT_TRUE(store_->AuthenticateToken(token.secret).has_value());
  EXPECT_EQ(store_->TokenId(token.secret), token.id);
  SetSecurityClockForTesting(2'000'010);
  EXPECT_FALSE(store_->AuthenticateToken(token.secret).has_value());
}

TEST_F(IdentityStoreTest, PasswordsAuthenticate) {
  store_->CreatePrincipal("bob", PrincipalKind::kUser, {"admin"}, "s3cret pass");
  EXPECT_TRUE(store_->AuthenticatePassword("bob", "s3cret pass").has_value());
  EXPECT_FALSE(store_->AuthenticatePassword("bob", "wrong").has_value());
  EXPECT_FALSE(store_->AuthenticatePassword("nobody", "s3cret pass").has_value());
  EXPECT_EQ(DatabaseBytes().find("s3cret pass"), std::string::npos);
  store_->DisablePrincipal("bob");
  EXPECT_FALSE(store_->AuthenticatePassword("bob", "s3cret pass").has_value());
}

TEST_F(IdentityStoreTest, NamesAreCheckedAndUnique) {
  store_->CreatePrincipal("ana", PrincipalKind::kUser, {}, "");
  EXPECT_THROW(store_->CreatePrincipal("ana", PrincipalKind::kUser, {}, ""), Error);
  EXPECT_THROW(store_->CreatePrincipal("a b", PrincipalKind::kUser, {}, ""), Error);
  EXPECT_THROW(store_->CreatePrincipal("", PrincipalKind::kUser, {}, ""), Error);
  EXPECT_THROW(store_->CreatePrincipal("svc", PrincipalKind::kService, {}, "pw"), Error);
  EXPECT_THROW(store_->DisablePrincipal("nobody"), Error);
}

TEST(ParseDurationTest, Units) {
  EXPECT_EQ(ParseDuration("30d"), 30 * 86400);
  EXPECT_EQ(ParseDuration("12h"), 12 * 3600);
  EXPECT_EQ(ParseDuration("5m"), 300);
  EXPECT_EQ(ParseDuration("90"), 90);
  EXPECT_THROW(ParseDuration("0d"), Error);
  EXPECT_THROW(ParseDuration("-1d"), Error);
  EXPECT_THROW(ParseDuration("3w"), Error);
  EXPECT_THROW(ParseDuration(""), Error);
}

TEST_F(IdentityStoreTest, SessionTokensExpireAndLogOut) {
  store_->CreatePrincipal("dana", PrincipalKind::kUser, {"analyst"}, "pw-dana-1");
  SetSecurityClockForTesting(1000000);
  NewToken session = store_->CreateSessionToken("dana", 3600);
  std::optional<Principal> who = store_->AuthenticateToken(session.secret);
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->name, "dana");
  EXPECT_EQ(who->scopes, std::vector<std::string>{"session"});
  SetSecurityClockForTesting(1000000 + 3600);
  EXPECT_FALSE(store_->AuthenticateToken(session.secret).has_value());
  SetSecurityClockForTesting(1000000 + 10);
  EXPECT_TRUE(store_->AuthenticateToken(session.secret).has_value());
  EXPECT_TRUE(store_->RevokeBearer(session.secret));
  EXPECT_FALSE(store_->AuthenticateToken(session.secret).has_value());
  EXPECT_FALSE(store_->RevokeBearer("tarn_" + std::string(64, '0')));
  EXPECT_FALSE(store_->RevokeBearer("garbage"));
  EXPECT_THROW(store_->CreateSessionToken("nobody", 3600), Error);
  EXPECT_THROW(store_->CreateSessionToken("dana", 0), Error);
  // The session token is stored as a hash only.
  EXPECT_EQ(DatabaseBytes().find(session.secret), std::string::npos);
}

TEST_F(IdentityStoreTest, RolesExistWhenHeldOrBuiltIn) {
  EXPECT_TRUE(store_->RoleExists("admin"));
  EXPECT_FALSE(store_->RoleExists("analyst"));
  store_->CreatePrincipal("erin", PrincipalKind::kService, {"analyst", "loader"}, "");
  EXPECT_TRUE(store_->RoleExists("analyst"));
  EXPECT_EQ(store_->ListRoles(), (std::vector<std::string>{"admin", "analyst", "loader"}));
}

}  // namespace
}  // namespace tarn::security
