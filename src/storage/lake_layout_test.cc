#include "storage/lake_layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/error.h"
#include "storage/object_store/object_key.h"

namespace tarn::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LakeLayoutTest, ZoneNames) {
  EXPECT_EQ(ZoneName(Zone::kRaw), "raw");
  EXPECT_EQ(ZoneName(Zone::kCleaned), "cleaned");
  EXPECT_EQ(ZoneName(Zone::kCurated), "curated");
  EXPECT_EQ(ParseZone("cleaned"), Zone::kCleaned);
  try {
    ParseZone("gold");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message(), "unknown zone 'gold': expected raw, cleaned or curated");
  }
}

TEST(LakeLayoutTest, EscapesLikeHive) {
  // Hand-derived from Hive's FileUtils.escapePathName character list.
  EXPECT_EQ(EscapePathSegment("2026-01-01"), "2026-01-01");
  EXPECT_EQ(EscapePathSegment("a/b"), "a%2Fb");
  EXPECT_EQ(EscapePathSegment("k=v"), "k%3Dv");
  EXPECT_EQ(EscapePathSegment("12:30:00"), "12%3A30%3A00");
  EXPECT_EQ(EscapePathSegment("100%"), "100%25");
  EXPECT_EQ(EscapePathSegment("\"#'*?\\{[]^"), "%22%23%27%2A%3F%5C%7B%5B%5D%5E");
  EXPECT_EQ(EscapePathSegment(std::string("tab\there\x7f")), "tab%09here%7F");
  EXPECT_EQ(EscapePathSegment("with space"), "with space");
  EXPECT_EQ(EscapePathSegment("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 stays
  EXPECT_EQ(EscapePathSegment(".."), "%2E.");                  // never a '.' / '..' segment
  EXPECT_EQ(EscapePathSegment(".hidden"), "%2Ehidden");
  EXPECT_EQ(EscapePathSegment("a.b"), "a.b");
}

TEST(LakeLayoutTest, UnescapeReversesEscape) {
  for (std::string text : std::vector<std::string>{"a/b=c%d", "..", "plain", "12:30",
                                                   std::string("\x01\x1f", 2), "%%%"}) {
    EXPECT_EQ(UnescapePathSegment(EscapePathSegment(text)), text);
  }
  EXPECT_EQ(UnescapePathSegment("a%2fb"), "a/b");  // lower-case hex is accepted
  for (const char* bad : {"%", "%2", "%zz", "abc%4"}) {
    try {
      UnescapePathSegment(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
      EXPECT_THAT(error.message(), HasSubstr("'%' must be followed by two hex digits"));
    }
  }
}

TEST(LakeLayoutTest, BuildsKeys) {
  EXPECT_EQ(TablePrefix(Zone::kCurated, "sales", "orders"), "curated/sales/orders/");
  std::vector<PartitionValue> partitions = {
      {"dt", "2026-01-01"}, {"region", "eu/west"}, {"shop", std::nullopt}, {"note", ""}};
  EXPECT_EQ(PartitionPath(partitions),
            "dt=2026-01-01/region=eu%2Fwest/shop=__HIVE_DEFAULT_PARTITION__/"
            "note=__HIVE_DEFAULT_PARTITION__/");
  EXPECT_EQ(PartitionPath({}), "");
  std::string key =
      DataFileKey(Zone::kRaw, "db", "t", std::vector<PartitionValue>{{"dt", "2026-01-01"}}, "abc");
  EXPECT_EQ(key, "raw/db/t/dt=2026-01-01/part-abc.parquet");
  EXPECT_NO_THROW(ValidateObjectKey(key));
  EXPECT_THROW(TablePrefix(Zone::kRaw, "", "t"), Error);
  EXPECT_THROW(PartitionPath(std::vector<PartitionValue>{{"", "v"}}), Error);
}

TEST(LakeLayoutTest, PartIdsAreVersion4Uuids) {
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewPartId();
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(LakeLayoutTest, ParsesDataFileKeys) {
  std::vector<PartitionValue> partitions = {
      {"dt", "2026-01-01"}, {"city", "S\xc3\xa3o Paulo/SP"}, {"x", std::nullopt}};
  std::string key = DataFileKey(Zone::kCleaned, "my db", "t=1", partitions, "u");
  DataFileLocation location = ParseDataFileKey(key);
  EXPECT_EQ(location.zone, Zone::kCleaned);
  EXPECT_EQ(location.database, "my db");
  EXPECT_EQ(location.table, "t=1");
  EXPECT_EQ(location.partitions, partitions);
  EXPECT_EQ(location.file_name, "part-u.parquet");

  EXPECT_TRUE(ParseDataFileKey("raw/d/t/part-1.parquet").partitions.empty());
  for (const char* bad :
       {"raw/d/part.parquet", "gold/d/t/part.parquet", "raw/d/t/novalue/part.parquet",
        "raw/d/t/=v/part.parquet", "raw/d/t/k=%G1/part.parquet"}) {
    try {
      ParseDataFileKey(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidInput) << bad;
    }
  }
}

}  // namespace
}  // namespace tarn::storage
