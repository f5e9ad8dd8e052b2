// TableWriter + OpenTableScan round trips over an in-memory and an encrypted store: every type,
// NULLs, partitions, several files and row groups, schema evolution, and skipping by partition
// values, file statistics and row-group statistics (counted, with unchanged results).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/table/table_scan.h"
#include "catalog/table/table_writer.h"
#include "common/error.h"
#include "format/scan_predicate.h"
#include "storage/encryption/encrypted_object_store.h"
#include "storage/encryption/keyring.h"
#include "storage/object_store/local_object_store.h"
#include "storage/object_store/memory_object_store.h"

namespace tarn::catalog {
namespace {

namespace fs = std::filesystem;
using exec::Value;
using format::ScanPredicate;
using format::ScanPredicateOp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kKey = "1:" + std::string(64, 'c');

// Forwards to a store owned elsewhere and counts the bytes Get returns.
class CountingStore final : public storage::ObjectStore {
 public:
  explicit CountingStore(storage::ObjectStore& target) : target_(target) {}
  void Put(std::string_view key, storage::ByteSpan data) override { target_.Put(key, data); }
  bool PutIfAbsent(std::string_view key, storage::ByteSpan data) override {
    return target_.PutIfAbsent(key, data);
  }
  std::optional<Buffer> Get(std::string_view key, std::optional<storage::ByteRange> range) override {
    auto bytes = target_.Get(key, range);
    if (bytes) bytes_read += bytes->size();
    return bytes;
  }
  std::optional<storage::ObjectInfo> Head(std::string_view key) override { return target_.Head(key); }
  std::vector<storage::ObjectEntry> List(std::string_view prefix) override { return target_.List(prefix); }
  bool Delete(std::string_view key) override { return target_.Delete(key); }
  std::unique_ptr<storage::ObjectWriter> NewWriter(std::string_view key, bool if_absent) override {
    return target_.NewWriter(key, if_absent);
  }
  std::atomic<uint64_t> bytes_read{0};

