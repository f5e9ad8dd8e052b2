#include "format/parquet/parquet_metadata.h"

#include <fmt/format.h>

#include "format/thrift/compact_protocol.h"

namespace tarn::format::parquet {
namespace {

using thrift::CompactReader;
using thrift::CompactType;
using thrift::CompactWriter;

// Reads the fields of one struct: 'on_field(id, type)' returns false for fields it does not know,
// which are skipped. Returns a bitmask of the field ids (< 64) that were present.
template <class OnField>
uint64_t ReadStruct(CompactReader& reader, OnField&& on_field) {
  uint64_t seen = 0;
  reader.BeginStruct();
  int16_t id;
  CompactType type;
  while (reader.ReadFieldHeader(id, type)) {
    if (!on_field(id, type)) {
      reader.Skip(type);
    } else if (id >= 0 && id < 64) {
      seen |= uint64_t{1} << id;
    }
  }
  reader.EndStruct();
  return seen;
}

void Expect(CompactReader& reader, CompactType actual, CompactType expected, const char* field) {
  bool is_bool = expected == CompactType::kBooleanTrue || expected == CompactType::kBooleanFalse;
  bool actual_bool = actual == CompactType::kBooleanTrue || actual == CompactType::kBooleanFalse;
  if (is_bool ? !actual_bool : actual != expected) {
    reader.Fail(fmt::format("field {} has thrift type {}", field, static_cast<int>(actual)));
  }
}

void Require(CompactReader& reader, uint64_t seen, std::initializer_list<int> ids, const char* what) {
  for (int id : ids) {
    if ((seen & (uint64_t{1} << id)) == 0) {
      reader.Fail(fmt::format("{} lacks required field {}", what, id));
    }
  }
}

int32_t ReadI32Field(CompactReader& reader, CompactType type, const char* field) {
  Expect(reader, type, CompactType::kI32, field);
  return reader.ReadI32();
}
int64_t ReadI64Field(CompactReader& reader, CompactType type, const char* field) {
  // Some writers use i32 where the spec says i64; both are zigzag varints.
  if (type != CompactType::kI32) Expect(reader, type, CompactType::kI64, field);
  return reader.ReadI64();
}
std::string ReadStringField(CompactReader& reader, CompactType type, const char* field) {
  Expect(reader, type, CompactType::kBinary, field);
  return std::string(reader.ReadBinary());
}
bool ReadBoolField(CompactReader& reader, CompactType type, const char* field) {
  Expect(reader, type, CompactType::kBooleanTrue, field);
  return reader.ReadBool();
}

// Calls 'on_element' for each element of a list field whose elements have 'element_type'.
template <class OnElement>
void ReadList(CompactReader& reader, CompactType type, CompactType element_type, const char* field,
              OnElement&& on_element) {
  Expect(reader, type, CompactType::kList, field);
  CompactType actual;
  uint32_t size;
  reader.ReadListHeader(actual, size);
  if (actual != element_type) {
    reader.Fail(fmt::format("list {} has elements of thrift type {}", field, static_cast<int>(actual)));
  }
  for (uint32_t i = 0; i < size; ++i) on_element();
}

TimeUnit ReadTimeUnit(CompactReader& reader) {
  TimeUnit unit = TimeUnit::kMicros;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    if (id < 1 || id > 3) return false;
    Expect(reader, type, CompactType::kStruct, "TimeUnit");
    unit = id == 1 ? TimeUnit::kMillis : id == 2 ? TimeUnit::kMicros : TimeUnit::kNanos;
    reader.Skip(type);
    return true;
  });
  if (seen == 0) reader.Fail("empty TimeUnit");
  return unit;
}

