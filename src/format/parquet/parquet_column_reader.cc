#include "format/parquet/parquet_column_reader.h"

#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "common/string_ref.h"
#include "format/parquet/parquet_codec.h"

namespace tarn::format::parquet {
namespace {

constexpr size_t kMaxPageBytes = size_t{1} << 30;   // larger pages are treated as corrupt
constexpr size_t kMaxPageValues = size_t{1} << 26;

size_t PhysicalWidth(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    default: return sizeof(StringRef);
  }
}

uint32_t LoadLittle32(const uint8_t* data) {
  uint32_t value;
  std::memcpy(&value, data, 4);
  return value;
}

// Copies values[index[i]] of 'width' bytes to out[i].
template <size_t kWidth>
void Gather(const uint8_t* values, const uint32_t* index, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; ++i) std::memcpy(out + i * kWidth, values + size_t{index[i]} * kWidth, kWidth);
}

// Copies 'take' rows into out[offset..) from values (non-NULL values, in order) following levels.
template <size_t kWidth>
size_t Scatter(const uint8_t* values, const uint32_t* levels, uint32_t max_level, size_t take,
               uint8_t* out, exec::ValidityMask& validity, size_t offset) {
  size_t used = 0;
  for (size_t i = 0; i < take; ++i) {
    if (levels[i] == max_level) {
      std::memcpy(out + (offset + i) * kWidth, values + used * kWidth, kWidth);
      ++used;
    } else {
      validity.SetInvalid(offset + i);
    }
  }
  return used;
}

// True when RLE / bit-packed data of width 1 starts with one RLE run of at least 'count' ones
// (a page without NULLs): its levels need not be decoded.
bool SingleRunOfOnes(const uint8_t* data, size_t size, size_t count) {
  uint64_t header = 0;
  size_t position = 0;
  for (int shift = 0; position < size && shift < 64; shift += 7) {
    uint8_t byte = data[position++];
    header |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return (header & 1) == 0 && (header >> 1) >= count && position < size && data[position] == 1;
  }
  return false;
}

// Conversions that keep the stored bytes as they are.
bool IsIdentity(Conversion conversion) {
  return conversion == Conversion::kBoolean || conversion == Conversion::kInt32 || conversion == Conversion::kInt64 ||
         conversion == Conversion::kDouble || conversion == Conversion::kString;
}

}  // namespace

void ColumnChunkReader::Start(const ParquetColumn& column, const ColumnMetaData& meta,
                              std::shared_ptr<Buffer> bytes, uint64_t chunk_offset,
                              const std::string& file, int64_t num_rows) {
  column_ = &column;
  meta_ = &meta;
  file_ = file;
  chunk_ = std::move(bytes);
  chunk_offset_ = chunk_offset;
  position_ = 0;
  rows_left_ = num_rows;
  location_ = PageLocation{file_, column.name, chunk_offset};
  value_width_ = column.type.PhysicalSize();
  has_dictionary_ = false;
  dictionary_size_ = 0;
  page_rows_ = page_row_ = page_non_null_ = value_index_ = 0;
}

const uint8_t* ColumnChunkReader::PageBody(const uint8_t* source, size_t source_size, size_t size,
                                           bool compressed, std::shared_ptr<Buffer>& holder) {
  page_owner_.reset();
  if (!compressed || meta_->codec == Codec::kUncompressed) {
    if (source_size != size) ThrowCorruptPage(location_, "page sizes differ for an uncompressed page");
    page_owner_ = chunk_;
    return source;
  }
  // Reuse the buffer unless a vector still points into it.
  if (holder == nullptr || holder.use_count() > 1) holder = std::make_shared<Buffer>();
  holder->Resize(size + 8);
  Decompress(meta_->codec, source, source_size, holder->data(), size, location_);
  page_owner_ = holder;
  return holder->data();
}

