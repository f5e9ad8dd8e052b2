#include "storage/lake_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/error.h"

namespace tarn::storage {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

ByteSpan Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}
std::string Text(const Buffer& buffer) {
  return std::string(reinterpret_cast<const char*>(buffer.data()), buffer.size());
}

class LakeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn-lake-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    options_.data_dir = root_ + "/data";
    ::unsetenv("TARN_MASTER_KEY");
  }
  void TearDown() override {
    ::unsetenv("TARN_MASTER_KEY");
    fs::remove_all(root_);
  }
  std::string ReadFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  }

  std::string root_;
  LakeOptions options_;
};

TEST_F(LakeStoreTest, FirstOpenCreatesAKeyAndEncrypts) {
  EXPECT_EQ(LakeStore::Encrypted(options_.data_dir), std::nullopt);
  {
    auto lake = LakeStore::Open(options_);
    ASSERT_NE(lake->encrypted(), nullptr);
    EXPECT_TRUE(lake->created_key_file());
    lake->store().Put("raw/db/t/part-1.parquet", Bytes("hello lake"));
  }
  EXPECT_EQ(LakeStore::Encrypted(options_.data_dir), true);
  struct stat info;
  ASSERT_EQ(::stat((options_.data_dir + "/keys/master.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFile(options_.data_dir + "/lake/raw/db/t/part-1.parquet").find("hello lake"),
            std::string::npos);
  auto reopened = LakeStore::Open(options_);
  EXPECT_FALSE(reopened->created_key_file());
  EXPECT_FALSE(reopened->RotationWarning().has_value());  // a fresh key
  EXPECT_FALSE(reopened->RotationWarning(1).has_value());
  EXPECT_EQ(Text(*reopened->store().Get("raw/db/t/part-1.parquet")), "hello lake");
  EXPECT_EQ(reopened->store().List("").size(), 1u);  // the marker and envelopes are not objects
}

TEST_F(LakeStoreTest, EncryptionSettingCannotChangeSilently) {
  LakeStore::Open(options_);
  LakeOptions plain = options_;
  plain.encryption = false;
  try {
    LakeStore::Open(plain);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(error.message(), HasSubstr("is encrypted; --no-encryption cannot open it"));
  }

  LakeOptions other = options_;
  other.data_dir = root_ + "/plain";
  other.encryption = false;
  {
    auto lake = LakeStore::Open(other);
    EXPECT_EQ(lake->encrypted(), nullptr);
    EXPECT_EQ(lake->keyring(), nullptr);
    lake->store().Put("raw/x", Bytes("visible"));
  }
  EXPECT_EQ(ReadFile(other.data_dir + "/lake/raw/x"), "visible");
  EXPECT_FALSE(fs::exists(other.data_dir + "/keys"));
  EXPECT_EQ(LakeStore::Encrypted(other.data_dir), false);
  other.encryption = true;
  try {
    LakeStore::Open(other);
    FAIL();
  } catch (const Error& error) {
    EXPECT_THAT(error.message(), HasSubstr("was created without encryption (--no-encryption)"));
  }
}

TEST_F(LakeStoreTest, MissingKeyIsAClearError) {
  options_.create_key_file = false;
  try {
    LakeStore::Open(options_);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_THAT(error.message(), HasSubstr("no master key"));
  }
}

TEST_F(LakeStoreTest, EnvironmentKeyNeedsNoFile) {
  ::setenv("TARN_MASTER_KEY", std::string(64, '7').c_str(), 1);
  options_.key_file = root_ + "/elsewhere/master.key";
  auto lake = LakeStore::Open(options_);
  lake->store().Put("curated/a/b/part-1.parquet", Bytes("x"));
  EXPECT_FALSE(fs::exists(options_.key_file));
  EXPECT_FALSE(fs::exists(options_.data_dir + "/keys"));
  EXPECT_EQ(lake->keyring()->source(), "environment variable TARN_MASTER_KEY");
}

TEST_F(LakeStoreTest, WrongMasterKeyFailsAtOpenBeforeAnyWrite) {
  ::setenv("TARN_MASTER_KEY", std::string(64, '7').c_str(), 1);
  LakeStore::Open(options_)->store().Put("curated/a/b/part-1.parquet", Bytes("x"));
  // Same version number, other material: must not open (nor seal anything under it).
  ::setenv("TARN_MASTER_KEY", std::string(64, '8').c_str(), 1);
  try {
    LakeStore::Open(options_);
    FAIL() << "a wrong key opened the lake";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_THAT(error.message(), HasSubstr("wrong master key"));
    EXPECT_THAT(error.message(), HasSubstr("environment variable TARN_MASTER_KEY"));
  }
  // A keyring without the version the lake started with is also refused, naming the version.
  ::setenv("TARN_MASTER_KEY", ("2:" + std::string(64, '7')).c_str(), 1);
  try {
    LakeStore::Open(options_);
    FAIL() << "a keyring without version 1 opened the lake";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_THAT(error.message(), HasSubstr("version 1"));
  }
  // The right key (also after a rotation added version 2) still opens it.
  ::setenv("TARN_MASTER_KEY", (std::string(64, '7') + ",2:" + std::string(64, '9')).c_str(), 1);
  auto lake = LakeStore::Open(options_);
  EXPECT_EQ(Text(*lake->store().Get("curated/a/b/part-1.parquet")), "x");
}

}  // namespace
}  // namespace tarn::storage
