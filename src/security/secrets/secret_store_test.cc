#include "security/secrets/secret_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "security/identity/identity_store.h"
#include "security/identity/security_database.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

class SecretStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-secrets-" + storage::RandomHex(6));
    keyring_ = storage::Keyring::FromText("1:" + std::string(64, 'a'));
    identity_ = IdentityStore::Open(dir_.string());
    secrets_ = std::make_unique<SecretStore>(identity_->database(), *keyring_);
  }
  void TearDown() override {
    secrets_.reset();
    identity_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Keyring> keyring_;
  std::unique_ptr<IdentityStore> identity_;
  std::unique_ptr<SecretStore> secrets_;
};

TEST_F(SecretStoreTest, SetGetListDelete) {
  secrets_->Set("pseudonym_key", "k3y-material-XYZ");
  EXPECT_EQ(secrets_->Get("pseudonym_key"), "k3y-material-XYZ");
  EXPECT_FALSE(secrets_->Get("other").has_value());
  secrets_->Set("pseudonym_key", "rotated");
  EXPECT_EQ(secrets_->Get("pseudonym_key"), "rotated");
  ASSERT_EQ(secrets_->List().size(), 1u);
  EXPECT_EQ(secrets_->List()[0].name, "pseudonym_key");
  EXPECT_TRUE(secrets_->Delete("pseudonym_key"));
  EXPECT_FALSE(secrets_->Delete("pseudonym_key"));
  EXPECT_FALSE(secrets_->Get("pseudonym_key").has_value());
}

TEST_F(SecretStoreTest, ValuesAreSealedOnDisk) {
  secrets_->Set("api", "plaintext-must-not-appear");
  std::string all;
  for (const char* name : {"security.db", "security.db-wal"}) {
    std::ifstream stream(dir_ / name, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    all += text.str();
  }
  EXPECT_EQ(all.find("plaintext-must-not-appear"), std::string::npos);
}

TEST_F(SecretStoreTest, SealedValueMovedToAnotherNameFailsToOpen) {
  secrets_->Set("a", "value-a");
  secrets_->Set("b", "value-b");
  identity_->database().Execute(
      "UPDATE secrets SET sealed = (SELECT sealed FROM secrets WHERE name = 'a') WHERE name = 'b'");
  EXPECT_THROW(secrets_->Get("b"), Error);
  EXPECT_EQ(secrets_->Get("a"), "value-a");
}

TEST_F(SecretStoreTest, BadNamesAndEmptyValues) {
  EXPECT_THROW(secrets_->Set("1abc", "v"), Error);
  EXPECT_THROW(secrets_->Set("a b", "v"), Error);
  EXPECT_THROW(secrets_->Set("ok", ""), Error);
}

}  // namespace
}  // namespace tarn::security