void ColumnChunkReader::LoadPage() {
  while (true) {
    if (position_ >= chunk_->size()) {
      throw Error(ErrorCode::kCorrupt,
                  fmt::format("parquet: column {} of {} ends before its row group (at offset {})",
                              column_->name, file_, chunk_offset_ + position_));
    }
    location_.offset = chunk_offset_ + position_;
    size_t header_size = 0;
    PageHeader header = DecodePageHeader(chunk_->data() + position_, chunk_->size() - position_,
                                         std::string(file_), location_.offset, header_size);
    position_ += header_size;
    if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0 ||
        static_cast<size_t>(header.compressed_page_size) > chunk_->size() - position_ ||
        static_cast<size_t>(header.uncompressed_page_size) > kMaxPageBytes) {
      ThrowCorruptPage(location_, fmt::format("page sizes {} / {} do not fit the column chunk",
                                              header.compressed_page_size, header.uncompressed_page_size));
    }
    const uint8_t* source = chunk_->data() + position_;
    size_t source_size = static_cast<size_t>(header.compressed_page_size);
    size_t size = static_cast<size_t>(header.uncompressed_page_size);
    position_ += source_size;

    if (header.type == PageType::kDictionaryPage) {
      if (!header.dictionary_page) ThrowCorruptPage(location_, "dictionary page without its header");
      if (has_dictionary_) ThrowCorruptPage(location_, "second dictionary page");
      const uint8_t* body = PageBody(source, source_size, size, true, dictionary_bytes_);
      ReadDictionary(header, body);
      // Keep what dictionary strings point into, even when that is the chunk itself.
      if (page_owner_ == chunk_) dictionary_bytes_ = chunk_;
      continue;
    }
    if (header.type != PageType::kDataPage && header.type != PageType::kDataPageV2) continue;

    size_t num_values;
    Encoding encoding;
    const uint8_t* values_data;
    size_t values_size;
    const uint8_t* levels_data = nullptr;
    size_t levels_size = 0;
    if (header.type == PageType::kDataPage) {
      if (!header.data_page) ThrowCorruptPage(location_, "data page without its header");
      const DataPageHeader& page = *header.data_page;
      if (page.num_values < 0) ThrowCorruptPage(location_, "negative value count");
      num_values = static_cast<size_t>(page.num_values);
      encoding = page.encoding;
      const uint8_t* body = PageBody(source, source_size, size, true, page_bytes_);
      values_data = body;
      values_size = size;
      if (column_->max_definition > 0) {
        if (page.definition_level_encoding != Encoding::kRle) {
          throw Error(ErrorCode::kNotSupported,
                      fmt::format("not supported: parquet definition level encoding {} in column {} of {}",
                                  static_cast<int>(page.definition_level_encoding), column_->name, file_));
        }
        if (values_size < 4) ThrowCorruptPage(location_, "truncated definition levels");
        levels_size = LoadLittle32(values_data);
        if (levels_size > values_size - 4) ThrowCorruptPage(location_, "definition levels past the page end");
        levels_data = values_data + 4;
        values_data += 4 + levels_size;
        values_size -= 4 + levels_size;
      }
    } else {
      if (!header.data_page_v2) ThrowCorruptPage(location_, "data page v2 without its header");
      const DataPageHeaderV2& page = *header.data_page_v2;
      if (page.num_values < 0 || page.repetition_levels_byte_length < 0 ||
          page.definition_levels_byte_length < 0) {
        ThrowCorruptPage(location_, "negative count in data page v2 header");
      }
      size_t level_bytes = static_cast<size_t>(page.repetition_levels_byte_length) +
                           static_cast<size_t>(page.definition_levels_byte_length);
      if (level_bytes > source_size || level_bytes > size) ThrowCorruptPage(location_, "levels past the page end");
      num_values = static_cast<size_t>(page.num_values);
      encoding = page.encoding;
      levels_data = source + page.repetition_levels_byte_length;
      levels_size = static_cast<size_t>(page.definition_levels_byte_length);
      values_data = PageBody(source + level_bytes, source_size - level_bytes, size - level_bytes,
                             page.is_compressed, page_bytes_);
      values_size = size - level_bytes;
      if (column_->max_definition == 0) levels_data = nullptr;
    }
    if (num_values > static_cast<uint64_t>(rows_left_) || num_values > kMaxPageValues) {
      ThrowCorruptPage(location_, fmt::format("page of {} values where {} rows are left", num_values, rows_left_));
    }
    if (num_values == 0) continue;
    rows_left_ -= static_cast<int64_t>(num_values);

    page_non_null_ = num_values;
    if (column_->max_definition > 0 && levels_data != nullptr && !SingleRunOfOnes(levels_data, levels_size, num_values)) {
      levels_.resize(num_values);
      RleBitPackedDecoder levels(levels_data, levels_size, 1, location_);
      levels.Decode(levels_.data(), num_values);
      uint32_t defined = 0;
      for (size_t i = 0; i < num_values; ++i) defined += levels_[i];
      page_non_null_ = defined;
    }
    page_rows_ = num_values;
    page_row_ = 0;
    value_index_ = 0;
    DecodeValues(encoding, values_data, values_size, page_non_null_);
    return;
  }
}