LogicalTypeInfo ReadLogicalType(CompactReader& reader) {
  LogicalTypeInfo info;
  ReadStruct(reader, [&](int16_t id, CompactType type) {
    Expect(reader, type, CompactType::kStruct, "LogicalType member");
    switch (id) {
      case 5:
        info.kind = LogicalKind::kDecimal;
        ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          if (field == 1) info.scale = ReadI32Field(reader, field_type, "DecimalType.scale");
          else if (field == 2) info.precision = ReadI32Field(reader, field_type, "DecimalType.precision");
          else return false;
          return true;
        });
        return true;
      case 7:
      case 8:
        info.kind = id == 7 ? LogicalKind::kTime : LogicalKind::kTimestamp;
        ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          if (field == 1) {
            info.adjusted_to_utc = ReadBoolField(reader, field_type, "isAdjustedToUTC");
          } else if (field == 2) {
            Expect(reader, field_type, CompactType::kStruct, "unit");
            info.unit = ReadTimeUnit(reader);
          } else {
            return false;
          }
          return true;
        });
        return true;
      case 10:
        info.kind = LogicalKind::kInteger;
        ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          if (field == 1) {
            Expect(reader, field_type, CompactType::kByte, "IntType.bitWidth");
            info.bit_width = reader.ReadByte();
          } else if (field == 2) {
            info.is_signed = ReadBoolField(reader, field_type, "IntType.isSigned");
          } else {
            return false;
          }
          return true;
        });
        return true;
      default: break;
    }
    static constexpr LogicalKind kByField[] = {
        LogicalKind::kOther,  LogicalKind::kString, LogicalKind::kMap,     LogicalKind::kList,
        LogicalKind::kEnum,   LogicalKind::kDecimal, LogicalKind::kDate,   LogicalKind::kTime,
        LogicalKind::kTimestamp, LogicalKind::kOther, LogicalKind::kInteger, LogicalKind::kUnknown,
        LogicalKind::kJson,   LogicalKind::kBson,   LogicalKind::kUuid,    LogicalKind::kFloat16};
    info.kind = id >= 1 && id <= 15 ? kByField[id] : LogicalKind::kOther;
    return false;  // an empty struct: skipped
  });
  return info;
}

SchemaElement ReadSchemaElement(CompactReader& reader) {
  SchemaElement element;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: element.type = static_cast<PhysicalType>(ReadI32Field(reader, type, "SchemaElement.type")); break;
      case 2: element.type_length = ReadI32Field(reader, type, "SchemaElement.type_length"); break;
      case 3:
        element.repetition = static_cast<Repetition>(ReadI32Field(reader, type, "repetition_type"));
        break;
      case 4: element.name = ReadStringField(reader, type, "SchemaElement.name"); break;
      case 5: element.num_children = ReadI32Field(reader, type, "num_children"); break;
      case 6:
        element.converted_type = static_cast<ConvertedType>(ReadI32Field(reader, type, "converted_type"));
        break;
      case 7: element.scale = ReadI32Field(reader, type, "SchemaElement.scale"); break;
      case 8: element.precision = ReadI32Field(reader, type, "SchemaElement.precision"); break;
      case 10:
        Expect(reader, type, CompactType::kStruct, "logicalType");
        element.logical = ReadLogicalType(reader);
        break;
      default: return false;
    }
    return true;
  });
  Require(reader, seen, {4}, "SchemaElement");
  return element;
}

Statistics ReadStatistics(CompactReader& reader) {
  Statistics stats;
  ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: stats.max = ReadStringField(reader, type, "Statistics.max"); break;
      case 2: stats.min = ReadStringField(reader, type, "Statistics.min"); break;
      case 3: stats.null_count = ReadI64Field(reader, type, "Statistics.null_count"); break;
      case 5: stats.max_value = ReadStringField(reader, type, "Statistics.max_value"); break;
      case 6: stats.min_value = ReadStringField(reader, type, "Statistics.min_value"); break;
      default: return false;
    }
    return true;
  });
  return stats;
}

ColumnMetaData ReadColumnMetaData(CompactReader& reader) {
  ColumnMetaData meta;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: meta.type = static_cast<PhysicalType>(ReadI32Field(reader, type, "ColumnMetaData.type")); break;
      case 2:
        ReadList(reader, type, CompactType::kI32, "encodings", [&] {
          meta.encodings.push_back(static_cast<Encoding>(reader.ReadI32()));
        });
        break;
      case 3:
        ReadList(reader, type, CompactType::kBinary, "path_in_schema", [&] {
          meta.path_in_schema.emplace_back(reader.ReadBinary());
        });
        break;
      case 4: meta.codec = static_cast<Codec>(ReadI32Field(reader, type, "codec")); break;
      case 5: meta.num_values = ReadI64Field(reader, type, "num_values"); break;
      case 6: meta.total_uncompressed_size = ReadI64Field(reader, type, "total_uncompressed_size"); break;
      case 7: meta.total_compressed_size = ReadI64Field(reader, type, "total_compressed_size"); break;
      case 9: meta.data_page_offset = ReadI64Field(reader, type, "data_page_offset"); break;
      case 11: meta.dictionary_page_offset = ReadI64Field(reader, type, "dictionary_page_offset"); break;
      case 12:
        Expect(reader, type, CompactType::kStruct, "statistics");
        meta.statistics = ReadStatistics(reader);
        break;
      default: return false;
    }
    return true;
  });
  Require(reader, seen, {1, 2, 3, 4, 5, 6, 7, 9}, "ColumnMetaData");
  return meta;
}

