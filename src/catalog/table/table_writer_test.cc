// TableWriter: Hive-partitioned Parquet objects with statistics, read back through OpenTableScan
// from an in-memory and an encrypted store; rolling, selections, Abort, and no plaintext at rest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "catalog/table/table_fixtures.h"
#include "catalog/table/table_writer.h"
#include "common/error.h"
#include "storage/encryption/encrypted_object_store.h"
#include "storage/encryption/keyring.h"
#include "storage/object_store/local_object_store.h"
#include "storage/object_store/memory_object_store.h"

namespace tarn::catalog {
namespace {

namespace fs = std::filesystem;
using namespace table_test;  // NOLINT: this test's fixtures
using ::testing::HasSubstr;

TEST(TableWriterTest, RoundTripsEveryTypeWithPartitionsFilesAndRowGroups) {
  storage::MemoryObjectStore store;
  TableInfo table = MakeTable({"region", "day"});
  auto columns = AllTypes();
  auto rows = AllTypesRows(20000);
  TableWriterOptions options;
  options.row_group_size = 700;
  options.target_file_bytes = 40'000;  // several files per partition
  TableWriter writer(store, table, columns, options);
  WriteRows(writer, columns, rows);
  std::vector<DataFile> files = writer.Finish();

  // 5 regions (one NULL) x 3 days = 15 partitions, some with several files.
  std::set<std::map<std::string, std::string>> partitions;
  int64_t total = 0;
  for (const auto& file : files) {
    partitions.insert(file.partition);
    total += file.row_count;
    EXPECT_TRUE(file.key.starts_with("curated/sales/orders/region=")) << file.key;
    EXPECT_TRUE(file.key.ends_with(".parquet")) << file.key;
    EXPECT_GT(file.size_bytes, 0);
    EXPECT_EQ(file.stats.count("region"), 0u);  // partition columns are not stored in files
    ASSERT_EQ(file.stats.count("id"), 1u);
  }
  EXPECT_EQ(partitions.size(), 15u);
  EXPECT_GT(files.size(), 15u);
  EXPECT_EQ(total, 20000);
  EXPECT_EQ(partitions.count({{"region", "__HIVE_DEFAULT_PARTITION__"}, {"day", "2024-10-04"}}), 1u);
  bool escaped = std::any_of(files.begin(), files.end(), [](const DataFile& file) {
    return file.key.find("region=a%2Fb%3Dc/day=2024-10-04/") != std::string::npos;
  });
  EXPECT_TRUE(escaped);

  ScanResult result = Scan(store, table, columns, files);
  EXPECT_EQ(result.rows, SortedText(rows));
  EXPECT_GT(result.morsels, files.size());  // several row groups in some files
}

TEST(TableWriterTest, FileStatisticsAreExactBoundsAndNullCounts) {
  storage::MemoryObjectStore store;
  std::vector<ColumnDef> columns = {Column("n", TypeId::kInteger), Column("s", TypeId::kVarchar),
                                    Column("d", LogicalType::Decimal(6, 2)), Column("empty", TypeId::kDouble)};
  TableWriterOptions options;
  options.row_group_size = 3;  // bounds merge across row groups
  TableWriter writer(store, MakeTable(), columns, options);
  WriteRows(writer, columns,
            {{Value::Integer(5), Value::Varchar("pear"), Value::Decimal(-150, 6, 2), Value::Null(TypeId::kDouble)},
             {Value::Null(TypeId::kInteger), Value::Varchar("apple"), Value::Decimal(1234, 6, 2), Value::Null(TypeId::kDouble)},
             {Value::Integer(-7), Value::Null(TypeId::kVarchar), Value::Null(LogicalType::Decimal(6, 2)), Value::Null(TypeId::kDouble)},
             {Value::Integer(12), Value::Varchar("zebra crossing"), Value::Decimal(5, 6, 2), Value::Null(TypeId::kDouble)}});
  auto files = writer.Finish();
  ASSERT_EQ(files.size(), 1u);
  const auto& stats = files[0].stats;
  EXPECT_EQ(files[0].row_count, 4);
  EXPECT_EQ(stats.at("n").min, "-7");
  EXPECT_EQ(stats.at("n").max, "12");
  EXPECT_EQ(stats.at("n").null_count, 1);
  EXPECT_EQ(stats.at("s").min, "apple");
  EXPECT_EQ(stats.at("s").max, "zebra crossing");
  EXPECT_EQ(stats.at("d").min, "-1.50");
  EXPECT_EQ(stats.at("d").max, "12.34");
  EXPECT_EQ(stats.at("empty").null_count, 4);
  EXPECT_FALSE(stats.at("empty").min.has_value());
  EXPECT_EQ(files[0].key.find("curated/sales/orders/part-"), 0u);
}

TEST(TableWriterTest, AbortDeletesEverythingItWrote) {
  storage::MemoryObjectStore store;
  auto columns = AllTypes();
  TableWriterOptions options;
  options.target_file_bytes = 10'000;
  {
    TableWriter writer(store, MakeTable({"region"}), columns, options);
    WriteRows(writer, columns, AllTypesRows(5000));
    EXPECT_FALSE(store.List("curated/").empty());  // rolled files are already objects
    writer.Abort();
  }
  EXPECT_TRUE(store.List("").empty());
  {
    TableWriter writer(store, MakeTable({"region"}), columns, options);
    WriteRows(writer, columns, AllTypesRows(5000));
  }  // destroyed unfinished: aborted
  EXPECT_TRUE(store.List("").empty());
}

TEST(TableWriterTest, HonoursSelectionsAndConstantVectors) {
  storage::MemoryObjectStore store;
  std::vector<ColumnDef> columns = {Column("id", TypeId::kInteger), Column("tag", TypeId::kVarchar),
                                    Column("part", TypeId::kVarchar)};
  TableInfo table = MakeTable({"part"});
  TableWriter writer(store, table, columns);
  exec::DataChunk chunk(TypesOf(columns));
  for (int i = 0; i < 100; ++i) chunk.column(0).SetValue(i, Value::Integer(i));
  chunk.column(1).SetConstant(Value::Varchar("a tag longer than twelve bytes"));
  chunk.column(2).SetConstant(Value::Varchar("p1"));
  chunk.SetPhysicalSize(100);
  std::vector<uint32_t> even;
  for (uint32_t i = 0; i < 100; i += 2) even.push_back(i);
  chunk.SetSelection(even.data(), even.size());
  writer.Append(chunk);
  chunk.column(2).SetConstant(Value::Null(TypeId::kVarchar));
  chunk.SetSelection(even.data(), 3);
  writer.Append(chunk);
  auto files = writer.Finish();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].row_count, 50);
  EXPECT_EQ(files[0].stats.at("id").max, "98");
  EXPECT_EQ(files[1].partition.at("part"), "__HIVE_DEFAULT_PARTITION__");
  ScanResult result = Scan(store, table, columns, files);
  ASSERT_EQ(result.rows.size(), 53u);
  EXPECT_EQ(result.rows[0], "0|a tag longer than twelve bytes|NULL");
  EXPECT_EQ(result.rows[1], "0|a tag longer than twelve bytes|p1");
  EXPECT_EQ(result.rows.back(), "98|a tag longer than twelve bytes|p1");
}

