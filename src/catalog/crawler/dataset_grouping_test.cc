#include "catalog/crawler/dataset_grouping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tarn::catalog::crawler {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::vector<std::string> Names(const DatasetGrouping& grouping) {
  std::vector<std::string> names;
  for (const auto& dataset : grouping.datasets) names.push_back(dataset.name);
  return names;
}

TEST(DatasetGroupingTest, FolderOfFilesIsOneDataset) {
  DatasetGrouping grouping = GroupDatasets(
      "/lake",
      {{"logs/b.csv", 10}, {"logs/a.csv", 20}, {"logs/README.md", 5}, {"logs/_SUCCESS", 0}});
  ASSERT_EQ(grouping.datasets.size(), 1u);
  const Dataset& logs = grouping.datasets[0];
  EXPECT_EQ(logs.name, "logs");
  EXPECT_EQ(logs.format, "csv");
  EXPECT_EQ(logs.directory, "/lake/logs");
  EXPECT_EQ(logs.location, "/lake/logs/*.csv");
  ASSERT_EQ(logs.files.size(), 2u);
  EXPECT_EQ(logs.files[0].path, "/lake/logs/a.csv");  // sorted
  EXPECT_EQ(logs.files[0].size_bytes, 20);
  EXPECT_TRUE(logs.partition_keys.empty());
}

TEST(DatasetGroupingTest, HivePartitionFoldersBelongToTheirDataset) {
  DatasetGrouping grouping =
      GroupDatasets("/lake/", {{"sales/year=2024/region=eu/p0.parquet", 1},
                               {"sales/year=2025/region=us%2Fwest/p1.parquet", 2},
                               {"sales/year=2025/region=eu/p2.parquet", 3}});
  ASSERT_EQ(grouping.datasets.size(), 1u);
  const Dataset& sales = grouping.datasets[0];
  EXPECT_EQ(sales.name, "sales");
  EXPECT_EQ(sales.format, "parquet");
  EXPECT_THAT(sales.partition_keys, ElementsAre("year", "region"));
  EXPECT_EQ(sales.location, "/lake/sales/year=*/region=*/*.parquet");
  ASSERT_EQ(sales.files.size(), 3u);
  EXPECT_THAT(sales.files[0].partition, ElementsAre(Pair("year", "2024"), Pair("region", "eu")));
  // %2F is a '/' inside a value, decoded.
  EXPECT_THAT(sales.files[2].partition,
              ElementsAre(Pair("year", "2025"), Pair("region", "us/west")));
}

TEST(DatasetGroupingTest, FormatsAndFoldersSplitDatasets) {
  DatasetGrouping grouping = GroupDatasets("/data", {{"mixed/a.csv", 1},
                                                     {"mixed/b.jsonl", 1},
                                                     {"events/x.ndjson", 1},
                                                     {"events/archive/y.csv.gz", 1},
                                                     {"top.parquet", 1}});
  EXPECT_THAT(Names(grouping),
              ElementsAre("data", "events", "archive", "mixed_csv", "mixed_ndjson"));
  EXPECT_EQ(grouping.datasets[0].directory, "/data");  // files directly in the root
  EXPECT_EQ(grouping.datasets[0].location, "/data/*.parquet");
  EXPECT_EQ(grouping.datasets[2].location, "/data/events/archive/*.csv.gz");
  EXPECT_EQ(grouping.datasets[4].format, "ndjson");
}

TEST(DatasetGroupingTest, CollidingNamesUseTheRelativePath) {
  DatasetGrouping grouping =
      GroupDatasets("/r", {{"a/Events/1.csv", 1}, {"b/events/1.csv", 1}, {"c/2024 Q1/x.csv", 1}});
  EXPECT_THAT(Names(grouping), ElementsAre("a_events", "b_events", "t_2024_q1"));
}

TEST(DatasetGroupingTest, MixedExtensionsUseAWildcard) {
  DatasetGrouping grouping = GroupDatasets("/r", {{"t/a.csv", 1}, {"t/b.csv.gz", 1}});
  ASSERT_EQ(grouping.datasets.size(), 1u);
  EXPECT_EQ(grouping.datasets[0].location, "/r/t/*");
}

TEST(DatasetGroupingTest, FilesWithOtherPartitionKeysAreSkipped) {
  DatasetGrouping grouping = GroupDatasets(
      "/r", {{"t/dt=1/a.csv", 1}, {"t/dt=2/a.csv", 1}, {"t/dt=3/hour=4/a.csv", 1}, {"t/b.csv", 1}});
  ASSERT_EQ(grouping.datasets.size(), 1u);
  EXPECT_EQ(grouping.datasets[0].files.size(), 2u);
  ASSERT_EQ(grouping.skipped.size(), 2u);
  EXPECT_EQ(grouping.datasets[0].partition_keys, std::vector<std::string>{"dt"});  // most files
  EXPECT_EQ(grouping.skipped[0].first, "/r/t/b.csv");
  EXPECT_THAT(grouping.skipped[0].second, HasSubstr("partition keys none differ from dt"));
  EXPECT_THAT(grouping.skipped[1].second, HasSubstr("partition keys dt/hour differ from dt"));
}

TEST(DatasetGroupingTest, FormatOfFileByExtension) {
  EXPECT_EQ(FormatOfFile("x/a.CSV"), "csv");
  EXPECT_EQ(FormatOfFile("a.tsv.zst"), "csv");
  EXPECT_EQ(FormatOfFile("a.jsonl"), "ndjson");
  EXPECT_EQ(FormatOfFile("a.parq"), "parquet");
  EXPECT_EQ(FormatOfFile("a.txt"), "");
  EXPECT_EQ(FormatOfFile("dir/.hidden.csv"), "");
  EXPECT_EQ(FormatOfFile("_SUCCESS"), "");
}

}  // namespace
}  // namespace tarn::catalog::crawler
