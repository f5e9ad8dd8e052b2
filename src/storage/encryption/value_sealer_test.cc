#include "storage/encryption/value_sealer.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::storage {
namespace {

constexpr std::string_view kKeyV1 =
    "1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr std::string_view kKeyV2 =
    "2:1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";

TEST(ValueSealerTest, RoundTripsAndHidesThePlaintext) {
  auto keyring = Keyring::FromText(kKeyV1);
  ValueSealer sealer(*keyring, "catalog");
  std::string sealed = sealer.Seal("canary-4711", "table 1 column a");
  EXPECT_TRUE(ValueSealer::IsSealed(sealed));
  EXPECT_EQ(sealed.find("canary"), std::string::npos);
  EXPECT_TRUE(sealed.starts_with("s1.1."));
  EXPECT_EQ(sealer.Open(sealed, "table 1 column a"), "canary-4711");
  // Fresh nonce each time: the same value never seals to the same text.
  EXPECT_NE(sealer.Seal("canary-4711", "table 1 column a"), sealed);
  EXPECT_EQ(sealer.Open(sealer.Seal(""), ""), "");
}

TEST(ValueSealerTest, DetectsTamperingMovingAndOtherPurposes) {
  auto keyring = Keyring::FromText(kKeyV1);
  ValueSealer catalog(*keyring, "catalog");
  ValueSealer secrets(*keyring, "secrets");
  std::string sealed = catalog.Seal("value", "a");
  EXPECT_THROW(catalog.Open(sealed, "b"), Error);   // moved to another context
  EXPECT_THROW(secrets.Open(sealed, "a"), Error);   // another purpose's key
  std::string flipped = sealed;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_THROW(catalog.Open(flipped, "a"), Error);
  EXPECT_THROW(catalog.Open(sealed.substr(0, sealed.size() - 2), "a"), Error);
  EXPECT_THROW(catalog.Open("plain", "a"), Error);
}

TEST(ValueSealerTest, OlderKeyVersionsStayReadableAfterRotation) {
  auto old_keyring = Keyring::FromText(kKeyV1);
  std::string sealed = ValueSealer(*old_keyring, "catalog").Seal("v", "");
  auto rotated = Keyring::FromText(std::string(kKeyV1) + "," + std::string(kKeyV2));
  ValueSealer sealer(*rotated, "catalog");
  EXPECT_EQ(sealer.Open(sealed, ""), "v");
  EXPECT_TRUE(sealer.Seal("v", "").starts_with("s1.2."));
  auto only_v2 = Keyring::FromText(kKeyV2);
  try {
    ValueSealer(*only_v2, "catalog").Open(sealed, "");
    FAIL() << "expected a missing-version error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace tarn::storage
