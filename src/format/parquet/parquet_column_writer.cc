#include "format/parquet/parquet_column_writer.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/error.h"
#include "common/string_ref.h"
#include "format/parquet/parquet_codec.h"
#include "format/parquet/parquet_encoding.h"

namespace tarn::format::parquet {
namespace {

constexpr size_t kPageRows = 32768;              // rows per data page at most
constexpr size_t kPageBytes = 1u << 20;          // PLAIN bytes per data page, roughly
constexpr size_t kMaxDictionaryBytes = 1u << 20; // beyond: fall back to PLAIN
constexpr uint32_t kMaxDictionaryValues = 1u << 17;
// After this many non-NULL values of a column chunk the dictionary is dropped when more than half
// of them were distinct: then indexes save little over PLAIN (zstd follows either way), and the
// rest of the chunk skips the hashing. Chunks smaller than the sample keep their dictionary.
constexpr size_t kDictionarySampleValues = 4096;
constexpr size_t kMaxStatisticsBytes = 256;      // longer string min / max are not written

PhysicalType PhysicalFor(LogicalType type) {
  switch (type.id()) {
    case TypeId::kBoolean: return PhysicalType::kBoolean;
    case TypeId::kInteger:
    case TypeId::kDate: return PhysicalType::kInt32;
    case TypeId::kDecimal: return type.width() <= 9 ? PhysicalType::kInt32 : PhysicalType::kInt64;
    case TypeId::kBigint:
    case TypeId::kTimestamp: return PhysicalType::kInt64;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kVarchar: return PhysicalType::kByteArray;
    default:
      throw Error(ErrorCode::kNotSupported, "not supported: writing type " + type.ToString() + " to parquet");
  }
}

template <class T>
std::string LittleEndian(T value) {
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

void AppendU32(std::string& out, uint32_t value) { out.append(reinterpret_cast<const char*>(&value), 4); }

}  // namespace

SchemaElement WrittenSchemaElement(const std::string& name, LogicalType type) {
  SchemaElement element;
  element.name = name;
  element.type = PhysicalFor(type);
  element.repetition = Repetition::kOptional;
  switch (type.id()) {
    case TypeId::kDecimal:
      element.converted_type = ConvertedType::kDecimal;
      element.scale = type.scale();
      element.precision = type.width();
      element.logical.kind = LogicalKind::kDecimal;
      element.logical.scale = type.scale();
      element.logical.precision = type.width();
      break;
    case TypeId::kVarchar:
      element.converted_type = ConvertedType::kUtf8;
      element.logical.kind = LogicalKind::kString;
      break;
    case TypeId::kDate:
      element.converted_type = ConvertedType::kDate;
      element.logical.kind = LogicalKind::kDate;
      break;
    case TypeId::kTimestamp:
      element.logical.kind = LogicalKind::kTimestamp;
      element.logical.adjusted_to_utc = false;
      element.logical.unit = TimeUnit::kMicros;
      break;
    default: break;
  }
  return element;
}

ColumnWriter::ColumnWriter(std::string name, LogicalType type)
    : name_(std::move(name)), type_(type), physical_(PhysicalFor(type)) {
  width_ = physical_ == PhysicalType::kBoolean ? 1
           : physical_ == PhysicalType::kInt32 ? 4
           : physical_ == PhysicalType::kByteArray ? 0
                                                   : 8;
  use_dictionary_ = physical_ != PhysicalType::kBoolean;
}

void ColumnWriter::FixedDictionary::Grow() {
  size_t capacity = keys_.empty() ? 1024 : keys_.size() * 2;
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint32_t> old_slots = std::move(slots_);
  keys_.assign(capacity, 0);
  slots_.assign(capacity, 0);
  shift_ = 64 - __builtin_ctzll(capacity);
  size_t mask = capacity - 1;
  for (size_t i = 0; i < old_slots.size(); ++i) {
    if (old_slots[i] == 0) continue;
    size_t slot = (old_keys[i] * 0x9E3779B97F4A7C15ull) >> shift_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    keys_[slot] = old_keys[i];
    slots_[slot] = old_slots[i];
  }
}

uint32_t ColumnWriter::FixedDictionary::FindOrInsert(uint64_t bits, uint32_t next, bool& inserted) {
  if ((used_ + 1) * 2 > keys_.size()) Grow();
  size_t mask = keys_.size() - 1;
  size_t slot = (bits * 0x9E3779B97F4A7C15ull) >> shift_;
  while (slots_[slot] != 0) {
    if (keys_[slot] == bits) {
      inserted = false;
      return slots_[slot] - 1;
    }
    slot = (slot + 1) & mask;
  }
  keys_[slot] = bits;
  slots_[slot] = next + 1;
  ++used_;
  inserted = true;
  return next;
}

void ColumnWriter::FixedDictionary::Clear() {
  if (used_ == 0) return;
  std::fill(slots_.begin(), slots_.end(), 0);
  used_ = 0;
}

void ColumnWriter::AddToDictionary(uint64_t bits) {
  bool inserted;
  uint32_t index = fixed_dictionary_.FindOrInsert(bits, dictionary_size_, inserted);
  if (inserted) {
    dictionary_plain_.append(reinterpret_cast<const char*>(&bits), width_);
    ++dictionary_size_;
  }
  indexes_.push_back(index);
}

void ColumnWriter::AddStringToDictionary(std::string_view text) {
  auto entry = string_dictionary_.find(text);
  if (entry == string_dictionary_.end()) {
    entry = string_dictionary_.emplace(std::string(text), dictionary_size_).first;
    AppendU32(dictionary_plain_, static_cast<uint32_t>(text.size()));
    dictionary_plain_.append(text);
    ++dictionary_size_;
  }
  indexes_.push_back(entry->second);
}

template <class T, class Stored>
void ColumnWriter::AppendValid(const T* data, const uint32_t* sel, size_t count) {
  levels_.insert(levels_.end(), count, 1u);
  size_t start = plain_.size();
  plain_.resize(start + count * sizeof(Stored));
  char* out = plain_.data() + start;
  if constexpr (std::is_same_v<T, double>) {
    static_assert(sizeof(Stored) == 8);
    double low = has_min_max_ ? min_double_ : HUGE_VAL;
    double high = has_min_max_ ? max_double_ : -HUGE_VAL;
    for (size_t i = 0; i < count; ++i) {
      double value = data[sel != nullptr ? sel[i] : i];
      std::memcpy(out + i * 8, &value, 8);
      if (std::isnan(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (low <= high) {  // some value was not NaN
      min_double_ = low;
      max_double_ = high;
      has_min_max_ = true;
    }
  } else {
    int64_t low = has_min_max_ ? min_integer_ : INT64_MAX;
    int64_t high = has_min_max_ ? max_integer_ : INT64_MIN;
    for (size_t i = 0; i < count; ++i) {
      T value = data[sel != nullptr ? sel[i] : i];
      Stored stored = std::is_same_v<Stored, uint8_t> ? static_cast<Stored>(value ? 1 : 0) : static_cast<Stored>(value);
      std::memcpy(out + i * sizeof(Stored), &stored, sizeof(Stored));
      int64_t wide = static_cast<int64_t>(value);
      low = std::min(low, wide);
      high = std::max(high, wide);
    }
    if (count > 0) {
      min_integer_ = low;
      max_integer_ = high;
      has_min_max_ = true;
    }
  }
  if (use_dictionary_) {
    for (size_t i = 0; i < count; ++i) {
      uint64_t bits = 0;
      std::memcpy(&bits, out + i * sizeof(Stored), sizeof(Stored));
      AddToDictionary(bits);
    }
  }
  values_ += count;
}

template <class T>
void ColumnWriter::AppendFixed(const exec::Vector& vector, const uint32_t* sel, size_t count) {
  const T* data = vector.data<T>();
  bool constant = vector.IsConstant();
  if (!constant && vector.validity().AllValid()) {
    if constexpr (std::is_same_v<T, double>) {
      AppendValid<double, double>(data, sel, count);
    } else {
      switch (physical_) {
        case PhysicalType::kBoolean: AppendValid<T, uint8_t>(data, sel, count); break;
        case PhysicalType::kInt32: AppendValid<T, int32_t>(data, sel, count); break;
        default: AppendValid<T, T>(data, sel, count); break;  // INT64: T is int64_t
      }
    }
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    size_t row = constant ? 0 : (sel != nullptr ? sel[i] : i);
    if (vector.IsNull(row)) {
      levels_.push_back(0);
      ++null_count_;
      continue;
    }
    levels_.push_back(1);
    T value = data[row];
    if (physical_ == PhysicalType::kBoolean) {
      plain_.push_back(value ? 1 : 0);
    } else if (physical_ == PhysicalType::kInt32) {
      int32_t narrow = static_cast<int32_t>(value);
      plain_.append(reinterpret_cast<const char*>(&narrow), 4);
      if (use_dictionary_) AddToDictionary(static_cast<uint32_t>(narrow));
    } else {
      plain_.append(reinterpret_cast<const char*>(&value), 8);
      uint64_t bits;
      std::memcpy(&bits, &value, 8);
      if (use_dictionary_) AddToDictionary(bits);
    }
    if constexpr (std::is_same_v<T, double>) {
      if (std::isnan(value)) {
        ++values_;
        continue;
      }
      if (!has_min_max_ || value < min_double_) min_double_ = value;
      if (!has_min_max_ || value > max_double_) max_double_ = value;
    } else {
      int64_t wide = static_cast<int64_t>(value);
      if (!has_min_max_ || wide < min_integer_) min_integer_ = wide;
      if (!has_min_max_ || wide > max_integer_) max_integer_ = wide;
    }
    has_min_max_ = true;
    ++values_;
  }
}

void ColumnWriter::AppendStrings(const exec::Vector& vector, const uint32_t* sel, size_t count) {
  const StringRef* data = vector.data<StringRef>();
  bool constant = vector.IsConstant();
  for (size_t i = 0; i < count; ++i) {
    size_t row = constant ? 0 : (sel != nullptr ? sel[i] : i);
    if (vector.IsNull(row)) {
      levels_.push_back(0);
      ++null_count_;
      continue;
    }
    levels_.push_back(1);
    std::string_view text = data[row].view();
    AppendU32(plain_, static_cast<uint32_t>(text.size()));
    plain_.append(text);
    if (use_dictionary_) AddStringToDictionary(text);
    if (!has_min_max_ || text < std::string_view(min_string_)) min_string_.assign(text);
    if (!has_min_max_ || text > std::string_view(max_string_)) max_string_.assign(text);
    has_min_max_ = true;
    ++values_;
  }
}

void ColumnWriter::Append(const exec::Vector& vector, const uint32_t* sel, size_t count) {
  switch (type_.id()) {
    case TypeId::kBoolean: AppendFixed<uint8_t>(vector, sel, count); break;
    case TypeId::kInteger:
    case TypeId::kDate: AppendFixed<int32_t>(vector, sel, count); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
    case TypeId::kDecimal: AppendFixed<int64_t>(vector, sel, count); break;
    case TypeId::kDouble: AppendFixed<double>(vector, sel, count); break;
    case TypeId::kVarchar: AppendStrings(vector, sel, count); break;
    default: PhysicalFor(type_);  // throws
  }
  if (use_dictionary_ && !dictionary_sampled_ && values_ >= kDictionarySampleValues) {
    dictionary_sampled_ = true;
    if (dictionary_size_ * 2 > values_) DropDictionary();
  }
  if (use_dictionary_ && (dictionary_plain_.size() > kMaxDictionaryBytes || dictionary_size_ > kMaxDictionaryValues)) {
    DropDictionary();
  }
  MaybeEndPage();
}

void ColumnWriter::DropDictionary() {
  use_dictionary_ = false;
  fixed_dictionary_.Clear();
  string_dictionary_.clear();
  dictionary_plain_.clear();
  dictionary_size_ = 0;
  indexes_.clear();
}

void ColumnWriter::MaybeEndPage() {
  const PageEnd previous = pages_.empty() ? PageEnd{} : pages_.back();
  if (levels_.size() - previous.rows >= kPageRows || plain_.size() - previous.bytes >= kPageBytes) {
    pages_.push_back({levels_.size(), values_, plain_.size()});
  }
}

void ColumnWriter::WritePage(PageType type, const std::string& body, int32_t num_values, Encoding encoding,
                             Codec codec, std::string& out, ColumnMetaData& meta) {
  std::string& compressed = compressed_;
  compressed.clear();
  Compress(codec, body, compressed);
  PageHeader header;
  header.type = type;
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(compressed.size());
  if (type == PageType::kDictionaryPage) {
    header.dictionary_page = DictionaryPageHeader{num_values, Encoding::kPlain};
  } else {
    header.data_page = DataPageHeader{num_values, encoding, Encoding::kRle, Encoding::kRle};
  }
  size_t start = out.size();
  EncodePageHeader(header, out);
  size_t header_size = out.size() - start;
  out.append(compressed);
  meta.total_uncompressed_size += static_cast<int64_t>(header_size + body.size());
  meta.total_compressed_size += static_cast<int64_t>(header_size + compressed.size());
}

ColumnMetaData ColumnWriter::Flush(Codec codec, uint64_t offset, std::string& out) {
  if (pages_.empty() || pages_.back().rows != levels_.size()) pages_.push_back({levels_.size(), values_, plain_.size()});
  bool dictionary = use_dictionary_ && dictionary_size_ > 0;
  ColumnMetaData meta;
  meta.type = physical_;
  meta.path_in_schema = {name_};
  meta.codec = codec;
  meta.num_values = static_cast<int64_t>(levels_.size());
  meta.encodings = dictionary ? std::vector<Encoding>{Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary}
                              : std::vector<Encoding>{Encoding::kPlain, Encoding::kRle};
  size_t chunk_start = out.size();
  if (dictionary) {
    meta.dictionary_page_offset = static_cast<int64_t>(offset);
    WritePage(PageType::kDictionaryPage, dictionary_plain_, static_cast<int32_t>(dictionary_size_),
              Encoding::kPlain, codec, out, meta);
  }
  meta.data_page_offset = static_cast<int64_t>(offset + (out.size() - chunk_start));
  int index_width = std::max(1, BitWidth(dictionary_size_ > 0 ? dictionary_size_ - 1 : 0));
  PageEnd begin;
  std::string body;
  std::string levels;
  for (const PageEnd& end : pages_) {
    body.clear();
    levels.clear();
    size_t page_rows = end.rows - begin.rows;
    if (page_rows >= 8 && end.values - begin.values == page_rows) {
      // No NULLs: one RLE run of 1s (varint header 'rows << 1', then the value in one byte),
      // what EncodeRleBitPacked would produce, without scanning the levels.
      for (uint64_t header = static_cast<uint64_t>(page_rows) << 1; ; header >>= 7) {
        if (header < 0x80) {
          levels.push_back(static_cast<char>(header));
          break;
        }
        levels.push_back(static_cast<char>((header & 0x7F) | 0x80));
      }
      levels.push_back(1);
    } else {
      EncodeRleBitPacked(levels_.data() + begin.rows, page_rows, 1, levels);
    }
    AppendU32(body, static_cast<uint32_t>(levels.size()));
    body.append(levels);
    if (dictionary) {
      body.push_back(static_cast<char>(index_width));
      EncodeRleBitPacked(indexes_.data() + begin.values, end.values - begin.values, index_width, body);
    } else if (physical_ == PhysicalType::kBoolean) {
      size_t count = end.values - begin.values;
      size_t start = body.size();
      body.resize(start + (count + 7) / 8, '\0');
      for (size_t i = 0; i < count; ++i) {
        if (plain_[begin.bytes + i]) body[start + i / 8] = static_cast<char>(body[start + i / 8] | (1 << (i % 8)));
      }
    } else {
      body.append(plain_, begin.bytes, end.bytes - begin.bytes);
    }
    WritePage(PageType::kDataPage, body, static_cast<int32_t>(end.rows - begin.rows),
              dictionary ? Encoding::kRleDictionary : Encoding::kPlain, codec, out, meta);
    begin = end;
  }

  Statistics stats;
  stats.null_count = null_count_;
  if (has_min_max_) {
    std::string min, max;
    switch (physical_) {
      case PhysicalType::kBoolean:
        min = std::string(1, static_cast<char>(min_integer_));
        max = std::string(1, static_cast<char>(max_integer_));
        break;
      case PhysicalType::kInt32:
        min = LittleEndian(static_cast<int32_t>(min_integer_));
        max = LittleEndian(static_cast<int32_t>(max_integer_));
        break;
      case PhysicalType::kInt64:
        min = LittleEndian(min_integer_);
        max = LittleEndian(max_integer_);
        break;
      case PhysicalType::kDouble:
        // The spec asks for -0.0 as a zero minimum and +0.0 as a zero maximum.
        min = LittleEndian(min_double_ == 0 ? -0.0 : min_double_);
        max = LittleEndian(max_double_ == 0 ? 0.0 : max_double_);
        break;
      default:
        min = min_string_;
        max = max_string_;
        break;
    }
    if (min.size() <= kMaxStatisticsBytes && max.size() <= kMaxStatisticsBytes) {
      stats.min_value = min;
      stats.max_value = max;
      if (physical_ != PhysicalType::kByteArray) {  // the deprecated fields use signed order
        stats.min = min;
        stats.max = max;
      }
    }
  }
  meta.statistics = std::move(stats);

  levels_.clear();
  plain_.clear();
  pages_.clear();
  values_ = 0;
  DropDictionary();
  use_dictionary_ = physical_ != PhysicalType::kBoolean;
  dictionary_sampled_ = false;
  null_count_ = 0;
  has_min_max_ = false;
  min_string_.clear();
  max_string_.clear();
  return meta;
}

}  // namespace tarn::format::parquet
