// Row-group skipping of the Parquet scan: statistics DuckDB and tarn write are decoded, row
// groups they rule out are not read (counted), and the rows that survive a filter are the same as
// without skipping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "exec/vector/value.h"
#include "format/parquet/parquet_file.h"
#include "format/parquet/parquet_reader.h"
#include "format/parquet/parquet_statistics.h"
#include "format/parquet/parquet_writer.h"
#include "format/scan_predicate.h"

namespace tarn::format::parquet {
namespace {

using exec::Value;

std::string Fixture(const std::string& name) {
  std::string source = __FILE__;
  return source.substr(0, source.rfind("/src/")) + "/tests/data/parquet/" + name;
}

struct ScanResult {
  std::vector<std::vector<Value>> rows;
  std::string pruning;
  size_t morsels = 0;
};

ScanResult Scan(const std::vector<std::string>& paths, std::vector<ScanPredicate> predicates) {
  auto source = OpenParquetScan(paths, {});
  std::vector<LogicalType> types;
  for (const auto& column : source->schema()) types.push_back(column.type);
  if (!predicates.empty()) source->SetFilter(std::move(predicates));
  auto state = source->CreateLocalState();
  exec::DataChunk chunk(types);
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
        result.rows.push_back(std::move(values));
      }
    }
  }
  result.pruning = source->PruningSummary();
  return result;
}

// Rows of 'rows' that satisfy every predicate, row by row.
std::vector<std::string> Matching(const std::vector<std::vector<Value>>& rows,
                                  const std::vector<ScanPredicate>& predicates) {
  std::vector<std::string> out;
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
        int order = CompareValues(value, constant);
        switch (predicate.op) {
          case ScanPredicateOp::kLess: any |= order < 0; break;
          case ScanPredicateOp::kLessEqual: any |= order <= 0; break;
          case ScanPredicateOp::kGreater: any |= order > 0; break;
          case ScanPredicateOp::kGreaterEqual: any |= order >= 0; break;
          default: any |= order == 0; break;
        }
      }
      keep &= any;
    }
    if (!keep) continue;
    std::string line;
    for (const auto& value : row) line += (value.is_null() ? "NULL" : value.ToString()) + "|";
    out.push_back(line);
  }
  return out;
}

TEST(ScanPredicateTest, MayMatchUsesBoundsAndNullCounts) {
  ValueStatistics stats{Value::Integer(10), Value::Integer(20), 0, 100};
  auto check = [&](ScanPredicateOp op, std::vector<Value> values) {
    return MayMatch({0, op, std::move(values)}, stats);
  };
  EXPECT_TRUE(check(ScanPredicateOp::kEqual, {Value::Integer(10)}));
  EXPECT_TRUE(check(ScanPredicateOp::kEqual, {Value::Integer(20)}));
  EXPECT_FALSE(check(ScanPredicateOp::kEqual, {Value::Integer(21)}));
  EXPECT_FALSE(check(ScanPredicateOp::kLess, {Value::Integer(10)}));
  EXPECT_TRUE(check(ScanPredicateOp::kLessEqual, {Value::Integer(10)}));
  EXPECT_FALSE(check(ScanPredicateOp::kGreater, {Value::Integer(20)}));
  EXPECT_TRUE(check(ScanPredicateOp::kGreaterEqual, {Value::Integer(20)}));
  EXPECT_FALSE(check(ScanPredicateOp::kIn, {Value::Integer(1), Value::Integer(30)}));
  EXPECT_TRUE(check(ScanPredicateOp::kIn, {Value::Integer(1), Value::Integer(15)}));
  EXPECT_FALSE(check(ScanPredicateOp::kIsNull, {}));
  EXPECT_TRUE(check(ScanPredicateOp::kIsNotNull, {}));
  stats = {std::nullopt, std::nullopt, 100, 100};  // all NULL
  EXPECT_FALSE(check(ScanPredicateOp::kEqual, {Value::Integer(1)}));
  EXPECT_FALSE(check(ScanPredicateOp::kIsNotNull, {}));
  EXPECT_TRUE(check(ScanPredicateOp::kIsNull, {}));
  stats = {};  // nothing known
  EXPECT_TRUE(check(ScanPredicateOp::kEqual, {Value::Integer(1)}));
  EXPECT_TRUE(check(ScanPredicateOp::kIsNull, {}));
  EXPECT_TRUE(check(ScanPredicateOp::kIsNotNull, {}));
  // NaN bounds or constants prove nothing; strings compare byte-wise.
  ValueStatistics doubles{Value::Double(1), Value::Double(NAN), 0, 10};
  EXPECT_TRUE(MayMatch({0, ScanPredicateOp::kGreater, {Value::Double(5)}}, doubles));
  doubles.max = Value::Double(2);
  EXPECT_TRUE(MayMatch({0, ScanPredicateOp::kEqual, {Value::Double(NAN)}}, doubles));
  EXPECT_FALSE(MayMatch({0, ScanPredicateOp::kGreater, {Value::Double(2)}}, doubles));
  ValueStatistics strings{Value::Varchar("apple"), Value::Varchar("pear"), 0, 10};
  EXPECT_FALSE(MayMatch({0, ScanPredicateOp::kEqual, {Value::Varchar("Zebra")}}, strings));  // 'Z' < 'a'
  EXPECT_TRUE(MayMatch({0, ScanPredicateOp::kEqual, {Value::Varchar("banana")}}, strings));
  EXPECT_FALSE(MayMatch({0, ScanPredicateOp::kGreater, {Value::Varchar("pear")}}, strings));
  EXPECT_TRUE(MayMatch({0, ScanPredicateOp::kGreater, {Value::Varchar("pea")}}, strings));
}

