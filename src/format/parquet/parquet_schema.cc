#include "format/parquet/parquet_schema.h"

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

[[noreturn]] void Unsupported(const std::string& column, std::string_view what, const std::string& file) {
  throw Error(ErrorCode::kNotSupported,
              fmt::format("not supported: parquet column {} of type {} in {}", column, what, file));
}

const char* PhysicalName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return "BOOLEAN";
    case PhysicalType::kInt32: return "INT32";
    case PhysicalType::kInt64: return "INT64";
    case PhysicalType::kInt96: return "INT96";
    case PhysicalType::kFloat: return "FLOAT";
    case PhysicalType::kDouble: return "DOUBLE";
    case PhysicalType::kByteArray: return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

// Fills type and conversion of 'column' from its schema element.
void MapLeaf(const SchemaElement& element, ParquetColumn& column, const std::string& file) {
  const LogicalTypeInfo& logical = element.logical;
  ConvertedType converted = element.converted_type;
  PhysicalType physical = column.physical;

  // DECIMAL, from the logical type or the legacy converted type.
  bool is_decimal = logical.kind == LogicalKind::kDecimal || converted == ConvertedType::kDecimal;
  if (is_decimal) {
    int32_t precision = logical.kind == LogicalKind::kDecimal ? logical.precision : element.precision;
    int32_t scale = logical.kind == LogicalKind::kDecimal ? logical.scale : element.scale;
    if (precision < 1 || scale < 0 || scale > precision) {
      throw Error(ErrorCode::kCorrupt, fmt::format("parquet: bad DECIMAL({},{}) of column {} in {}",
                                                   precision, scale, column.name, file));
    }
    if (precision > kMaxDecimalWidth) {
      Unsupported(column.name, fmt::format("DECIMAL({},{}) (precision above 18)", precision, scale), file);
    }
    column.type = LogicalType::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
    switch (physical) {
      case PhysicalType::kInt32: column.conversion = Conversion::kInt32ToInt64; return;
      case PhysicalType::kInt64: column.conversion = Conversion::kInt64; return;
      case PhysicalType::kByteArray:
      case PhysicalType::kFixedLenByteArray: column.conversion = Conversion::kDecimalBytes; return;
      default: Unsupported(column.name, fmt::format("DECIMAL stored as {}", PhysicalName(physical)), file);
    }
  }
  switch (physical) {
    case PhysicalType::kBoolean:
      column.type = TypeId::kBoolean;
      column.conversion = Conversion::kBoolean;
      return;
    case PhysicalType::kInt32: {
      if (logical.kind == LogicalKind::kDate || converted == ConvertedType::kDate) {
        column.type = TypeId::kDate;
        column.conversion = Conversion::kInt32;
        return;
      }
      bool is_unsigned = (logical.kind == LogicalKind::kInteger && !logical.is_signed) ||
                         converted == ConvertedType::kUint8 || converted == ConvertedType::kUint16 ||
                         converted == ConvertedType::kUint32;
      int bits = logical.kind == LogicalKind::kInteger ? logical.bit_width
                 : converted == ConvertedType::kUint8   ? 8
                 : converted == ConvertedType::kUint16  ? 16
                                                        : 32;
      if (logical.kind == LogicalKind::kTime || converted == ConvertedType::kTimeMillis) {
        Unsupported(column.name, "TIME", file);
      }
      if (is_unsigned && bits == 32) {
        column.type = TypeId::kBigint;
        column.conversion = Conversion::kUint32ToInt64;
      } else {
        column.type = TypeId::kInteger;
        column.conversion = Conversion::kInt32;
      }
      return;
    }
    case PhysicalType::kInt64: {
      if (logical.kind == LogicalKind::kTime || converted == ConvertedType::kTimeMicros) {
        Unsupported(column.name, "TIME", file);
      }
      TimeUnit unit = TimeUnit::kMicros;
      bool is_timestamp = true;
      if (logical.kind == LogicalKind::kTimestamp) unit = logical.unit;
      else if (converted == ConvertedType::kTimestampMillis) unit = TimeUnit::kMillis;
      else if (converted != ConvertedType::kTimestampMicros) is_timestamp = false;
      if (is_timestamp) {
        column.type = TypeId::kTimestamp;
        column.conversion = unit == TimeUnit::kMillis  ? Conversion::kTimestampMillis
                            : unit == TimeUnit::kNanos ? Conversion::kTimestampNanos
                                                       : Conversion::kInt64;
        return;
      }
      bool is_unsigned = (logical.kind == LogicalKind::kInteger && !logical.is_signed) ||
                         converted == ConvertedType::kUint64;
      column.type = TypeId::kBigint;
      column.conversion = is_unsigned ? Conversion::kUint64 : Conversion::kInt64;
      return;
    }
    case PhysicalType::kFloat:
      if (logical.kind == LogicalKind::kFloat16) Unsupported(column.name, "FLOAT16", file);
      column.type = TypeId::kDouble;
      column.conversion = Conversion::kFloat;
      return;
    case PhysicalType::kDouble:
      column.type = TypeId::kDouble;
      column.conversion = Conversion::kDouble;
      return;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (logical.kind == LogicalKind::kUuid || logical.kind == LogicalKind::kFloat16 ||
          converted == ConvertedType::kInterval) {
        Unsupported(column.name, logical.kind == LogicalKind::kUuid ? "UUID"
                                 : converted == ConvertedType::kInterval ? "INTERVAL" : "FLOAT16", file);
      }
      column.type = TypeId::kVarchar;
      column.conversion = Conversion::kString;
      return;
    case PhysicalType::kInt96:
      column.type = TypeId::kTimestamp;
      column.conversion = Conversion::kInt96Timestamp;
      return;
  }
  throw Error(ErrorCode::kCorrupt, fmt::format("parquet: unknown physical type {} of column {} in {}",
                                               static_cast<int>(physical), column.name, file));
}

}  // namespace