ColumnChunk ReadColumnChunk(CompactReader& reader) {
  ColumnChunk chunk;
  ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: chunk.file_path = ReadStringField(reader, type, "ColumnChunk.file_path"); break;
      case 2: chunk.file_offset = ReadI64Field(reader, type, "ColumnChunk.file_offset"); break;
      case 3:
        Expect(reader, type, CompactType::kStruct, "meta_data");
        chunk.meta_data = ReadColumnMetaData(reader);
        break;
      default: return false;
    }
    return true;
  });
  return chunk;
}

RowGroup ReadRowGroup(CompactReader& reader) {
  RowGroup group;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1:
        ReadList(reader, type, CompactType::kStruct, "RowGroup.columns",
                 [&] { group.columns.push_back(ReadColumnChunk(reader)); });
        break;
      case 2: group.total_byte_size = ReadI64Field(reader, type, "total_byte_size"); break;
      case 3: group.num_rows = ReadI64Field(reader, type, "RowGroup.num_rows"); break;
      case 5: group.file_offset = ReadI64Field(reader, type, "RowGroup.file_offset"); break;
      case 6: group.total_compressed_size = ReadI64Field(reader, type, "total_compressed_size"); break;
      default: return false;
    }
    return true;
  });
  Require(reader, seen, {1, 3}, "RowGroup");
  return group;
}

}  // namespace

FileMetaData DecodeFileMetaData(const uint8_t* data, size_t size, const std::string& file,
                                uint64_t base_offset) {
  CompactReader reader(data, size, file, base_offset);
  FileMetaData metadata;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: metadata.version = ReadI32Field(reader, type, "FileMetaData.version"); break;
      case 2:
        ReadList(reader, type, CompactType::kStruct, "schema",
                 [&] { metadata.schema.push_back(ReadSchemaElement(reader)); });
        break;
      case 3: metadata.num_rows = ReadI64Field(reader, type, "FileMetaData.num_rows"); break;
      case 4:
        ReadList(reader, type, CompactType::kStruct, "row_groups",
                 [&] { metadata.row_groups.push_back(ReadRowGroup(reader)); });
        break;
      case 5:
        ReadList(reader, type, CompactType::kStruct, "key_value_metadata", [&] {
          KeyValue entry;
          ReadStruct(reader, [&](int16_t field, CompactType field_type) {
            if (field == 1) entry.key = ReadStringField(reader, field_type, "KeyValue.key");
            else if (field == 2) entry.value = ReadStringField(reader, field_type, "KeyValue.value");
            else return false;
            return true;
          });
          metadata.key_value_metadata.push_back(std::move(entry));
        });
        break;
      case 6: metadata.created_by = ReadStringField(reader, type, "created_by"); break;
      case 8: metadata.encrypted = true; return false;
      default: return false;
    }
    return true;
  });
  Require(reader, seen, {2, 3, 4}, "FileMetaData");
  return metadata;
}