TEST(ParquetSkippingTest, DuckDbRowGroupStatisticsSkipRowGroups) {
  // row_groups.parquet: 7000 rows, id 0..6999 ascending, row groups of 2048 rows.
  std::string path = Fixture("row_groups.parquet");
  ParquetFile file(path);
  ASSERT_EQ(file.metadata().row_groups.size(), 4u);
  ValueStatistics first = ColumnChunkStatistics(file.columns()[0], file.metadata().row_groups[0]);
  EXPECT_EQ(first.min, Value::Bigint(0));
  EXPECT_EQ(first.max, Value::Bigint(2047));
  ScanResult all = Scan({path}, {});
  ASSERT_EQ(all.rows.size(), 7000u);
  struct Case {
    std::vector<ScanPredicate> predicates;
    std::string pruning;
    size_t rows;
  };
  std::vector<Case> cases = {
      {{{0, ScanPredicateOp::kGreaterEqual, {Value::Bigint(6500)}}}, "files: scanned 1 of 1, row groups: scanned 1 of 4", 500},
      {{{0, ScanPredicateOp::kEqual, {Value::Bigint(2048)}}}, "files: scanned 1 of 1, row groups: scanned 1 of 4", 1},
      {{{0, ScanPredicateOp::kLess, {Value::Bigint(2049)}}}, "files: scanned 1 of 1, row groups: scanned 2 of 4", 2049},
      {{{0, ScanPredicateOp::kIn, {Value::Bigint(5), Value::Bigint(6999)}}}, "files: scanned 1 of 1, row groups: scanned 2 of 4", 2},
      {{{0, ScanPredicateOp::kGreater, {Value::Bigint(7000)}}}, "files: scanned 0 of 1, row groups: scanned 0 of 4", 0},
      // d = id * 0.25; dt = 2020-01-01 + id % 1000 (every row group spans all dates).
      {{{2, ScanPredicateOp::kLessEqual, {Value::Double(100)}}}, "files: scanned 1 of 1, row groups: scanned 1 of 4", 401},
      {{{3, ScanPredicateOp::kEqual, {Value::Date(18262 + 3)}}}, "files: scanned 1 of 1, row groups: scanned 3 of 4", 7},
      {{{1, ScanPredicateOp::kEqual, {Value::Varchar("row 5")}}}, "files: scanned 1 of 1, row groups: scanned 4 of 4", 62},
      {{{1, ScanPredicateOp::kGreater, {Value::Varchar("s")}}}, "files: scanned 0 of 1, row groups: scanned 0 of 4", 0},
      {{{1, ScanPredicateOp::kIsNull, {}}}, "files: scanned 1 of 1, row groups: scanned 4 of 4", 778},
  };
  for (const auto& test : cases) {
    ScanResult result = Scan({path}, test.predicates);
    std::string name = test.predicates[0].ToString({{"id", TypeId::kBigint}, {"s", TypeId::kVarchar},
                                                    {"d", TypeId::kDouble}, {"dt", TypeId::kDate}});
    EXPECT_EQ(result.pruning, test.pruning) << name;
    auto kept = Matching(result.rows, test.predicates);
    EXPECT_EQ(kept.size(), test.rows) << name;
    EXPECT_EQ(kept, Matching(all.rows, test.predicates)) << name;
  }
}