std::vector<ParquetColumn> MapSchema(const FileMetaData& metadata, const std::string& file) {
  const auto& schema = metadata.schema;
  if (schema.empty()) throw Error(ErrorCode::kCorrupt, fmt::format("parquet: empty schema in {}", file));
  const SchemaElement& root = schema[0];
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) != schema.size() - 1) {
    // Either nested groups (children of children) or a malformed tree.
    for (size_t i = 1; i < schema.size(); ++i) {
      if (schema[i].num_children > 0 || !schema[i].type) {
        throw Error(ErrorCode::kNotSupported,
                    fmt::format("not supported: nested parquet column {} in {}", schema[i].name, file));
      }
    }
    throw Error(ErrorCode::kCorrupt, fmt::format("parquet: schema root has {} children but {} elements follow in {}",
                                                 root.num_children, schema.size() - 1, file));
  }
  std::vector<ParquetColumn> columns;
  for (size_t i = 1; i < schema.size(); ++i) {
    const SchemaElement& element = schema[i];
    if (element.num_children > 0 || !element.type ||
        element.repetition.value_or(Repetition::kOptional) == Repetition::kRepeated) {
      throw Error(ErrorCode::kNotSupported,
                  fmt::format("not supported: nested parquet column {} in {}", element.name, file));
    }
    ParquetColumn column;
    column.name = element.name;
    column.physical = *element.type;
    column.type_length = element.type_length;
    column.max_definition = element.repetition.value_or(Repetition::kOptional) == Repetition::kOptional ? 1 : 0;
    column.leaf_index = i - 1;
    if (column.physical == PhysicalType::kFixedLenByteArray && (column.type_length <= 0 || column.type_length > (1 << 20))) {
      throw Error(ErrorCode::kCorrupt, fmt::format("parquet: bad fixed length {} of column {} in {}",
                                                   column.type_length, column.name, file));
    }
    MapLeaf(element, column, file);
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace tarn::format::parquet
