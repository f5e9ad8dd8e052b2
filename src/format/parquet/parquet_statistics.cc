#include "format/parquet/parquet_statistics.h"

#include <cstring>

namespace tarn::format::parquet {
namespace {

// A value of 'type' whose physical form is the integer 'v'.
exec::Value IntegerValue(const LogicalType& type, int64_t v) {
  switch (type.id()) {
    case TypeId::kBoolean: return exec::Value::Boolean(v != 0);
    case TypeId::kInteger: return exec::Value::Integer(static_cast<int32_t>(v));
    case TypeId::kDecimal: return exec::Value::Decimal(v, type.width(), type.scale());
    case TypeId::kDate: return exec::Value::Date(static_cast<int32_t>(v));
    case TypeId::kTimestamp: return exec::Value::Timestamp(v);
    default: return exec::Value::Bigint(v);
  }
}

template <class T>
bool Load(const std::string& bytes, T& out) {
  if (bytes.size() != sizeof(T)) return false;
  std::memcpy(&out, bytes.data(), sizeof(T));
  return true;
}

int64_t FloorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if (value % divisor != 0 && value < 0) --quotient;
  return quotient;
}

// Decodes one bound; nullopt when the conversion has no order-preserving decoding.
std::optional<exec::Value> Decode(const ParquetColumn& column, const std::string& bytes) {
  switch (column.conversion) {
    case Conversion::kBoolean: {
      if (bytes.size() != 1) return std::nullopt;
      return exec::Value::Boolean(bytes[0] != 0);
    }
    case Conversion::kInt32:
    case Conversion::kInt32ToInt64: {
      int32_t v;
      if (!Load(bytes, v)) return std::nullopt;
      return IntegerValue(column.type, v);
    }
    case Conversion::kInt64: {
      int64_t v;
      if (!Load(bytes, v)) return std::nullopt;
      return IntegerValue(column.type, v);
    }
    case Conversion::kTimestampMillis: {
      int64_t v;
      if (!Load(bytes, v) || v > INT64_MAX / 1000 || v < INT64_MIN / 1000) return std::nullopt;
      return exec::Value::Timestamp(v * 1000);
    }
    case Conversion::kTimestampNanos: {
      int64_t v;
      if (!Load(bytes, v)) return std::nullopt;
      return exec::Value::Timestamp(FloorDivide(v, 1000));
    }
    case Conversion::kFloat: {
      float v;
      if (!Load(bytes, v)) return std::nullopt;
      return exec::Value::Double(v);
    }
    case Conversion::kDouble: {
      double v;
      if (!Load(bytes, v)) return std::nullopt;
      return exec::Value::Double(v);
    }
    case Conversion::kString:
      return exec::Value::Varchar(bytes);
    default:  // unsigned integers, big-endian decimals, INT96: orders differ or are undefined
      return std::nullopt;
  }
}

}  // namespace

ValueStatistics ColumnChunkStatistics(const ParquetColumn& column, const RowGroup& group) {
  ValueStatistics out;
  out.row_count = group.num_rows;
  if (column.leaf_index >= group.columns.size()) return out;
  const ColumnChunk& chunk = group.columns[column.leaf_index];
  if (!chunk.meta_data || !chunk.meta_data->statistics) return out;
  const Statistics& stats = *chunk.meta_data->statistics;
  if (stats.null_count && *stats.null_count >= 0) out.null_count = stats.null_count;
  if (column.max_definition == 0) out.null_count = 0;  // REQUIRED column
  const std::string* min = stats.min_value ? &*stats.min_value : nullptr;
  const std::string* max = stats.max_value ? &*stats.max_value : nullptr;
  // The deprecated fields use signed comparison: right for numbers, wrong for byte arrays.
  if ((min == nullptr || max == nullptr) && column.physical != PhysicalType::kByteArray &&
      column.physical != PhysicalType::kFixedLenByteArray && stats.min && stats.max) {
    min = &*stats.min;
    max = &*stats.max;
  }
  if (min == nullptr || max == nullptr) return out;
  out.min = Decode(column, *min);
  out.max = Decode(column, *max);
  if (!out.min || !out.max) {
    out.min.reset();
    out.max.reset();
  }
  return out;
}

}  // namespace tarn::format::parquet
