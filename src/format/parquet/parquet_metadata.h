// The Parquet footer and page headers (parquet.thrift of the Apache Parquet format spec), as plain
// structs, with their Thrift compact-protocol decoders and encoders. Only the fields tarn reads or
// writes are kept; unknown fields are skipped. Enum values are the spec's numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tarn::format::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kNone = -1,
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

// The LogicalType union, flattened: 'kind' names the member that was set.
enum class LogicalKind : uint8_t {
  kNone,
  kString,
  kMap,
  kList,
  kEnum,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kInteger,
  kUnknown,
  kJson,
  kBson,
  kUuid,
  kFloat16,
  kOther,
};
enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

struct LogicalTypeInfo {
  LogicalKind kind = LogicalKind::kNone;
  int32_t scale = 0;              // DECIMAL
  int32_t precision = 0;          // DECIMAL
  bool adjusted_to_utc = false;   // TIME, TIMESTAMP
  TimeUnit unit = TimeUnit::kMicros;  // TIME, TIMESTAMP
  int8_t bit_width = 0;           // INTEGER
  bool is_signed = true;          // INTEGER
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  int32_t type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int32_t num_children = 0;
  ConvertedType converted_type = ConvertedType::kNone;
  int32_t scale = 0;
  int32_t precision = 0;
  LogicalTypeInfo logical;
};

struct Statistics {
  std::optional<std::string> max;        // deprecated field 1 (signed order)
  std::optional<std::string> min;        // deprecated field 2
  std::optional<int64_t> null_count;
  std::optional<std::string> max_value;  // field 5 (column order)
  std::optional<std::string> min_value;  // field 6
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  uint32_t column_orders = 0;  // number of TYPE_ORDER column orders (written: one per leaf)
  bool encrypted = false;      // encryption_algorithm was set
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<DataPageHeader> data_page;
  std::optional<DictionaryPageHeader> dictionary_page;
  std::optional<DataPageHeaderV2> data_page_v2;
};

// Decodes a footer. 'file' and 'base_offset' (the footer's offset in the file) only name the place
// in errors. Throws Error(kCorrupt) "parquet: <what> in <file> at offset N" for malformed input,
// including a missing required field.
FileMetaData DecodeFileMetaData(const uint8_t* data, size_t size, const std::string& file,
                                uint64_t base_offset);
// Decodes one page header from the start of [data, data+size); sets 'header_size' to its length.
PageHeader DecodePageHeader(const uint8_t* data, size_t size, const std::string& file,
                            uint64_t base_offset, size_t& header_size);

// Appends the encoding of 'metadata' / 'header' to 'out'.
void EncodeFileMetaData(const FileMetaData& metadata, std::string& out);
void EncodePageHeader(const PageHeader& header, std::string& out);

}  // namespace tarn::format::parquet