 private:
  storage::ObjectStore& target_;
};

ColumnDef Column(std::string name, LogicalType type) {
  ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

TableInfo MakeTable(std::vector<std::string> partition_columns = {}) {
  TableInfo table;
  table.database = "sales";
  table.name = "orders";
  table.zone = "curated";
  table.partition_columns = std::move(partition_columns);
  return table;
}

std::vector<LogicalType> TypesOf(const std::vector<ColumnDef>& columns) {
  std::vector<LogicalType> types;
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

std::string RowText(const std::vector<Value>& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line += "|";
    line += row[i].is_null() ? "NULL" : row[i].ToString();
  }
  return line;
}

// Appends 'rows' to 'writer' in chunks of up to kVectorSize.
void WriteRows(TableWriter& writer, const std::vector<ColumnDef>& columns,
               const std::vector<std::vector<Value>>& rows) {
  auto types = TypesOf(columns);
  for (size_t start = 0; start < rows.size(); start += exec::kVectorSize) {
    exec::DataChunk chunk(types);
    size_t count = std::min(rows.size() - start, exec::kVectorSize);
    for (size_t row = 0; row < count; ++row) {
      for (size_t column = 0; column < types.size(); ++column) {
        chunk.column(column).SetValue(row, rows[start + row][column]);
      }
    }
    chunk.SetPhysicalSize(count);
    writer.Append(chunk);
  }
}

struct ScanResult {
  std::vector<std::string> rows;  // sorted
  std::vector<std::vector<Value>> values;
  std::string pruning;
  size_t morsels = 0;
};

ScanResult Scan(storage::ObjectStore& store, const TableInfo& table,
                const std::vector<ColumnDef>& columns, std::vector<DataFile> files,
                std::vector<ScanPredicate> predicates = {}) {
  SchemaVersion schema;
  schema.version = 1;
  schema.columns = columns;
  auto source = OpenTableScan(store, table, schema, std::move(files));
  if (!predicates.empty()) source->SetFilter(std::move(predicates));
  auto state = source->CreateLocalState();
  exec::DataChunk chunk(TypesOf(columns));
  ScanResult result;
  int64_t morsel = 0;
  while (source->NextMorsel(*state, morsel)) {
    ++result.morsels;
    while (source->ReadChunk(*state, chunk)) {
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::vector<Value> values;
        for (size_t column = 0; column < chunk.column_count(); ++column) {
          values.push_back(chunk.column(column).GetValue(row));
        }
        result.rows.push_back(RowText(values));
        result.values.push_back(std::move(values));
      }
    }
  }
  std::sort(result.rows.begin(), result.rows.end());
  result.pruning = source->PruningSummary();
  return result;
}

std::vector<std::string> SortedText(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(RowText(row));
  std::sort(out.begin(), out.end());
  return out;
}

// Every type, NULLs in every column, partitioned by 'region' (with a NULL region) and 'day'.
std::vector<ColumnDef> AllTypes() {
  return {Column("id", TypeId::kBigint),     Column("flag", TypeId::kBoolean),
          Column("qty", TypeId::kInteger),   Column("price", LogicalType::Decimal(12, 2)),
          Column("score", TypeId::kDouble),  Column("note", TypeId::kVarchar),
          Column("day", TypeId::kDate),      Column("seen", TypeId::kTimestamp),
          Column("region", TypeId::kVarchar)};
}

std::vector<std::vector<Value>> AllTypesRows(size_t count) {
  std::vector<std::vector<Value>> rows;
  const char* regions[] = {"north", "south", "east west", "a/b=c"};
  for (size_t n = 0; n < count; ++n) {
    int64_t i = static_cast<int64_t>(n);
    std::vector<Value> row = {
        Value::Bigint(i),
        Value::Boolean(i % 3 == 0),
        Value::Integer(static_cast<int32_t>(i * 37 % 1000 - 500)),
        Value::Decimal(i * 101 - 5000, 12, 2),
        Value::Double(i / 8.0 - 3),
        Value::Varchar(i % 5 == 0 ? "" : "note " + std::to_string(i % 77)),
        Value::Date(static_cast<int32_t>(20000 + i % 3)),
        Value::Timestamp(i * 1'000'001),
        i % 10 == 9 ? Value::Null(TypeId::kVarchar) : Value::Varchar(regions[i % 4])};
    for (size_t column = 1; column < row.size() - 3; ++column) {
      if ((i + static_cast<int64_t>(column)) % 13 == 0) row[column] = Value::Null(row[column].type());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

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
  // The first file closes on the uncompressed estimate, far below the target once compressed;
  // later ones use the compression ratio learned from it and land near the target.
  EXPECT_LT(files[0].size_bytes, 15'000);
  EXPECT_GT(files[1].size_bytes, 3 * files[0].size_bytes);
  EXPECT_GT(files[1].size_bytes, 10'000);
  EXPECT_LT(files[1].size_bytes, 40'000);
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

TEST(TableScanTest, OlderFilesReadAddedColumnsAsNullAndWidenedColumnsConverted) {
  storage::MemoryObjectStore store;
  TableInfo table = MakeTable({"p"});
  std::vector<ColumnDef> v1 = {Column("a", TypeId::kInteger), Column("b", LogicalType::Decimal(5, 1)),
                               Column("p", TypeId::kInteger), Column("d", TypeId::kDate)};
  TableWriter old_writer(store, table, v1);
  WriteRows(old_writer, v1,
            {{Value::Integer(2147483647), Value::Decimal(-1234, 5, 1), Value::Integer(1), Value::Date(1)},
             {Value::Null(TypeId::kInteger), Value::Decimal(5, 5, 1), Value::Integer(1), Value::Null(TypeId::kDate)}});
  auto files = old_writer.Finish();
  std::vector<ColumnDef> v2 = {Column("a", TypeId::kBigint), Column("b", LogicalType::Decimal(9, 3)),
                               Column("p", TypeId::kInteger), Column("d", TypeId::kTimestamp),
                               Column("c", TypeId::kDouble), Column("e", TypeId::kVarchar)};
  TableWriter new_writer(store, table, v2);
  WriteRows(new_writer, v2,
            {{Value::Bigint(1LL << 40), Value::Decimal(1, 9, 3), Value::Integer(2), Value::Timestamp(5),
              Value::Double(0.5), Value::Varchar("new")}});
  for (auto& file : new_writer.Finish()) files.push_back(std::move(file));
  EXPECT_THAT(Scan(store, table, v2, files).rows,
              ElementsAre("1099511627776|0.001|2|1970-01-01 00:00:00.000005|0.5|new",
                          "2147483647|-123.400|1|1970-01-02 00:00:00|NULL|NULL",
                          "NULL|0.500|1|NULL|NULL|NULL"));
  // A predicate on the widened column reads the old file (its bounds parse as BIGINT) and the new.
  auto result = Scan(store, table, v2, files, {{0, ScanPredicateOp::kGreater, {Value::Bigint(2147483646)}}});
  EXPECT_EQ(result.pruning, "files: scanned 2 of 2, row groups: scanned 2 of 2");
  // Row-group bounds stored as INTEGER / DECIMAL(5,1) / DATE are widened before comparing
  // (catalog statistics unknown here, so only the footers decide).
  std::vector<DataFile> without_stats = files;
  for (auto& file : without_stats) file.stats.clear();
  result = Scan(store, table, v2, without_stats, {{0, ScanPredicateOp::kGreater, {Value::Bigint(2147483647)}}});
  EXPECT_EQ(result.pruning, "files: scanned 1 of 2, row groups: scanned 1 of 2");
  result = Scan(store, table, v2, without_stats, {{1, ScanPredicateOp::kLess, {Value::Decimal(-123400, 9, 3)}}});
  EXPECT_EQ(result.pruning, "files: scanned 0 of 2, row groups: scanned 0 of 2");
  result = Scan(store, table, v2, without_stats, {{1, ScanPredicateOp::kEqual, {Value::Decimal(-123400, 9, 3)}}});
  EXPECT_EQ(result.pruning, "files: scanned 1 of 2, row groups: scanned 1 of 2");
  result = Scan(store, table, v2, without_stats, {{3, ScanPredicateOp::kGreaterEqual, {Value::Timestamp(86'400'000'001)}}});
  EXPECT_EQ(result.pruning, "files: scanned 0 of 2, row groups: scanned 0 of 2");
  result = Scan(store, table, v2, files, {{0, ScanPredicateOp::kGreater, {Value::Bigint(2147483647)}}});
  // The old file is skipped on its catalog statistics, so its footer is never read.
  EXPECT_EQ(result.pruning, "files: scanned 1 of 2, row groups: scanned 1 of 1");
  EXPECT_EQ(result.rows.size(), 1u);
  // An added column is all NULL in the old file: IS NOT NULL skips it.
  result = Scan(store, table, v2, files, {{4, ScanPredicateOp::kIsNotNull, {}}});
  EXPECT_THAT(result.rows, ElementsAre("1099511627776|0.001|2|1970-01-01 00:00:00.000005|0.5|new"));
  EXPECT_EQ(result.pruning, "files: scanned 1 of 2, row groups: scanned 1 of 2");
}

TEST(TableScanTest, ThreadsShareOneScanAndEachMorselIsReadOnce) {
  storage::MemoryObjectStore store;
  TableInfo table = MakeTable({"region"});
  auto columns = AllTypes();
  auto rows = AllTypesRows(30000);
  TableWriterOptions options;
  options.row_group_size = 900;
  TableWriter writer(store, table, columns, options);
  WriteRows(writer, columns, rows);
  auto files = writer.Finish();
  SchemaVersion schema{1, columns, 0};
  auto source = OpenTableScan(store, table, schema, files);
  source->SetProjection({0, 8});  // id, region (a partition column)
  source->SetFilter({{8, ScanPredicateOp::kIn, {Value::Varchar("north"), Value::Varchar("a/b=c")}}});
  std::mutex mutex;
  std::vector<std::string> seen;
  std::set<int64_t> morsels;
  size_t duplicate_morsels = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto state = source->CreateLocalState();
      exec::DataChunk chunk({TypeId::kBigint, TypeId::kVarchar});
      int64_t morsel = 0;
      while (source->NextMorsel(*state, morsel)) {
        std::vector<std::string> local;
        while (source->ReadChunk(*state, chunk)) {
          for (size_t row = 0; row < chunk.size(); ++row) {
            local.push_back(chunk.column(0).GetValue(row).ToString() + "|" +
                            chunk.column(1).GetValue(row).ToString());
          }
        }
        std::lock_guard<std::mutex> lock(mutex);
        duplicate_morsels += morsels.insert(morsel).second ? 0 : 1;
        seen.insert(seen.end(), local.begin(), local.end());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<std::string> expected;
  for (const auto& row : rows) {
    if (!row[8].is_null() && (row[8].string() == "north" || row[8].string() == "a/b=c")) {
      expected.push_back(row[0].ToString() + "|" + row[8].ToString());
    }
  }
  std::sort(seen.begin(), seen.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(duplicate_morsels, 0u);
  EXPECT_EQ(*morsels.rbegin() + 1, static_cast<int64_t>(morsels.size()));  // dense indexes
  EXPECT_THAT(source->PruningSummary(), HasSubstr("files: scanned 2 of 5"));
}

TEST(TableScanTest, BadPartitionValuesAndMissingFilesAreErrors) {
  storage::MemoryObjectStore store;
  TableInfo table = MakeTable({"p"});
  std::vector<ColumnDef> columns = {Column("a", TypeId::kInteger), Column("p", TypeId::kDate)};
  DataFile file;
  file.key = "curated/sales/orders/p=x/part-1.parquet";
  file.partition = {{"p", "not a date"}};
  SchemaVersion schema{1, columns, 0};
  try {
    OpenTableScan(store, table, schema, {file});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(error.what(), HasSubstr("partition value 'not a date' of column p in "
                                        "curated/sales/orders/p=x/part-1.parquet is not a DATE"));
  }
  file.partition = {{"p", "2026-01-01"}};
  auto source = OpenTableScan(store, table, schema, {file});
  try {
    source->CreateLocalState();
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_THAT(error.what(), HasSubstr("data file curated/sales/orders/p=x/part-1.parquet is missing"));
  }
}

// The rows of 'rows' matching all of 'predicates', evaluated row by row, sorted as text.
std::vector<std::string> Matching(const std::vector<std::vector<Value>>& rows,
                                  const std::vector<ScanPredicate>& predicates) {
  std::vector<std::vector<Value>> matching;
  for (const auto& row : rows) {
    bool keep = true;
    for (const auto& predicate : predicates) {
      const Value& value = row[predicate.column];
      if (predicate.op == ScanPredicateOp::kIsNull) {
        keep &= value.is_null();
        continue;
      }
      if (predicate.op == ScanPredicateOp::kIsNotNull || value.is_null()) {
        keep &= !value.is_null();
        continue;
      }
      bool any = false;
      for (const auto& constant : predicate.values) {
        int order = format::CompareValues(value, constant);
        switch (predicate.op) {
          case ScanPredicateOp::kLess: any |= order < 0; break;
          case ScanPredicateOp::kLessEqual: any |= order <= 0; break;
          case ScanPredicateOp::kGreater: any |= order > 0; break;
          case ScanPredicateOp::kGreaterEqual: any |= order >= 0; break;
          default: any |= order == 0; break;  // = and IN
        }
      }
      keep &= any;
    }
    if (keep) matching.push_back(row);
  }
  return SortedText(matching);
}

// 10 partitions by category; ids ascend, so file and row-group bounds are disjoint ranges.
struct CategoryTable {
  std::vector<ColumnDef> columns = {Column("id", TypeId::kBigint), Column("amount", TypeId::kDouble),
                                    Column("label", TypeId::kVarchar), Column("category", TypeId::kInteger)};
  TableInfo table = MakeTable({"category"});
  std::vector<std::vector<Value>> rows;
  std::vector<DataFile> files;

  void Write(storage::ObjectStore& store, size_t count, uint64_t row_group_size) {
    for (size_t n = 0; n < count; ++n) {
      int64_t i = static_cast<int64_t>(n);
      rows.push_back({Value::Bigint(i), Value::Double(static_cast<double>(i % 1000) / 4),
                      i % 17 == 0 ? Value::Null(TypeId::kVarchar) : Value::Varchar("label " + std::to_string(i % 50)),
                      Value::Integer(static_cast<int32_t>(i * 10 / static_cast<int64_t>(count)))});
    }
    TableWriterOptions options;
    options.row_group_size = row_group_size;
    TableWriter writer(store, table, columns, options);
    WriteRows(writer, columns, rows);
    files = writer.Finish();
  }
};

TEST(TableScanTest, SkipsFilesByPartitionAndStatisticsAndRowGroupsWithUnchangedResults) {
  storage::MemoryObjectStore store;
  CategoryTable data;
  data.Write(store, 50000, 1000);  // 10 files of 5 row groups
  ASSERT_EQ(data.files.size(), 10u);
  struct Case {
    std::vector<ScanPredicate> predicates;
    std::string pruning;
  };
  std::vector<Case> cases = {
      {{}, "files: scanned 10 of 10, row groups: scanned 50 of 50"},
      {{{3, ScanPredicateOp::kEqual, {Value::Integer(7)}}}, "files: scanned 1 of 10, row groups: scanned 5 of 5"},
      {{{3, ScanPredicateOp::kIn, {Value::Integer(2), Value::Integer(4), Value::Integer(11)}}},
       "files: scanned 2 of 10, row groups: scanned 10 of 10"},
      {{{3, ScanPredicateOp::kGreaterEqual, {Value::Integer(8)}}}, "files: scanned 2 of 10, row groups: scanned 10 of 10"},
      // File statistics: ids 12000..12999 live in the third file only, in its third row group.
      {{{0, ScanPredicateOp::kGreaterEqual, {Value::Bigint(12000)}}, {0, ScanPredicateOp::kLess, {Value::Bigint(13000)}}},
       "files: scanned 1 of 10, row groups: scanned 1 of 5"},
      {{{0, ScanPredicateOp::kLessEqual, {Value::Bigint(999)}}}, "files: scanned 1 of 10, row groups: scanned 1 of 5"},
      {{{0, ScanPredicateOp::kGreater, {Value::Bigint(49999)}}}, "files: scanned 0 of 10, row groups: scanned 0 of 0"},
      {{{3, ScanPredicateOp::kIsNull, {}}}, "files: scanned 0 of 10, row groups: scanned 0 of 0"},
      {{{2, ScanPredicateOp::kIsNull, {}}}, "files: scanned 10 of 10, row groups: scanned 50 of 50"},
      {{{2, ScanPredicateOp::kEqual, {Value::Varchar("label 7")}}}, "files: scanned 10 of 10, row groups: scanned 50 of 50"},
      {{{2, ScanPredicateOp::kGreater, {Value::Varchar("zzz")}}}, "files: scanned 0 of 10, row groups: scanned 0 of 0"},
      {{{1, ScanPredicateOp::kLess, {Value::Double(0)}}}, "files: scanned 0 of 10, row groups: scanned 0 of 0"},
      {{{3, ScanPredicateOp::kEqual, {Value::Integer(5)}}, {0, ScanPredicateOp::kEqual, {Value::Bigint(25500)}}},
       "files: scanned 1 of 10, row groups: scanned 1 of 5"},
  };
  std::vector<format::ColumnSchema> schema;
  for (const auto& column : data.columns) schema.push_back({column.name, column.type});
  ScanResult all = Scan(store, data.table, data.columns, data.files);
  EXPECT_EQ(all.rows, SortedText(data.rows));
  for (const auto& test : cases) {
    ScanResult result = Scan(store, data.table, data.columns, data.files, test.predicates);
    std::string name = test.predicates.empty() ? "none" : test.predicates[0].ToString(schema);
    EXPECT_EQ(result.pruning, test.pruning) << name;
    // Skipping only drops rows the filter would drop: the filter over the skipped scan equals the
    // filter over every row.
    EXPECT_EQ(Matching(result.values, test.predicates), Matching(data.rows, test.predicates)) << name;
  }
}

TEST(TableScanTest, AMissingFileAmongManyIsAnErrorNamingIt) {
  storage::MemoryObjectStore store;
  CategoryTable data;
  data.Write(store, 20000, 1000);
  ASSERT_EQ(data.files.size(), 10u);
  store.Delete(data.files[6].key);
  SchemaVersion schema{1, data.columns, 0};
  auto source = OpenTableScan(store, data.table, schema, data.files);  // footers read in parallel
  try {
    source->CreateLocalState();
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_THAT(error.what(), HasSubstr("data file " + data.files[6].key + " is missing"));
  }
  // A filter that skips the missing file's partition never touches it.
  source = OpenTableScan(store, data.table, schema, data.files);
  source->SetFilter({{3, ScanPredicateOp::kLess, {Value::Integer(6)}}});
  source->CreateLocalState();
  EXPECT_EQ(source->PruningSummary(), "files: scanned 6 of 10, row groups: scanned 12 of 12");
}

TEST(TableScanTest, MeasuresBytesReadForOnePartitionOfTen) {
  auto keyring = storage::Keyring::FromText(kKey);
  storage::MemoryObjectStore memory;
  auto counting = std::make_unique<CountingStore>(memory);
  CountingStore& counter = *counting;
  storage::EncryptedObjectStore store(std::move(counting), *keyring);
  CategoryTable data;
  data.Write(store, 200000, 1'000'000);
  ASSERT_EQ(data.files.size(), 10u);
  auto measure = [&](std::vector<ScanPredicate> predicates) {
    counter.bytes_read = 0;
    ScanResult result = Scan(store, data.table, data.columns, data.files, std::move(predicates));
    return std::make_pair(counter.bytes_read.load(), result.rows.size());
  };
  auto [all_bytes, all_rows] = measure({});
  auto [one_bytes, one_rows] = measure({{3, ScanPredicateOp::kEqual, {Value::Integer(7)}}});
  EXPECT_EQ(all_rows, 200000u);
  EXPECT_EQ(one_rows, 20000u);
  std::cout << "[ measure  ] category = 7 on 10 partitions: " << one_bytes << " of " << all_bytes
            << " ciphertext bytes read\n";
  EXPECT_LT(one_bytes * 5, all_bytes);
}

}  // namespace
}  // namespace tarn::catalog
