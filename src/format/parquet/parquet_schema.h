// Maps a Parquet file's schema (flat: a root group of primitive columns) to tarn columns: the SQL
// type each column reads as and how its stored values convert to it.
#pragma once

#include <string>
#include <vector>

#include "common/logical_type.h"
#include "format/parquet/parquet_metadata.h"

namespace tarn::format::parquet {

// How stored (physical) values become the column's vector values.
enum class Conversion : uint8_t {
  kBoolean,          // BOOLEAN -> BOOLEAN
  kInt32,            // INT32 -> INTEGER or DATE (as is)
  kInt32ToInt64,     // INT32 -> BIGINT (UINT_32: zero-extended) or DECIMAL
  kUint32ToInt64,    // INT32 holding UINT_32 -> BIGINT
  kInt64,            // INT64 -> BIGINT, DECIMAL or TIMESTAMP (micros)
  kUint64,           // INT64 holding UINT_64 -> BIGINT (values >= 2^63 are an error)
  kTimestampMillis,  // INT64 millis -> TIMESTAMP micros
  kTimestampNanos,   // INT64 nanos -> TIMESTAMP micros (floor)
  kFloat,            // FLOAT -> DOUBLE
  kDouble,           // DOUBLE -> DOUBLE
  kString,           // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY -> VARCHAR
  kDecimalBytes,     // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY big-endian two's complement -> DECIMAL
  kInt96Timestamp,   // INT96 (legacy Impala / Spark: nanos of day, Julian day) -> TIMESTAMP micros
};

struct ParquetColumn {
  std::string name;
  LogicalType type;               // what the column reads as
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;        // FIXED_LEN_BYTE_ARRAY width
  int16_t max_definition = 0;     // 1 for OPTIONAL columns
  Conversion conversion = Conversion::kInt32;
  size_t leaf_index = 0;          // index into each RowGroup's columns
};

// Returns the columns of 'metadata'. Throws Error(kNotSupported) "not supported: nested parquet
// column <name>" for groups / repeated fields and for types tarn has no equivalent of (naming the
// column and type), Error(kCorrupt) for a malformed schema tree. 'file' names the file in errors.
std::vector<ParquetColumn> MapSchema(const FileMetaData& metadata, const std::string& file);

}  // namespace tarn::format::parquet