void ColumnChunkReader::ReadDictionary(const PageHeader& header, const uint8_t* body) {
  const DictionaryPageHeader& page = *header.dictionary_page;
  if (page.encoding != Encoding::kPlain && page.encoding != Encoding::kPlainDictionary) {
    ThrowCorruptPage(location_, "dictionary page not PLAIN encoded");
  }
  if (page.num_values < 0 || static_cast<size_t>(page.num_values) > kMaxPageValues) {
    ThrowCorruptPage(location_, "bad dictionary size");
  }
  size_t count = static_cast<size_t>(page.num_values);
  DecodePlain(body, static_cast<size_t>(header.uncompressed_page_size), count);
  Convert(count, dictionary_);
  dictionary_size_ = count;
  has_dictionary_ = true;
}

void ColumnChunkReader::DecodePlain(const uint8_t* data, size_t size, size_t count) {
  PhysicalType physical = column_->physical;
  size_t width = PhysicalWidth(physical);
  physical_.Resize(count * width + 8);
  uint8_t* out = physical_.data();
  switch (physical) {
    case PhysicalType::kBoolean:
      if (size * 8 < count) ThrowCorruptPage(location_, "boolean values past the page end");
      for (size_t i = 0; i < count; ++i) out[i] = (data[i >> 3] >> (i & 7)) & 1;
      return;
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      if (size / width < count) ThrowCorruptPage(location_, "values past the page end");
      if (count > 0) std::memcpy(out, data, count * width);
      return;
    case PhysicalType::kByteArray: {
      auto* strings = reinterpret_cast<StringRef*>(out);
      size_t position = 0;
      for (size_t i = 0; i < count; ++i) {
        if (size - position < 4) ThrowCorruptPage(location_, "string length past the page end");
        uint32_t length = LoadLittle32(data + position);
        position += 4;
        if (length > size - position) ThrowCorruptPage(location_, "string past the page end");
        strings[i] = StringRef(reinterpret_cast<const char*>(data + position), length);
        position += length;
      }
      return;
    }
    case PhysicalType::kInt96:
    case PhysicalType::kFixedLenByteArray: {
      auto* strings = reinterpret_cast<StringRef*>(out);
      size_t length = physical == PhysicalType::kInt96 ? 12 : static_cast<size_t>(column_->type_length);
      if (size / length < count) ThrowCorruptPage(location_, "values past the page end");
      for (size_t i = 0; i < count; ++i) {
        strings[i] = StringRef(reinterpret_cast<const char*>(data + i * length), static_cast<uint32_t>(length));
      }
      return;
    }
  }
  ThrowCorruptPage(location_, "unknown physical type");
}

