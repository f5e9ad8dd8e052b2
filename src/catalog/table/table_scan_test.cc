// OpenTableScan: partition columns, added and widened columns, errors, threads, and skipping of
// files (partition values, catalog statistics) and row groups (footer statistics) with unchanged
// results; measures the bytes one partition of ten costs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/table/table_fixtures.h"
#include "catalog/table/table_scan.h"
#include "common/error.h"
#include "storage/encryption/encrypted_object_store.h"
#include "storage/encryption/keyring.h"
#include "storage/object_store/memory_object_store.h"

namespace tarn::catalog {
namespace {

using namespace table_test;  // NOLINT: this test's fixtures
using ::testing::ElementsAre;
using ::testing::HasSubstr;

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
