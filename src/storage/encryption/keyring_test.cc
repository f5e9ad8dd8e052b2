#include "storage/encryption/keyring.h"

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
using ::testing::Not;

constexpr int64_t kDay = 86400;

class KeyringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn-keyring-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    key_file_ = root_ + "/data/keys/master.key";
    ::unsetenv("TARN_MASTER_KEY");
  }
  void TearDown() override {
    ::unsetenv("TARN_MASTER_KEY");
    fs::remove_all(root_);
  }
  static unsigned Mode(const std::string& path) {
    struct stat info;
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
  }
  void WriteFile(const std::string& path, const std::string& text, unsigned mode) {
    fs::create_directories(fs::path(path).parent_path());
    { std::ofstream(path) << text; }
    ::chmod(path.c_str(), mode);
  }

  std::string root_;
  std::string key_file_;
};

TEST_F(KeyringTest, CreateWritesAnOwnerOnlyFileThatLoadsBack) {
  auto created = Keyring::CreateFile(key_file_);
  EXPECT_EQ(Mode(key_file_), 0600u);
  EXPECT_EQ(Mode(root_ + "/data/keys"), 0700u);
  EXPECT_EQ(created->Current().version, 1u);
  auto loaded = Keyring::LoadFile(key_file_);
  EXPECT_EQ(loaded->Current().material, created->Current().material);
  EXPECT_EQ(loaded->Current().created_unix_seconds, created->Current().created_unix_seconds);
  EXPECT_NE(created->Current().material, (std::array<uint8_t, kAesKeySize>{}));
  EXPECT_EQ(loaded->source(), "key file '" + key_file_ + "'");
  // No temporary file left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ + "/data/keys"), fs::directory_iterator()),
            1);
}

TEST_F(KeyringTest, CreateRefusesToOverwrite) {
  Keyring::CreateFile(key_file_);
  try {
    Keyring::CreateFile(key_file_);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kConflict);
    EXPECT_THAT(error.message(), HasSubstr("already exists; refusing to overwrite"));
  }
}

TEST_F(KeyringTest, RefusesLoosePermissions) {
  Keyring::CreateFile(key_file_);
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u, 0601u}) {
    ::chmod(key_file_.c_str(), mode);
    try {
      Keyring::LoadFile(key_file_);
      ADD_FAILURE() << std::oct << mode;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
      char expected[16];
      std::snprintf(expected, sizeof(expected), "mode %04o", mode);
      EXPECT_THAT(error.message(), HasSubstr("key file '" + key_file_ + "' has " + expected));
      EXPECT_THAT(error.message(), HasSubstr("chmod 600"));
    }
  }
  ::chmod(key_file_.c_str(), 0644);
  EXPECT_THROW(Keyring::Open(key_file_), Error);  // Open checks too
  ::chmod(key_file_.c_str(), 0400);
  EXPECT_NO_THROW(Keyring::LoadFile(key_file_));
}

TEST_F(KeyringTest, RefusesSymlinksAndMissingFiles) {
  Keyring::CreateFile(key_file_);
  std::string link = root_ + "/link.key";
  ASSERT_EQ(::symlink(key_file_.c_str(), link.c_str()), 0);
  EXPECT_THROW(Keyring::LoadFile(link), Error);
  try {
    Keyring::Open(root_ + "/nowhere/master.key");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_THAT(error.message(), HasSubstr("run 'tarn keys init'"));
    EXPECT_THAT(error.message(), HasSubstr("TARN_MASTER_KEY is not set"));
  }
}

TEST_F(KeyringTest, MalformedFilesNameTheLine) {
  std::string key = std::string(64, 'a');
  struct Case {
    std::string text;
    int64_t line;
  };
  for (const Case& test : std::vector<Case>{
           {"not a keyring\n", 1},
           {"# comment\ntarn-keyring 1\nkey 1 0 abc\n", 3},
           {"tarn-keyring 1\nkey 0 0 " + key + "\n", 2},
           {"tarn-keyring 1\nkey x 0 " + key + "\n", 2},
           {"tarn-keyring 1\n\nkey 1 0 " + key + " extra\n", 3},
       }) {
    WriteFile(key_file_, test.text, 0600);
    try {
      Keyring::LoadFile(key_file_);
      ADD_FAILURE() << test.text;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kCorrupt) << test.text;
      EXPECT_EQ(error.location().line, test.line) << test.text;
      EXPECT_THAT(error.what(), Not(HasSubstr(key)));
    }
  }
  WriteFile(key_file_,
            "tarn-keyring 1\nkey 1 0 " + key + "\nkey 1 5 " + std::string(64, 'b') + "\n", 0600);
  EXPECT_THROW(Keyring::LoadFile(key_file_), Error);  // duplicate version
  WriteFile(key_file_, "tarn-keyring 1\n", 0600);
  EXPECT_THROW(Keyring::LoadFile(key_file_), Error);  // no key
}

