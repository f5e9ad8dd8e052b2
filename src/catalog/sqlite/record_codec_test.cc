#include "catalog/sqlite/record_codec.h"

#include <gtest/gtest.h>

#include "catalog/sqlite/catalog_test_support.h"
#include "common/error.h"

namespace tarn::catalog {
namespace {

using namespace tarn::catalog::testing;

std::map<std::string, ColumnStats> SampleStats() {
  return {{"a", ColumnStats{"canary-low", "canary-high", 2}},
          {"b", ColumnStats{std::nullopt, "", 0}},
          {"c", ColumnStats{std::nullopt, std::nullopt, 9}}};
}

void ExpectSample(const std::map<std::string, ColumnStats>& stats) {
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats.at("a").min, "canary-low");
  EXPECT_EQ(stats.at("a").max, "canary-high");
  EXPECT_EQ(stats.at("a").null_count, 2);
  EXPECT_FALSE(stats.at("b").min);
  EXPECT_EQ(stats.at("b").max, "");
  EXPECT_FALSE(stats.at("c").max);
  EXPECT_EQ(stats.at("c").null_count, 9);
}

TEST(RecordCodecTest, StatsRoundTripPlainAndSealed) {
  std::string plain = EncodeStats(SampleStats(), 7, "k/a", nullptr);
  EXPECT_NE(plain.find("canary-low"), std::string::npos);
  ExpectSample(DecodeStats(plain, 7, "k/a", nullptr));

  TestSealer keys;
  std::string sealed = EncodeStats(SampleStats(), 7, "k/a", keys.sealer.get());
  EXPECT_EQ(sealed.find("canary"), std::string::npos);
  ExpectSample(DecodeStats(sealed, 7, "k/a", keys.sealer.get()));
  EXPECT_TRUE(DecodeStats(EncodeStats({}, 7, "k/a", keys.sealer.get()), 7, "k/a",
                          keys.sealer.get())
                  .empty());
}

TEST(RecordCodecTest, SealedStatsOpenOnlyForTheirFileAndTable) {
  TestSealer keys;
  std::string sealed = EncodeStats(SampleStats(), 7, "k/a", keys.sealer.get());
  EXPECT_THROW(DecodeStats(sealed, 7, "k/b", keys.sealer.get()), Error);
  EXPECT_THROW(DecodeStats(sealed, 8, "k/a", keys.sealer.get()), Error);
  EXPECT_THROW(DecodeStats(sealed, 7, "k/a", nullptr), Error);
}

TEST(RecordCodecTest, RejectsTruncatedRecords) {
  std::string plain = EncodeStats(SampleStats(), 7, "k/a", nullptr);
  for (size_t size : {size_t{1}, size_t{5}, plain.size() - 1}) {
    try {
      DecodeStats(plain.substr(0, size), 7, "k/a", nullptr);
      ADD_FAILURE() << "no error at size " << size;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
    }
  }
  std::map<std::string, std::string> map = {{"dt", "2026-01-01"}, {"", "x"}};
  EXPECT_EQ(DecodeStringMap(EncodeStringMap(map)), map);
  std::string encoded = EncodeStringMap(map);
  EXPECT_THROW(DecodeStringMap(encoded.substr(0, encoded.size() - 1)), Error);
  std::vector<std::string> list = {"a", "", "c"};
  EXPECT_EQ(DecodeStringList(EncodeStringList(list)), list);
}

}  // namespace
}  // namespace tarn::catalog
