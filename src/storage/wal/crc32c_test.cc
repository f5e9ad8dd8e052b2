#include "storage/wal/crc32c.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tarn::storage {
namespace {

// Bit-at-a-time CRC-32C from the definition (reflected polynomial 0x82F63B78).
uint32_t ReferenceCrc32c(const std::vector<uint8_t>& bytes) {
  uint32_t crc = 0xFFFFFFFF;
  for (uint8_t byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0x82F63B78 & (0u - (crc & 1)));
  }
  return ~crc;
}

TEST(Crc32cTest, MatchesPublishedCheckValues) {
  EXPECT_EQ(Crc32c(0, "123456789", 9), 0xE3069283u);  // the CRC catalogue's check value
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xFF);  // RFC 3720 appendix B.4
  EXPECT_EQ(Crc32c(0, zeros.data(), zeros.size()), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(0, ones.data(), ones.size()), 0x62A8AB43u);
  EXPECT_EQ(Crc32c(0, nullptr, 0), 0u);
}

TEST(Crc32cTest, MatchesBitwiseDefinitionAtEveryLengthAndSplit) {
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 67; ++i) bytes.push_back(static_cast<uint8_t>(i * 37 + 11));
  for (size_t length = 0; length <= bytes.size(); ++length) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(length));
    uint32_t expected = ReferenceCrc32c(prefix);
    EXPECT_EQ(Crc32c(0, prefix.data(), length), expected) << length;
    size_t half = length / 3;
    EXPECT_EQ(Crc32c(Crc32c(0, prefix.data(), half), prefix.data() + half, length - half), expected)
        << length;
  }
}

}  // namespace
}  // namespace tarn::storage