void ColumnChunkReader::DecodeValues(Encoding encoding, const uint8_t* data, size_t size, size_t count) {
  PhysicalType physical = column_->physical;
  page_uses_dictionary_ = false;
  switch (encoding) {
    case Encoding::kPlain:
      if (IsIdentity(column_->conversion) && physical != PhysicalType::kBoolean &&
          physical != PhysicalType::kByteArray && physical != PhysicalType::kFixedLenByteArray &&
          physical != PhysicalType::kInt96) {
        // Fixed-width values that need no conversion are read straight from the page.
        if (size / value_width_ < count) ThrowCorruptPage(location_, "values past the page end");
        page_values_ = data;
        return;
      }
      DecodePlain(data, size, count);
      break;
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (!has_dictionary_) ThrowCorruptPage(location_, "dictionary-encoded page without a dictionary");
      indexes_.resize(count);
      if (count > 0) {
        if (size < 1) ThrowCorruptPage(location_, "missing dictionary index width");
        int bit_width = data[0];
        if (bit_width > 32) ThrowCorruptPage(location_, "dictionary index width above 32");
        RleBitPackedDecoder decoder(data + 1, size - 1, bit_width, location_);
        decoder.Decode(indexes_.data(), count);
        for (size_t i = 0; i < count; ++i) {
          if (indexes_[i] >= dictionary_size_) ThrowCorruptPage(location_, "dictionary index out of range");
        }
      }
      values_.Resize(count * value_width_ + 8);
      const uint8_t* dictionary = dictionary_.data();
      switch (value_width_) {
        case 1: Gather<1>(dictionary, indexes_.data(), count, values_.data()); break;
        case 4: Gather<4>(dictionary, indexes_.data(), count, values_.data()); break;
        case 8: Gather<8>(dictionary, indexes_.data(), count, values_.data()); break;
        default: Gather<16>(dictionary, indexes_.data(), count, values_.data()); break;
      }
      page_uses_dictionary_ = true;
      page_values_ = values_.data();
      return;
    }
    case Encoding::kRle: {
      if (physical != PhysicalType::kBoolean) ThrowCorruptPage(location_, "RLE encoding of a non-boolean column");
      if (size < 4) ThrowCorruptPage(location_, "truncated boolean rle data");
      size_t length = LoadLittle32(data);
      if (length > size - 4) ThrowCorruptPage(location_, "boolean rle data past the page end");
      indexes_.resize(count);
      RleBitPackedDecoder decoder(data + 4, length, 1, location_);
      decoder.Decode(indexes_.data(), count);
      physical_.Resize(count + 8);
      for (size_t i = 0; i < count; ++i) physical_.data()[i] = static_cast<uint8_t>(indexes_[i]);
      break;
    }
    case Encoding::kDeltaBinaryPacked: {
      if (physical != PhysicalType::kInt32 && physical != PhysicalType::kInt64) {
        ThrowCorruptPage(location_, "DELTA_BINARY_PACKED encoding of a non-integer column");
      }
      DecodeDeltaBinaryPacked(data, size, count, deltas_, location_);
      if (deltas_.size() != count) ThrowCorruptPage(location_, "delta value count differs from the page");
      physical_.Resize(count * 8 + 8);
      if (physical == PhysicalType::kInt32) {
        auto* out = reinterpret_cast<int32_t*>(physical_.data());
        for (size_t i = 0; i < count; ++i) out[i] = static_cast<int32_t>(static_cast<uint32_t>(deltas_[i]));
      } else if (count > 0) {
        std::memcpy(physical_.data(), deltas_.data(), count * 8);
      }
      break;
    }
    case Encoding::kDeltaLengthByteArray:
    case Encoding::kDeltaByteArray: {
      if (physical != PhysicalType::kByteArray && physical != PhysicalType::kFixedLenByteArray) {
        ThrowCorruptPage(location_, "DELTA byte array encoding of a non-binary column");
      }
      physical_.Resize(count * sizeof(StringRef) + 8);
      auto* out = reinterpret_cast<StringRef*>(physical_.data());
      if (encoding == Encoding::kDeltaLengthByteArray) {
        DecodeDeltaLengthByteArray(data, size, count, out, location_);
      } else {
        if (rebuilt_strings_ == nullptr || rebuilt_strings_.use_count() > 1) {
          rebuilt_strings_ = std::make_shared<std::string>();
        }
        DecodeDeltaByteArray(data, size, count, out, *rebuilt_strings_, location_);
        page_owner_ = rebuilt_strings_;
      }
      break;
    }
    case Encoding::kByteStreamSplit: {
      size_t width = physical == PhysicalType::kFixedLenByteArray ? static_cast<size_t>(column_->type_length)
                                                                   : PhysicalWidth(physical);
      if (physical == PhysicalType::kBoolean || physical == PhysicalType::kByteArray ||
          physical == PhysicalType::kInt96) {
        ThrowCorruptPage(location_, "BYTE_STREAM_SPLIT encoding of a boolean, string or INT96 column");
      }
      if (physical == PhysicalType::kFixedLenByteArray) {
        // Reassemble into owned bytes, then view them as strings.
        std::shared_ptr<Buffer> holder = std::make_shared<Buffer>(count * width + 8);
        DecodeByteStreamSplit(data, size, width, count, holder->data(), location_);
        physical_.Resize(count * sizeof(StringRef) + 8);
        auto* out = reinterpret_cast<StringRef*>(physical_.data());
        for (size_t i = 0; i < count; ++i) {
          out[i] = StringRef(reinterpret_cast<const char*>(holder->data() + i * width), static_cast<uint32_t>(width));
        }
        page_owner_ = holder;
      } else {
        physical_.Resize(count * width + 8);
        DecodeByteStreamSplit(data, size, width, count, physical_.data(), location_);
      }
      break;
    }
    default:
      throw Error(ErrorCode::kNotSupported,
                  fmt::format("not supported: parquet encoding {} in column {} of {}",
                              static_cast<int>(encoding), column_->name, file_));
  }
  if (IsIdentity(column_->conversion)) {
    std::swap(physical_, values_);
  } else {
    Convert(count, values_);
  }
  page_values_ = values_.data();
}

