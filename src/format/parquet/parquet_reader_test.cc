#include "format/parquet/parquet_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "common/error.h"
#include "exec/vector/value.h"
#include "format/parquet/parquet_codec.h"
#include "format/parquet/parquet_file.h"
#include "format/parquet/parquet_writer.h"
#include "format/scan_test_reader.h"

namespace tarn::format::parquet {
namespace {

// The fixtures DuckDB wrote (tests/data/parquet/generate.mjs).
std::string Fixture(const std::string& name) {
  std::string source = __FILE__;
  return source.substr(0, source.rfind("/src/")) + "/tests/data/parquet/" + name;
}

struct Table {
  std::vector<ColumnSchema> schema;
  std::vector<std::string> rows;  // values joined by '|', NULL as "NULL"
};

// Reads every row of 'paths' (projected to 'columns' when given) with one thread, in morsel order.
Table ReadAll(const std::vector<std::string>& paths, std::vector<size_t> columns = {}) {
  auto source = OpenParquetScan(paths, {});
  Table table;
  table.schema = source->schema();
  table.rows = ReadAllRows(*source, std::move(columns));
  return table;
}

TEST(ParquetReaderTest, MapsDuckDbTypes) {
  Table table = ReadAll({Fixture("types_snappy.parquet")});
  std::vector<std::string> types;
  for (const auto& column : table.schema) types.push_back(column.name + " " + column.type.ToString());
  EXPECT_THAT(types, ::testing::ElementsAre(
                         "b BOOLEAN", "i8 INTEGER", "i16 INTEGER", "i32 INTEGER", "i64 BIGINT", "u8 INTEGER",
                         "u16 INTEGER", "u32 BIGINT", "f DOUBLE", "d DOUBLE", "dec4 DECIMAL(4,2)",
                         "dec9 DECIMAL(9,3)", "dec18 DECIMAL(18,6)", "s VARCHAR", "dt DATE", "ts TIMESTAMP",
                         "ts_ms TIMESTAMP", "ts_ns TIMESTAMP"));
  EXPECT_EQ(table.rows.size(), 60u);
}

TEST(ParquetReaderTest, EveryCodecAndPageVersionReadsTheSame) {
  Table expected = ReadAll({Fixture("types_uncompressed.parquet")});
  for (const char* name : {"types_snappy.parquet", "types_gzip.parquet", "types_zstd.parquet",
                           "types_v2.parquet", "types_v2_plain.parquet"}) {
    EXPECT_EQ(ReadAll({Fixture(name)}).rows, expected.rows) << name;
  }
  Table dictionary = ReadAll({Fixture("types_dictionary.parquet")});
  EXPECT_EQ(dictionary.rows.size(), 600u);
  for (const char* name : {"types_plain.parquet", "types_v2_dictionary.parquet"}) {
    EXPECT_EQ(ReadAll({Fixture(name)}).rows, dictionary.rows) << name;
  }
  // Row i of the repeating file equals row i % 13 of the plain one.
  for (size_t i = 0; i < 600; i += 37) EXPECT_EQ(dictionary.rows[i], expected.rows[i % 13]) << i;
}

TEST(ParquetReaderTest, ProjectionReadsOnlyRequestedColumns) {
  Table all = ReadAll({Fixture("types_zstd.parquet")});
  Table projected = ReadAll({Fixture("types_zstd.parquet")}, {13, 0});
  ASSERT_EQ(projected.rows.size(), all.rows.size());
  for (size_t row = 0; row < all.rows.size(); ++row) {
    std::vector<std::string> fields;
    std::string field;
    for (char c : all.rows[row] + "|") {
      if (c == '|') {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    // Column s may hold '|' only inside quotes of generated text ('x,y "quoted"' has none).
    EXPECT_EQ(projected.rows[row], fields[13] + "|" + fields[0]);
  }
}

TEST(ParquetReaderTest, RowGroupsAndGlobsKeepFileOrder) {
  Table groups = ReadAll({Fixture("row_groups.parquet")});
  ASSERT_EQ(groups.rows.size(), 7000u);
  EXPECT_EQ(groups.rows[0], "0|NULL|0|2020-01-01");
  EXPECT_EQ(groups.rows[6999], "6999|row 99|1749.75|2022-09-26");
  Table parts = ReadAll({Fixture("parts/part_1.parquet"), Fixture("parts/part_2.parquet")});
  ASSERT_EQ(parts.rows.size(), 2000u);
  EXPECT_EQ(parts.rows[1500], "1500|750|p2");
}

TEST(ParquetReaderTest, RejectsUnsupportedColumnsClearly) {
  try {
    ReadAll({Fixture("nested.parquet")});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("not supported: nested parquet column list"));
  }
  try {
    ReadAll({Fixture("wide_decimal.parquet")});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("DECIMAL(38,2)"));
  }
  try {
    ReadAll({Fixture("uint64.parquet")});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
  }
  EXPECT_TRUE(ReadAll({Fixture("empty.parquet")}).rows.empty());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class TempFile {
 public:
  TempFile() {
    char pattern[] = "/tmp/tarn-parquet-test-XXXXXX";
    int descriptor = mkstemp(pattern);
    close(descriptor);
    path_ = std::string(pattern) + ".parquet";
    std::remove(pattern);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  void Write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }

 private:
  std::string path_;
};

// Truncated and bit-flipped files give an Error (never a crash, hang or internal error).
TEST(ParquetReaderTest, CorruptFilesGiveErrors) {
  for (const char* name : {"types_snappy.parquet", "types_v2.parquet", "types_dictionary.parquet"}) {
    std::string bytes = ReadFile(Fixture(name));
    TempFile file;
    for (size_t length = 0; length < bytes.size(); length += 1 + length / 50) {
      file.Write(bytes.substr(0, length));
      try {
        ReadAll({file.path()});
        ADD_FAILURE() << "no error for " << name << " cut at " << length;
      } catch (const Error& error) {
        EXPECT_NE(error.code(), ErrorCode::kInternal) << error.what();
      }
    }
    std::mt19937 random(11);
    for (int round = 0; round < 300; ++round) {
      std::string flipped = bytes;
      for (int flips = 0; flips < 3; ++flips) flipped[random() % flipped.size()] ^= static_cast<char>(1 << (random() % 8));
      file.Write(flipped);
      try {
        ReadAll({file.path()});
      } catch (const Error& error) {
        EXPECT_NE(error.code(), ErrorCode::kInternal) << error.what();
      }
    }
  }
  TempFile file;
  file.Write(std::string("PAR1") + std::string(100, 'x') + std::string("\x10\x00\x00\x00PAR1", 8));
  try {
    ReadAll({file.path()});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("parquet: "));
    EXPECT_THAT(error.message(), ::testing::HasSubstr(file.path() + " at offset"));
  }
}

// A file built by hand from the spec: REQUIRED columns (no definition levels), an INT96 timestamp
// (nanos of day + Julian day, as Impala and Spark write them) and an INT32 with no logical type.
TEST(ParquetReaderTest, ReadsHandBuiltRequiredAndInt96Columns) {
  std::string file = "PAR1";
  FileMetaData metadata;
  SchemaElement root;
  root.name = "spark_schema";
  root.num_children = 2;
  SchemaElement ts;
  ts.name = "ts";
  ts.type = PhysicalType::kInt96;
  ts.repetition = Repetition::kRequired;
  SchemaElement n;
  n.name = "n";
  n.type = PhysicalType::kInt32;
  n.repetition = Repetition::kRequired;
  metadata.schema = {root, ts, n};
  RowGroup group;
  group.num_rows = 2;
  auto add_chunk = [&](PhysicalType type, const std::string& values) {
    ColumnMetaData meta;
    meta.type = type;
    meta.encodings = {Encoding::kPlain};
    meta.path_in_schema = {type == PhysicalType::kInt96 ? "ts" : "n"};
    meta.num_values = 2;
    meta.data_page_offset = static_cast<int64_t>(file.size());
    PageHeader header;
    header.type = PageType::kDataPage;
    header.uncompressed_page_size = header.compressed_page_size = static_cast<int32_t>(values.size());
    header.data_page = DataPageHeader{2, Encoding::kPlain, Encoding::kRle, Encoding::kRle};
    std::string bytes;
    EncodePageHeader(header, bytes);
    bytes += values;
    meta.total_compressed_size = meta.total_uncompressed_size = static_cast<int64_t>(bytes.size());
    file += bytes;
    ColumnChunk chunk;
    chunk.file_offset = meta.data_page_offset;
    chunk.meta_data = meta;
    group.columns.push_back(chunk);
  };
  auto int96 = [](int64_t nanos, int32_t julian_day) {
    std::string bytes(12, '\0');
    std::memcpy(bytes.data(), &nanos, 8);
    std::memcpy(bytes.data() + 8, &julian_day, 4);
    return bytes;
  };
  // 1970-01-01 00:00:00.000001001 and 2000-03-01 12:00:00 (Julian day 2451605).
  add_chunk(PhysicalType::kInt96, int96(1001, 2440588) + int96(43200LL * 1000000000, 2451605));
  int32_t numbers[2] = {-7, 2147483647};
  add_chunk(PhysicalType::kInt32, std::string(reinterpret_cast<const char*>(numbers), 8));
  metadata.num_rows = 2;
  metadata.row_groups = {group};
  std::string footer;
  EncodeFileMetaData(metadata, footer);
  uint32_t length = static_cast<uint32_t>(footer.size());
  file += footer + std::string(reinterpret_cast<const char*>(&length), 4) + "PAR1";
  TempFile temp;
  temp.Write(file);
  Table table = ReadAll({temp.path()});
  EXPECT_EQ(table.schema[0].type, LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(table.schema[1].type, LogicalType(TypeId::kInteger));
  EXPECT_THAT(table.rows, ::testing::ElementsAre("1970-01-01 00:00:00.000001|-7", "2000-03-01 12:00:00|2147483647"));
}

// Writes 'rows' rows of every type tarn writes, read back the same, for every codec.
TEST(ParquetWriterTest, RoundTripsEveryTypeAndCodec) {
  std::vector<ColumnSchema> schema = {
      {"b", TypeId::kBoolean},  {"i", TypeId::kInteger},  {"l", TypeId::kBigint},
      {"d", TypeId::kDouble},   {"small", LogicalType::Decimal(5, 2)}, {"big", LogicalType::Decimal(18, 4)},
      {"s", TypeId::kVarchar},  {"dt", TypeId::kDate},    {"ts", TypeId::kTimestamp}};
  std::vector<LogicalType> types;
  for (const auto& column : schema) types.push_back(column.type);
  const size_t rows = 5000;
  std::vector<std::string> expected;
  std::vector<exec::DataChunk> chunks;
  for (size_t start = 0; start < rows; start += exec::kVectorSize) {
    exec::DataChunk chunk(types);
    size_t count = std::min(rows - start, exec::kVectorSize);
    for (size_t row = 0; row < count; ++row) {
      int64_t i = static_cast<int64_t>(start + row);
      std::vector<exec::Value> values = {
          exec::Value::Boolean(i % 3 == 0), exec::Value::Integer(static_cast<int32_t>(i * 7919 - 20000000)),
          exec::Value::Bigint(i * 1000000007LL), exec::Value::Double(i / 7.0 - 100),
          exec::Value::Decimal(i % 200 - 100, 5, 2), exec::Value::Decimal(i * 123456789LL, 18, 4),
          exec::Value::Varchar(i % 4 == 0 ? "" : "value number " + std::to_string(i % 50)),
          exec::Value::Date(static_cast<int32_t>(i - 2000)), exec::Value::Timestamp(i * 86400000001LL)};
      std::string line;
      for (size_t column = 0; column < values.size(); ++column) {
        bool null = (i + static_cast<int64_t>(column)) % 11 == 0;
        chunk.column(column).SetValue(row, null ? exec::Value::Null(types[column]) : values[column]);
        if (column > 0) line += "|";
        line += null ? "NULL" : values[column].ToString();
      }
      expected.push_back(line);
    }
    chunk.SetPhysicalSize(count);
    chunks.push_back(std::move(chunk));
  }
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd}) {
    TempFile file;
    ParquetWriter writer(file.path(), schema, {codec, 1500});
    for (const auto& chunk : chunks) writer.Append(chunk);
    writer.Finish();
    EXPECT_EQ(writer.rows_written(), rows);
    Table table = ReadAll({file.path()});
    EXPECT_EQ(table.rows, expected) << CodecName(codec);
    std::vector<LogicalType> read_types;
    for (const auto& column : table.schema) read_types.push_back(column.type);
    EXPECT_EQ(read_types, types);
  }
}

TEST(ParquetWriterTest, DictionaryFallsBackToPlainAndSelectionsAreHonoured) {
  std::vector<ColumnSchema> schema = {{"s", TypeId::kVarchar}};
  TempFile file;
  ParquetWriter writer(file.path(), schema, {Codec::kZstd, 1000000});
  std::vector<std::string> expected;
  // 100 batches of 2048 distinct 40-byte strings: past the 1 MiB dictionary limit.
  for (int batch = 0; batch < 100; ++batch) {
    exec::DataChunk chunk({TypeId::kVarchar});
    for (size_t row = 0; row < exec::kVectorSize; ++row) {
      chunk.column(0).SetValue(row, exec::Value::Varchar(fmt::format("{:040}", batch * 4096 + row)));
    }
    chunk.SetPhysicalSize(exec::kVectorSize);
    // Keep every other row only.
    std::vector<uint32_t> selection;
    for (uint32_t row = 0; row < exec::kVectorSize; row += 2) {
      selection.push_back(row);
      expected.push_back(fmt::format("{:040}", batch * 4096 + row));
    }
    chunk.SetSelection(selection.data(), selection.size());
    writer.Append(chunk);
  }
  writer.Finish();
  EXPECT_EQ(ReadAll({file.path()}).rows, expected);
  ParquetFile parquet(file.path());
  const auto& encodings = parquet.metadata().row_groups.at(0).columns.at(0).meta_data->encodings;
  EXPECT_THAT(encodings, ::testing::Not(::testing::Contains(Encoding::kRleDictionary)));
}

TEST(ParquetWriterTest, RepeatedValuesAreDictionaryEncodedWithStatistics) {
  TempFile file;
  ParquetWriter writer(file.path(), {{"s", TypeId::kVarchar}, {"i", TypeId::kBigint}}, {Codec::kSnappy, 1000});
  exec::DataChunk chunk({TypeId::kVarchar, TypeId::kBigint});
  for (size_t row = 0; row < 1500; ++row) {
    chunk.column(0).SetValue(row, row % 10 == 0 ? exec::Value::Null(TypeId::kVarchar)
                                                : exec::Value::Varchar(row % 3 == 0 ? "apple" : "pear"));
    chunk.column(1).SetValue(row, exec::Value::Bigint(static_cast<int64_t>(row) - 100));
  }
  chunk.SetPhysicalSize(1500);
  writer.Append(chunk);
  writer.Finish();
  ParquetFile parquet(file.path());
  ASSERT_EQ(parquet.metadata().row_groups.size(), 2u);
  const ColumnMetaData& strings = *parquet.metadata().row_groups[0].columns[0].meta_data;
  EXPECT_THAT(strings.encodings, ::testing::Contains(Encoding::kRleDictionary));
  ASSERT_TRUE(strings.statistics.has_value());
  EXPECT_EQ(strings.statistics->null_count, 100);
  EXPECT_EQ(strings.statistics->min_value, "apple");
  EXPECT_EQ(strings.statistics->max_value, "pear");
  const ColumnMetaData& integers = *parquet.metadata().row_groups[1].columns[1].meta_data;
  int64_t min = 0, max = 0;
  std::memcpy(&min, integers.statistics->min_value->data(), 8);
  std::memcpy(&max, integers.statistics->max_value->data(), 8);
  EXPECT_EQ(min, 900);
  EXPECT_EQ(max, 1399);
  EXPECT_EQ(parquet.metadata().num_rows, 1500);
}

// Vectors without NULLs take the writer's fast path; after 4096 values a column chunk whose values
// are more than half distinct drops its dictionary, one with few distinct values keeps it.
TEST(ParquetWriterTest, DictionaryIsDroppedEarlyOnlyForMostlyDistinctColumns) {
  std::vector<ColumnSchema> schema = {{"b", TypeId::kBoolean}, {"i", TypeId::kInteger},
                                      {"small", LogicalType::Decimal(5, 2)}, {"d", TypeId::kDouble},
                                      {"l", TypeId::kBigint}};
  std::vector<LogicalType> types;
  for (const auto& column : schema) types.push_back(column.type);
  TempFile file;
  ParquetWriter writer(file.path(), schema, {Codec::kZstd, 1000000});
  std::vector<std::string> expected;
  const size_t rows = 10000;
  for (size_t start = 0; start < rows; start += exec::kVectorSize) {
    exec::DataChunk chunk(types);
    size_t count = std::min(rows - start, exec::kVectorSize);
    for (size_t row = 0; row < count; ++row) {
      int64_t i = static_cast<int64_t>(start + row);
      std::vector<exec::Value> values = {
          exec::Value::Boolean(i % 3 == 0), exec::Value::Integer(static_cast<int32_t>(i * 7919 - 20000000)),
          exec::Value::Decimal(i % 200 - 100, 5, 2), exec::Value::Double(i == 5 ? std::nan("") : i / 8.0 - 100),
          exec::Value::Bigint(i % 1000)};
      std::string line;
      for (size_t column = 0; column < values.size(); ++column) {
        chunk.column(column).SetValue(row, values[column]);
        line += (column > 0 ? "|" : "") + values[column].ToString();
      }
      expected.push_back(line);
    }
    chunk.SetPhysicalSize(count);
    writer.Append(chunk);
  }
  writer.Finish();
  EXPECT_EQ(ReadAll({file.path()}).rows, expected);
  ParquetFile parquet(file.path());
  ASSERT_EQ(parquet.metadata().row_groups.size(), 1u);
  const auto& columns = parquet.metadata().row_groups[0].columns;
  auto dictionary = [&](size_t column) {
    const auto& encodings = columns.at(column).meta_data->encodings;
    return std::find(encodings.begin(), encodings.end(), Encoding::kRleDictionary) != encodings.end();
  };
  EXPECT_FALSE(dictionary(0));  // booleans never
  EXPECT_FALSE(dictionary(1));  // 10000 distinct
  EXPECT_TRUE(dictionary(2));   // 200 distinct
  EXPECT_FALSE(dictionary(3));  // 10000 distinct
  EXPECT_TRUE(dictionary(4));   // 1000 distinct
  auto bound = [&](size_t column, bool max) -> std::string {
    const auto& stats = *columns.at(column).meta_data->statistics;
    return *(max ? stats.max_value : stats.min_value);
  };
  int32_t narrow = 0;
  std::memcpy(&narrow, bound(1, false).data(), 4);
  EXPECT_EQ(narrow, -20000000);  // i = 0
  std::memcpy(&narrow, bound(1, true).data(), 4);
  EXPECT_EQ(narrow, 59182081);   // i = 9999: 9999 * 7919 - 20000000
  std::memcpy(&narrow, bound(2, false).data(), 4);
  EXPECT_EQ(narrow, -100);       // -1.00 unscaled
  std::memcpy(&narrow, bound(2, true).data(), 4);
  EXPECT_EQ(narrow, 99);
  double real = 0;
  std::memcpy(&real, bound(3, false).data(), 8);
  EXPECT_EQ(real, -100.0);       // i = 0; the NaN at i = 5 is left out
  std::memcpy(&real, bound(3, true).data(), 8);
  EXPECT_EQ(real, 1149.875);     // i = 9999: 9999 / 8 - 100
  EXPECT_EQ(bound(0, false), std::string(1, '\0'));
  EXPECT_EQ(bound(0, true), std::string(1, '\1'));
}

TEST(ParquetWriterTest, UnfinishedWriterLeavesNoFile) {
  TempFile file;
  {
    ParquetWriter writer(file.path(), {{"a", TypeId::kInteger}}, {});
  }
  EXPECT_NE(access(file.path().c_str(), F_OK), 0);
}

}  // namespace
}  // namespace tarn::format::parquet
