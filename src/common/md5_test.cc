#include "common/md5.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn {
namespace {

// Expected digests from RFC 1321's test suite and `md5sum`.
TEST(Md5Test, MatchesKnownDigests) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5Hex("1\n2\n"), "6ddb4095eb719e2a9f0a3f95677d24e0");  // printf '1\n2\n' | md5sum
}

TEST(Md5Test, IncrementalUpdatesAcrossBlocksMatchOneShot) {
  std::string text(1000, 'a');
  EXPECT_EQ(Md5Hex(text), "cabe45dcc9ae5b66ba86600cca6b8ba8");
  Md5 md5;
  for (size_t i = 0; i < text.size(); i += 7) md5.Update(std::string_view(text).substr(i, 7));
  EXPECT_EQ(md5.HexDigest(), "cabe45dcc9ae5b66ba86600cca6b8ba8");
}

}  // namespace
}  // namespace tarn