void ColumnChunkReader::Convert(size_t count, Buffer& out) {
  Conversion conversion = column_->conversion;
  out.Resize(count * value_width_ + 8);
  const uint8_t* in = physical_.data();
  switch (conversion) {
    case Conversion::kBoolean:
    case Conversion::kInt32:
    case Conversion::kInt64:
    case Conversion::kDouble:
    case Conversion::kString:
      if (count > 0) std::memcpy(out.data(), in, count * value_width_);
      return;
    case Conversion::kUint64: {
      auto* values = reinterpret_cast<const int64_t*>(in);
      for (size_t i = 0; i < count; ++i) {
        if (values[i] < 0) {
          throw Error(ErrorCode::kOutOfRange,
                      fmt::format("parquet: UINT64 value above the BIGINT range in column {} of {}",
                                  column_->name, file_));
        }
      }
      std::memcpy(out.data(), in, count * 8);
      return;
    }
    case Conversion::kInt32ToInt64: {
      auto* source = reinterpret_cast<const int32_t*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) target[i] = source[i];
      return;
    }
    case Conversion::kUint32ToInt64: {
      auto* source = reinterpret_cast<const uint32_t*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) target[i] = source[i];
      return;
    }
    case Conversion::kTimestampMillis: {
      auto* source = reinterpret_cast<const int64_t*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) {
        if (__builtin_mul_overflow(source[i], int64_t{1000}, &target[i])) {
          throw Error(ErrorCode::kOutOfRange, fmt::format("parquet: timestamp out of range in column {} of {}",
                                                          column_->name, file_));
        }
      }
      return;
    }
    case Conversion::kTimestampNanos: {
      auto* source = reinterpret_cast<const int64_t*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) {
        int64_t value = source[i];
        target[i] = value / 1000 - (value % 1000 < 0 ? 1 : 0);
      }
      return;
    }
    case Conversion::kFloat: {
      auto* source = reinterpret_cast<const float*>(in);
      auto* target = reinterpret_cast<double*>(out.data());
      for (size_t i = 0; i < count; ++i) target[i] = source[i];
      return;
    }
    case Conversion::kInt96Timestamp: {
      // 8 bytes of nanoseconds within the day, then a 4-byte Julian day number (little-endian).
      constexpr int64_t kUnixEpochJulianDay = 2440588;
      auto* source = reinterpret_cast<const StringRef*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) {
        int64_t nanos;
        int32_t day;
        std::memcpy(&nanos, source[i].data(), 8);
        std::memcpy(&day, source[i].data() + 8, 4);
        int64_t micros = nanos / 1000 - (nanos % 1000 < 0 ? 1 : 0);
        if (__builtin_mul_overflow(static_cast<int64_t>(day) - kUnixEpochJulianDay, int64_t{86400000000}, &target[i]) ||
            __builtin_add_overflow(target[i], micros, &target[i])) {
          throw Error(ErrorCode::kOutOfRange, fmt::format("parquet: INT96 timestamp out of range in column {} of {}",
                                                          column_->name, file_));
        }
      }
      return;
    }
    case Conversion::kDecimalBytes: {
      auto* source = reinterpret_cast<const StringRef*>(in);
      auto* target = reinterpret_cast<int64_t*>(out.data());
      for (size_t i = 0; i < count; ++i) {
        const auto* bytes = reinterpret_cast<const uint8_t*>(source[i].data());
        size_t length = source[i].size();
        if (length == 0) {
          target[i] = 0;
          continue;
        }
        uint64_t value = (bytes[0] & 0x80) ? ~uint64_t{0} : 0;
        uint8_t sign_byte = static_cast<uint8_t>(value);
        for (size_t b = 0; b < length; ++b) {
          if (length - b > 8) {
            // Bytes above the low eight must only extend the sign.
            if (bytes[b] != sign_byte) {
              throw Error(ErrorCode::kOutOfRange, fmt::format("parquet: DECIMAL value out of range in column {} of {}",
                                                              column_->name, file_));
            }
            continue;
          }
          value = (value << 8) | bytes[b];
        }
        target[i] = static_cast<int64_t>(value);
      }
      return;
    }
  }
}