TEST(TableWriterTest, RollsFilesNearTheTargetStoredSize) {
  storage::MemoryObjectStore store;
  std::vector<ColumnDef> columns = {Column("id", TypeId::kBigint), Column("text", TypeId::kVarchar)};
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 40000; ++i) {
    rows.push_back({Value::Bigint(i), Value::Varchar("repetitive text " + std::to_string(i % 10))});
  }
  TableWriterOptions options;
  options.target_file_bytes = 20'000;
  TableWriter writer(store, MakeTable(), columns, options);
  WriteRows(writer, columns, rows);
  auto files = writer.Finish();
  ASSERT_GE(files.size(), 3u);
  // Every file but the last closes near the target stored size: the first on the uncompressed
  // estimate, later ones on the compression ratio learned from the files closed before. (How
  // near depends on the encodings the writer picks: within a factor of 4 below, 2.5 above.)
  for (size_t i = 0; i + 1 < files.size(); ++i) {
    EXPECT_GT(files[i].size_bytes, 5'000) << "file " << i;
    EXPECT_LT(files[i].size_bytes, 50'000) << "file " << i;
  }
  int64_t total = 0;
  for (const auto& file : files) total += file.row_count;
  EXPECT_EQ(total, 40000);
}

TEST(TableWriterTest, RejectsAPartitionColumnThatIsNotAColumn) {
  storage::MemoryObjectStore store;
  try {
    TableWriter writer(store, MakeTable({"nope"}), AllTypes());
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(error.what(), HasSubstr("partition column nope is not a column of sales.orders"));
  }
}

class EncryptedTableTest : public ::testing::Test {
 protected:
  void SetUp() override { keyring_ = storage::Keyring::FromText(kKey); }
  std::unique_ptr<storage::Keyring> keyring_;
};

TEST_F(EncryptedTableTest, RoundTripsThroughAnEncryptedStore) {
  storage::MemoryObjectStore memory;
  storage::EncryptedObjectStore store(std::make_unique<CountingStore>(memory), *keyring_, 4096);
  TableInfo table = MakeTable({"region"});
  auto columns = AllTypes();
  auto rows = AllTypesRows(6000);
  TableWriterOptions options;
  options.row_group_size = 1000;
  TableWriter writer(store, table, columns, options);
  WriteRows(writer, columns, rows);
  auto files = writer.Finish();
  for (const auto& file : files) {
    // The stored size is the ciphertext's: larger than the plaintext Parquet file.
    EXPECT_GT(static_cast<uint64_t>(file.size_bytes), store.Head(file.key)->size);
    EXPECT_EQ(static_cast<uint64_t>(file.size_bytes), memory.Head(file.key)->size);
  }
  EXPECT_EQ(Scan(store, table, columns, files).rows, SortedText(rows));
}

TEST_F(EncryptedTableTest, ACanaryWrittenThroughTheWriterIsNowhereInPlaintext) {
  fs::path root = fs::temp_directory_path() / ("tarn-tableio-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const std::string canary = "CANARY-7f3a9c1e-secret-row-value";
  {
    storage::EncryptedObjectStore store(std::make_unique<storage::LocalObjectStore>(root.string()),
                                        *keyring_);
    std::vector<ColumnDef> columns = {Column("id", TypeId::kInteger), Column("secret", TypeId::kVarchar),
                                      Column("part", TypeId::kInteger)};
    TableInfo table = MakeTable({"part"});
    TableWriter writer(store, table, columns);
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 3000; ++i) {
      rows.push_back({Value::Integer(i), Value::Varchar(i % 100 == 0 ? canary : "filler " + std::to_string(i)),
                      Value::Integer(i % 3)});
    }
    WriteRows(writer, columns, rows);
    auto files = writer.Finish();
    EXPECT_EQ(files.size(), 3u);
    // The statistics the catalog would store do hold it (the catalog seals them).
    bool in_stats = false;
    for (const auto& file : files) in_stats |= file.stats.at("secret").min == canary;
    EXPECT_TRUE(in_stats);
    EXPECT_EQ(Scan(store, table, columns, files).rows.size(), 3000u);
  }
  size_t scanned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(canary), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find("filler"), std::string::npos) << entry.path();
    ++scanned;
  }
  EXPECT_GE(scanned, 3u);
  fs::remove_all(root);
}

}  // namespace
}  // namespace tarn::catalog