TEST(ParquetSkippingTest, EveryTypeTarnWritesSkipsOnlyWhatCannotMatch) {
  std::vector<ColumnSchema> schema = {
      {"b", TypeId::kBoolean}, {"i", TypeId::kInteger}, {"l", TypeId::kBigint},
      {"d", TypeId::kDouble},  {"m", LogicalType::Decimal(9, 2)}, {"s", TypeId::kVarchar},
      {"dt", TypeId::kDate},   {"ts", TypeId::kTimestamp}};
  std::vector<LogicalType> types;
  for (const auto& column : schema) types.push_back(column.type);
  char pattern[] = "/tmp/tarn-skip-test-XXXXXX";
  int descriptor = mkstemp(pattern);
  close(descriptor);
  std::remove(pattern);
  std::string path = std::string(pattern) + ".parquet";
  {
    ParquetWriter writer(path, schema, {Codec::kZstd, 500});
    const size_t rows = 4000;
    exec::DataChunk chunk(types);
    for (size_t start = 0; start < rows; start += exec::kVectorSize) {
      chunk.Reset();
      size_t count = std::min(rows - start, exec::kVectorSize);
      for (size_t row = 0; row < count; ++row) {
        int64_t i = static_cast<int64_t>(start + row);
        std::vector<Value> values = {
            Value::Boolean(i >= 2000), Value::Integer(static_cast<int32_t>(i - 1000)), Value::Bigint(i * 3),
            Value::Double(i / 2.0 - 7), Value::Decimal(i * 5, 9, 2), Value::Varchar(fmt::format("k{:05}", i)),
            Value::Date(static_cast<int32_t>(i / 10)), Value::Timestamp(i * 1000)};
        for (size_t column = 0; column < values.size(); ++column) {
          bool null = i / 500 == 3 || (i + static_cast<int64_t>(column)) % 97 == 0;  // row group 3: all NULL
          chunk.column(column).SetValue(row, null ? Value::Null(types[column]) : values[column]);
        }
      }
      chunk.SetPhysicalSize(count);
      writer.Append(chunk);
    }
    writer.Finish();
  }
  ScanResult all = Scan({path}, {});
  ASSERT_EQ(all.rows.size(), 4000u);
  EXPECT_EQ(all.morsels, 8u);
  std::vector<std::vector<ScanPredicate>> cases = {
      {{0, ScanPredicateOp::kEqual, {Value::Boolean(true)}}},
      {{1, ScanPredicateOp::kLess, {Value::Integer(-500)}}},
      {{2, ScanPredicateOp::kGreaterEqual, {Value::Bigint(9000)}}},
      {{3, ScanPredicateOp::kLessEqual, {Value::Double(300)}}},
      {{4, ScanPredicateOp::kEqual, {Value::Decimal(12345, 9, 2)}}},
      {{5, ScanPredicateOp::kIn, {Value::Varchar("k00100"), Value::Varchar("k03999")}}},
      {{6, ScanPredicateOp::kGreater, {Value::Date(350)}}},
      {{7, ScanPredicateOp::kLess, {Value::Timestamp(1'000'000)}}},
      {{1, ScanPredicateOp::kIsNull, {}}},
      {{1, ScanPredicateOp::kIsNotNull, {}}},
      {{1, ScanPredicateOp::kGreater, {Value::Integer(0)}}, {2, ScanPredicateOp::kLess, {Value::Bigint(6000)}}},
  };
  for (const auto& predicates : cases) {
    ScanResult result = Scan({path}, predicates);
    std::string name = predicates[0].ToString(schema);
    EXPECT_EQ(Matching(result.rows, predicates), Matching(all.rows, predicates)) << name;
    if (predicates[0].op != ScanPredicateOp::kIsNull) {
      EXPECT_LT(result.morsels, all.morsels) << name;  // the all-NULL row group at least
    }
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace tarn::format::parquet