void ColumnChunkReader::Read(size_t count, exec::Vector& vector) {
  uint8_t* out = vector.raw_data();
  bool is_string = column_->type.id() == TypeId::kVarchar;
  const void* pinned = nullptr;
  size_t filled = 0;
  while (filled < count) {
    if (page_row_ == page_rows_) LoadPage();
    if (is_string) {
      const std::shared_ptr<const void>& owner =
          page_uses_dictionary_ ? std::shared_ptr<const void>(dictionary_bytes_) : page_owner_;
      if (owner.get() != pinned) {
        vector.Pin(owner);
        pinned = owner.get();
      }
    }
    size_t take = std::min(count - filled, page_rows_ - page_row_);
    const uint8_t* values = page_values_ + value_index_ * value_width_;
    if (page_non_null_ == page_rows_) {
      std::memcpy(out + filled * value_width_, values, take * value_width_);
      value_index_ += take;
    } else {
      const uint32_t* levels = levels_.data() + page_row_;
      auto& validity = vector.validity();
      uint32_t max_level = static_cast<uint32_t>(column_->max_definition);
      switch (value_width_) {
        case 1: value_index_ += Scatter<1>(values, levels, max_level, take, out, validity, filled); break;
        case 4: value_index_ += Scatter<4>(values, levels, max_level, take, out, validity, filled); break;
        case 8: value_index_ += Scatter<8>(values, levels, max_level, take, out, validity, filled); break;
        default: value_index_ += Scatter<16>(values, levels, max_level, take, out, validity, filled); break;
      }
    }
    page_row_ += take;
    filled += take;
  }
}

}  // namespace tarn::format::parquet