PageHeader DecodePageHeader(const uint8_t* data, size_t size, const std::string& file,
                            uint64_t base_offset, size_t& header_size) {
  CompactReader reader(data, size, file, base_offset);
  PageHeader header;
  uint64_t seen = ReadStruct(reader, [&](int16_t id, CompactType type) {
    switch (id) {
      case 1: header.type = static_cast<PageType>(ReadI32Field(reader, type, "PageHeader.type")); break;
      case 2: header.uncompressed_page_size = ReadI32Field(reader, type, "uncompressed_page_size"); break;
      case 3: header.compressed_page_size = ReadI32Field(reader, type, "compressed_page_size"); break;
      case 5: {
        Expect(reader, type, CompactType::kStruct, "data_page_header");
        DataPageHeader page;
        uint64_t fields = ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          switch (field) {
            case 1: page.num_values = ReadI32Field(reader, field_type, "DataPageHeader.num_values"); break;
            case 2: page.encoding = static_cast<Encoding>(ReadI32Field(reader, field_type, "encoding")); break;
            case 3:
              page.definition_level_encoding =
                  static_cast<Encoding>(ReadI32Field(reader, field_type, "definition_level_encoding"));
              break;
            case 4:
              page.repetition_level_encoding =
                  static_cast<Encoding>(ReadI32Field(reader, field_type, "repetition_level_encoding"));
              break;
            default: return false;
          }
          return true;
        });
        Require(reader, fields, {1, 2}, "DataPageHeader");
        header.data_page = page;
        break;
      }
      case 7: {
        Expect(reader, type, CompactType::kStruct, "dictionary_page_header");
        DictionaryPageHeader page;
        uint64_t fields = ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          switch (field) {
            case 1: page.num_values = ReadI32Field(reader, field_type, "DictionaryPageHeader.num_values"); break;
            case 2: page.encoding = static_cast<Encoding>(ReadI32Field(reader, field_type, "encoding")); break;
            default: return false;
          }
          return true;
        });
        Require(reader, fields, {1}, "DictionaryPageHeader");
        header.dictionary_page = page;
        break;
      }
      case 8: {
        Expect(reader, type, CompactType::kStruct, "data_page_header_v2");
        DataPageHeaderV2 page;
        uint64_t fields = ReadStruct(reader, [&](int16_t field, CompactType field_type) {
          switch (field) {
            case 1: page.num_values = ReadI32Field(reader, field_type, "DataPageHeaderV2.num_values"); break;
            case 2: page.num_nulls = ReadI32Field(reader, field_type, "num_nulls"); break;
            case 3: page.num_rows = ReadI32Field(reader, field_type, "num_rows"); break;
            case 4: page.encoding = static_cast<Encoding>(ReadI32Field(reader, field_type, "encoding")); break;
            case 5:
              page.definition_levels_byte_length =
                  ReadI32Field(reader, field_type, "definition_levels_byte_length");
              break;
            case 6:
              page.repetition_levels_byte_length =
                  ReadI32Field(reader, field_type, "repetition_levels_byte_length");
              break;
            case 7: page.is_compressed = ReadBoolField(reader, field_type, "is_compressed"); break;
            default: return false;
          }
          return true;
        });
        Require(reader, fields, {1, 2, 3, 4, 5, 6}, "DataPageHeaderV2");
        header.data_page_v2 = page;
        break;
      }
      default: return false;
    }
    return true;
  });
  Require(reader, seen, {1, 2, 3}, "PageHeader");
  header_size = reader.position();
  return header;
}

namespace {

void WriteStatistics(CompactWriter& writer, const Statistics& stats) {
  if (stats.max) writer.FieldBinary(1, *stats.max);
  if (stats.min) writer.FieldBinary(2, *stats.min);
  if (stats.null_count) writer.FieldI64(3, *stats.null_count);
  if (stats.max_value) writer.FieldBinary(5, *stats.max_value);
  if (stats.min_value) writer.FieldBinary(6, *stats.min_value);
}

void WriteSchemaElement(CompactWriter& writer, const SchemaElement& element) {
  writer.BeginStruct();
  if (element.type) writer.FieldI32(1, static_cast<int32_t>(*element.type));
  if (element.type_length != 0) writer.FieldI32(2, element.type_length);
  if (element.repetition) writer.FieldI32(3, static_cast<int32_t>(*element.repetition));
  writer.FieldBinary(4, element.name);
  if (element.num_children != 0) writer.FieldI32(5, element.num_children);
  if (element.converted_type != ConvertedType::kNone) {
    writer.FieldI32(6, static_cast<int32_t>(element.converted_type));
  }
  if (element.converted_type == ConvertedType::kDecimal) {
    writer.FieldI32(7, element.scale);
    writer.FieldI32(8, element.precision);
  }
  const LogicalTypeInfo& logical = element.logical;
  if (logical.kind != LogicalKind::kNone) {
    writer.FieldStruct(10);
    switch (logical.kind) {
      case LogicalKind::kString: writer.FieldStruct(1); writer.EndStruct(); break;
      case LogicalKind::kDate: writer.FieldStruct(6); writer.EndStruct(); break;
      case LogicalKind::kDecimal:
        writer.FieldStruct(5);
        writer.FieldI32(1, logical.scale);
        writer.FieldI32(2, logical.precision);
        writer.EndStruct();
        break;
      case LogicalKind::kTimestamp:
        writer.FieldStruct(8);
        writer.FieldBool(1, logical.adjusted_to_utc);
        writer.FieldStruct(2);
        writer.FieldStruct(logical.unit == TimeUnit::kMillis ? 1 : logical.unit == TimeUnit::kMicros ? 2 : 3);
        writer.EndStruct();
        writer.EndStruct();
        writer.EndStruct();
        break;
      default: break;
    }
    writer.EndStruct();
  }
  writer.EndStruct();
}

void WriteColumnMetaData(CompactWriter& writer, const ColumnMetaData& meta) {
  writer.FieldI32(1, static_cast<int32_t>(meta.type));
  writer.FieldList(2, CompactType::kI32, static_cast<uint32_t>(meta.encodings.size()));
  for (Encoding encoding : meta.encodings) writer.ElementI32(static_cast<int32_t>(encoding));
  writer.FieldList(3, CompactType::kBinary, static_cast<uint32_t>(meta.path_in_schema.size()));
  for (const auto& part : meta.path_in_schema) writer.ElementBinary(part);
  writer.FieldI32(4, static_cast<int32_t>(meta.codec));
  writer.FieldI64(5, meta.num_values);
  writer.FieldI64(6, meta.total_uncompressed_size);
  writer.FieldI64(7, meta.total_compressed_size);
  writer.FieldI64(9, meta.data_page_offset);
  if (meta.dictionary_page_offset) writer.FieldI64(11, *meta.dictionary_page_offset);
  if (meta.statistics) {
    writer.FieldStruct(12);
    WriteStatistics(writer, *meta.statistics);
    writer.EndStruct();
  }
}

}  // namespace