TEST_F(KeyringTest, EnvironmentValueInHexOrBase64) {
  auto hex = Keyring::FromText("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(hex->Current().version, 1u);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(hex->Current().material[i], i);
  // base64 of bytes 0..31 (checked with `head -c` + `base64`).
  auto base64 = Keyring::FromText("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  EXPECT_EQ(base64->Current().material, hex->Current().material);
  auto unpadded = Keyring::FromText("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  EXPECT_EQ(unpadded->Current().material, hex->Current().material);

  auto versions = Keyring::FromText("1:" + std::string(64, 'a') + ", 3:" + std::string(64, 'b'));
  EXPECT_EQ(versions->Current().version, 3u);
  ASSERT_NE(versions->Find(1), nullptr);
  EXPECT_EQ(versions->Find(1)->material[0], 0xaa);
  EXPECT_EQ(versions->Find(2), nullptr);
  EXPECT_EQ(versions->Status(1000)[0].age_days, -1);  // unknown creation time
  EXPECT_FALSE(versions->RotationWarning(1'000'000'000, 90).has_value());
  EXPECT_EQ(versions->source(), "environment variable TARN_MASTER_KEY");

  std::string secret = std::string(63, 'c') + "z";
  for (const std::string& bad :
       {secret, "0:" + std::string(64, 'a'), std::string(""), "1:" + std::string(64, 'a') + ","}) {
    try {
      Keyring::FromText(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
      EXPECT_THAT(error.message(), HasSubstr("TARN_MASTER_KEY: entry"));
      EXPECT_THAT(error.what(), Not(HasSubstr(std::string(16, 'c'))));  // never echoes key material
    }
  }
  EXPECT_THROW(Keyring::FromText("1:" + std::string(64, 'a') + ",1:" + std::string(64, 'b')),
               Error);
}

TEST_F(KeyringTest, OpenPrefersTheEnvironment) {
  Keyring::CreateFile(key_file_);
  ::setenv("TARN_MASTER_KEY", std::string(64, 'd').c_str(), 1);
  auto keyring = Keyring::Open(key_file_);
  EXPECT_FALSE(keyring->file_backed());
  EXPECT_EQ(keyring->Current().material[0], 0xdd);
  ::unsetenv("TARN_MASTER_KEY");
  EXPECT_TRUE(Keyring::Open(key_file_)->file_backed());
}

TEST_F(KeyringTest, RotateAddsAVersionAndKeepsTheOld) {
  auto keyring = Keyring::CreateFile(key_file_);
  int64_t created = keyring->Current().created_unix_seconds;
  auto first = keyring->Current().material;
  EXPECT_EQ(keyring->Rotate(created + 10 * kDay), 2u);
  EXPECT_EQ(keyring->Current().version, 2u);
  EXPECT_NE(keyring->Current().material, first);
  EXPECT_EQ(Mode(key_file_), 0600u);
  auto loaded = Keyring::LoadFile(key_file_);
  EXPECT_EQ(loaded->Current().version, 2u);
  ASSERT_NE(loaded->Find(1), nullptr);
  EXPECT_EQ(loaded->Find(1)->material, first);
  EXPECT_EQ(loaded->Find(2)->created_unix_seconds, created + 10 * kDay);

  auto status = loaded->Status(created + 100 * kDay);
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].version, 1u);
  EXPECT_EQ(status[0].age_days, 100);
  EXPECT_FALSE(status[0].current);
  EXPECT_EQ(status[1].age_days, 90);
  EXPECT_TRUE(status[1].current);

  auto environment = Keyring::FromText(std::string(64, 'e'));
  try {
    environment->Rotate(0);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
  }
}

TEST_F(KeyringTest, WarnsWhenTheRotationPeriodIsExceeded) {
  auto keyring = Keyring::CreateFile(key_file_);
  int64_t created = keyring->Current().created_unix_seconds;
  EXPECT_FALSE(
      keyring->RotationWarning(created + 89 * kDay, kDefaultRotationPeriodDays).has_value());
  EXPECT_FALSE(
      keyring->RotationWarning(created + 90 * kDay, kDefaultRotationPeriodDays).has_value());
  auto warning = keyring->RotationWarning(created + 91 * kDay, kDefaultRotationPeriodDays);
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(*warning,
            "master key version 1 is 91 days old, past the rotation period of 90 days: run 'tarn "
            "keys rotate'");
  EXPECT_TRUE(keyring->RotationWarning(created + 8 * kDay, 7).has_value());
  keyring->Rotate(created + 91 * kDay);
  EXPECT_FALSE(
      keyring->RotationWarning(created + 92 * kDay, kDefaultRotationPeriodDays).has_value());
}

TEST_F(KeyringTest, DefaultKeyFileIsInTheDataDirectory) {
  EXPECT_EQ(DefaultKeyFile("./tarn-data"), "./tarn-data/keys/master.key");
  EXPECT_EQ(DefaultKeyFile("/srv/lake/"), "/srv/lake/keys/master.key");
}

}  // namespace
}  // namespace tarn::storage
