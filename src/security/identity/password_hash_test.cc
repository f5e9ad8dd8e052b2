#include "security/identity/password_hash.h"

#include <gtest/gtest.h>

#include "security/sha256.h"

namespace tarn::security {
namespace {

std::string Hex(const std::vector<uint8_t>& bytes) { return HexEncode(bytes); }

// RFC 7914 section 12, the first two test vectors.
TEST(PasswordHashTest, ScryptMatchesRfc7914Vectors) {
  EXPECT_EQ(Hex(Scrypt("", "", 16, 1, 1, 64)),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  EXPECT_EQ(Hex(Scrypt("password", "NaCl", 1024, 8, 16, 64)),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

TEST(PasswordHashTest, VerifiesOwnHashAndRejectsOthers) {
  ScryptParameters fast{10, 8, 1};
  std::string stored = HashPassword("correct horse", fast);
  EXPECT_TRUE(stored.starts_with("scrypt$10$8$1$"));
  EXPECT_EQ(stored.find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword("correct horse", stored));
  EXPECT_FALSE(VerifyPassword("correct horsE", stored));
  EXPECT_FALSE(VerifyPassword("", stored));
  // Same password, new salt: a different hash.
  EXPECT_NE(HashPassword("correct horse", fast), stored);
}

TEST(PasswordHashTest, MalformedStoredHashIsNoMatch) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "scrypt$10$8$1$zz$00"));
  EXPECT_FALSE(VerifyPassword("x", "scrypt$40$8$1$00$00"));  // N past the bound
  EXPECT_FALSE(VerifyPassword("x", "bcrypt$10$8$1$00$00"));
}

}  // namespace
}  // namespace tarn::security