void EncodeFileMetaData(const FileMetaData& metadata, std::string& out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.FieldI32(1, metadata.version);
  writer.FieldList(2, CompactType::kStruct, static_cast<uint32_t>(metadata.schema.size()));
  for (const auto& element : metadata.schema) WriteSchemaElement(writer, element);
  writer.FieldI64(3, metadata.num_rows);
  writer.FieldList(4, CompactType::kStruct, static_cast<uint32_t>(metadata.row_groups.size()));
  for (const auto& group : metadata.row_groups) {
    writer.BeginStruct();
    writer.FieldList(1, CompactType::kStruct, static_cast<uint32_t>(group.columns.size()));
    for (const auto& column : group.columns) {
      writer.BeginStruct();
      if (column.file_path) writer.FieldBinary(1, *column.file_path);
      writer.FieldI64(2, column.file_offset);
      if (column.meta_data) {
        writer.FieldStruct(3);
        WriteColumnMetaData(writer, *column.meta_data);
        writer.EndStruct();
      }
      writer.EndStruct();
    }
    writer.FieldI64(2, group.total_byte_size);
    writer.FieldI64(3, group.num_rows);
    if (group.file_offset) writer.FieldI64(5, *group.file_offset);
    if (group.total_compressed_size) writer.FieldI64(6, *group.total_compressed_size);
    writer.EndStruct();
  }
  if (!metadata.key_value_metadata.empty()) {
    writer.FieldList(5, CompactType::kStruct, static_cast<uint32_t>(metadata.key_value_metadata.size()));
    for (const auto& entry : metadata.key_value_metadata) {
      writer.BeginStruct();
      writer.FieldBinary(1, entry.key);
      if (entry.value) writer.FieldBinary(2, *entry.value);
      writer.EndStruct();
    }
  }
  if (metadata.created_by) writer.FieldBinary(6, *metadata.created_by);
  if (metadata.column_orders > 0) {
    writer.FieldList(7, CompactType::kStruct, metadata.column_orders);
    for (uint32_t i = 0; i < metadata.column_orders; ++i) {
      writer.BeginStruct();
      writer.FieldStruct(1);  // TYPE_ORDER
      writer.EndStruct();
      writer.EndStruct();
    }
  }
  writer.EndStruct();
}

void EncodePageHeader(const PageHeader& header, std::string& out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.FieldI32(1, static_cast<int32_t>(header.type));
  writer.FieldI32(2, header.uncompressed_page_size);
  writer.FieldI32(3, header.compressed_page_size);
  if (header.data_page) {
    writer.FieldStruct(5);
    writer.FieldI32(1, header.data_page->num_values);
    writer.FieldI32(2, static_cast<int32_t>(header.data_page->encoding));
    writer.FieldI32(3, static_cast<int32_t>(header.data_page->definition_level_encoding));
    writer.FieldI32(4, static_cast<int32_t>(header.data_page->repetition_level_encoding));
    writer.EndStruct();
  }
  if (header.dictionary_page) {
    writer.FieldStruct(7);
    writer.FieldI32(1, header.dictionary_page->num_values);
    writer.FieldI32(2, static_cast<int32_t>(header.dictionary_page->encoding));
    writer.EndStruct();
  }
  if (header.data_page_v2) {
    const auto& page = *header.data_page_v2;
    writer.FieldStruct(8);
    writer.FieldI32(1, page.num_values);
    writer.FieldI32(2, page.num_nulls);
    writer.FieldI32(3, page.num_rows);
    writer.FieldI32(4, static_cast<int32_t>(page.encoding));
    writer.FieldI32(5, page.definition_levels_byte_length);
    writer.FieldI32(6, page.repetition_levels_byte_length);
    if (!page.is_compressed) writer.FieldBool(7, false);
    writer.EndStruct();
  }
  writer.EndStruct();
}

}  // namespace tarn::format::parquet
