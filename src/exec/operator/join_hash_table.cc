#include "exec/operator/join_hash_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"

namespace tarn::exec {

namespace {

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x9E3779B97F4A7C15ULL;
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t HashString(const StringRef& value) {
  const auto* data = reinterpret_cast<const uint8_t*>(value.data());
  size_t size = value.size();
  uint64_t hash = 0x2545F4914F6CDD1DULL ^ size;
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
    hash ^= hash >> 27;
    data += 8;
    size -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data, size);
  return Mix((hash ^ tail) * 0x9E3779B97F4A7C15ULL);
}

inline uint64_t DoubleBits(double value) {
  if (value == 0) value = 0;
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  uint64_t bits;
  std::memcpy(&bits, &value, 8);
  return bits;
}

template <class Get>
void HashLoop(const Vector& key, size_t count, uint64_t* hashes, bool first, Get get) {
  bool constant = key.IsConstant();
  for (size_t i = 0; i < count; ++i) {
    size_t row = constant ? 0 : i;
    uint64_t value = key.validity().IsValid(row) ? get(row) : 0x5bd1e995ULL;
    hashes[i] = first ? value : Mix(hashes[i] ^ (value + 0x9E3779B97F4A7C15ULL));
  }
}

}  // namespace

void HashKeyColumns(const std::vector<const Vector*>& keys, size_t count, uint64_t* hashes) {
  for (size_t k = 0; k < keys.size(); ++k) {
    const Vector& key = *keys[k];
    bool first = k == 0;
    switch (key.type().id()) {
      case TypeId::kBoolean:
        HashLoop(key, count, hashes, first, [&](size_t r) { return Mix(key.data<uint8_t>()[r]); });
        break;
      case TypeId::kInteger:
      case TypeId::kDate:
        HashLoop(key, count, hashes, first,
                 [&](size_t r) { return Mix(static_cast<uint64_t>(key.data<int32_t>()[r])); });
        break;
      case TypeId::kDouble:
        HashLoop(key, count, hashes, first,
                 [&](size_t r) { return Mix(DoubleBits(key.data<double>()[r])); });
        break;
      case TypeId::kVarchar:
        HashLoop(key, count, hashes, first,
                 [&](size_t r) { return HashString(key.data<StringRef>()[r]); });
        break;
      default:
        HashLoop(key, count, hashes, first,
                 [&](size_t r) { return Mix(static_cast<uint64_t>(key.data<int64_t>()[r])); });
        break;
    }
  }
}

bool KeyValuesEqual(const Vector& a, size_t a_row, const Vector& b, size_t b_row) {
  if (a.IsConstant()) a_row = 0;
  if (b.IsConstant()) b_row = 0;
  switch (a.type().id()) {
    case TypeId::kBoolean: return a.data<uint8_t>()[a_row] == b.data<uint8_t>()[b_row];
    case TypeId::kInteger:
    case TypeId::kDate: return a.data<int32_t>()[a_row] == b.data<int32_t>()[b_row];
    case TypeId::kDouble: return DoubleBits(a.data<double>()[a_row]) == DoubleBits(b.data<double>()[b_row]);
    case TypeId::kVarchar: return a.data<StringRef>()[a_row] == b.data<StringRef>()[b_row];
    default: return a.data<int64_t>()[a_row] == b.data<int64_t>()[b_row];
  }
}

namespace {

bool IsIntegral(TypeId type) {
  switch (type) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kBigint:
    case TypeId::kDecimal:
    case TypeId::kTimestamp: return true;
    default: return false;
  }
}

template <class T>
void LoadTags(const Vector& key, size_t count, uint64_t* tags) {
  const T* data = key.data<T>();
  if (key.IsConstant()) {
    uint64_t tag = static_cast<uint64_t>(static_cast<int64_t>(data[0]));
    for (size_t i = 0; i < count; ++i) tags[i] = tag;
    return;
  }
  for (size_t i = 0; i < count; ++i) tags[i] = static_cast<uint64_t>(static_cast<int64_t>(data[i]));
}

// The key values of a single integral key as tags (NULL rows get garbage; callers skip them).
void IntegralTags(const Vector& key, size_t count, uint64_t* tags) {
  switch (key.type().PhysicalSize()) {
    case 1: LoadTags<uint8_t>(key, count, tags); break;
    case 4: LoadTags<int32_t>(key, count, tags); break;
    default: LoadTags<int64_t>(key, count, tags); break;
  }
}

}  // namespace

JoinHashTable::JoinHashTable(std::vector<DataChunk> chunks, std::vector<size_t> key_columns,
                             size_t payload_columns, MemoryTracker& memory)
    : chunks_(std::move(chunks)),
      key_columns_(std::move(key_columns)),
      memory_(memory),
      payload_columns_(payload_columns) {
  size_t id_end = chunks_.size() * kVectorSize;
  TARN_CHECK(id_end < kEnd);
  for (const auto& chunk : chunks_) row_count_ += chunk.physical_size();
  if (key_columns_.size() == 1 && !chunks_.empty()) {
    integral_key_ = IsIntegral(chunks_[0].column(key_columns_[0]).type().id());
  }
  size_t offset = kValidityOffset + (payload_columns_ + 7) / 8;
  for (size_t c = 0; c < payload_columns_ && !chunks_.empty(); ++c) {
    size_t width = chunks_[0].column(c).type().PhysicalSize();
    size_t align = std::min<size_t>(width, 8);
    offset = (offset + align - 1) / align * align;
    column_offsets_.push_back(offset);
    column_widths_.push_back(width);
    offset += width;
  }
  row_width_ = (offset + 7) / 8 * 8;
  size_t buckets = 1024;
  while (buckets < 2 * row_count_) buckets <<= 1;
  mask_ = buckets - 1;
  reserved_ = buckets * sizeof(RowId) + id_end * (row_width_ + 1);
  memory_.Reserve(reserved_, "hash join build side");
  heads_.Resize(buckets * sizeof(RowId));
  std::memset(heads_.data(), 0xff, heads_.size());  // every bucket kEnd
  rows_.Resize(id_end * row_width_);
  matched_ = std::make_unique<std::atomic<uint8_t>[]>(id_end);
  for (size_t i = 0; i < id_end; ++i) matched_[i].store(0, std::memory_order_relaxed);

  std::vector<const Vector*> keys(key_columns_.size());
  uint64_t hashes[kVectorSize];
  uint64_t tags[kVectorSize];
  // Insert from the last row to the first so each chain lists rows in build input order.
  for (size_t c = chunks_.size(); c-- > 0;) {
    const DataChunk& chunk = chunks_[c];
    size_t count = chunk.physical_size();
    for (size_t k = 0; k < keys.size(); ++k) keys[k] = &chunk.column(key_columns_[k]);
    HashKeyColumns(keys, count, hashes);
    ProbeTags(keys, count, hashes, tags);
    bool all_valid = true;
    for (const Vector* key : keys) all_valid &= key->validity().AllValid() && !key->IsConstant();
    for (size_t r = count; r-- > 0;) {
      auto id = static_cast<RowId>(c * kVectorSize + r);
      if (!all_valid) {
        bool any_null = false;
        for (const Vector* key : keys) any_null |= key->IsNull(r);
        if (any_null) {
          has_null_key_ = true;
          StoreRow(id, 0, chunk, r);
          continue;
        }
      }
      StoreRow(id, tags[r], chunk, r);
      Insert(id, hashes[r] & mask_);
    }
  }
}

void JoinHashTable::Insert(RowId row, size_t bucket) {
  // Rows arrive from the last to the first, so a row with an equal key already linked comes later
  // in build order: 'row' takes its place in the bucket chain and points to it.
  auto* heads = reinterpret_cast<RowId*>(heads_.data());
  uint64_t tag = Tag(row);
  RowId previous = kEnd;
  for (RowId other = heads[bucket]; other != kEnd; other = Link(other, kNextOffset)) {
    if (Tag(other) == tag && (integral_key_ || BuildKeysEqual(row, other))) {
      SetLink(row, kNextOffset, Link(other, kNextOffset));
      SetLink(row, kDuplicateOffset, other);
      if (previous == kEnd) {
        heads[bucket] = row;
      } else {
        SetLink(previous, kNextOffset, row);
      }
      return;
    }
    previous = other;
  }
  SetLink(row, kNextOffset, heads[bucket]);
  heads[bucket] = row;
}

bool JoinHashTable::BuildKeysEqual(RowId a, RowId b) const {
  const DataChunk& a_chunk = chunk(a);
  const DataChunk& b_chunk = chunk(b);
  for (size_t column : key_columns_) {
    if (!KeyValuesEqual(a_chunk.column(column), a % kVectorSize, b_chunk.column(column),
                        b % kVectorSize)) {
      return false;
    }
  }
  return true;
}

void JoinHashTable::StoreRow(RowId row, uint64_t tag, const DataChunk& chunk, size_t chunk_row) {
  uint8_t* out = Row(row);
  RowId none = kEnd;
  std::memcpy(out + kTagOffset, &tag, sizeof(tag));
  std::memcpy(out + kNextOffset, &none, sizeof(none));
  std::memcpy(out + kDuplicateOffset, &none, sizeof(none));
  uint8_t* validity = out + kValidityOffset;
  std::memset(validity, 0, (payload_columns_ + 7) / 8);
  for (size_t c = 0; c < payload_columns_; ++c) {
    const Vector& column = chunk.column(c);
    size_t source_row = column.IsConstant() ? 0 : chunk_row;
    if (!column.validity().IsValid(source_row)) continue;
    validity[c / 8] |= static_cast<uint8_t>(1u << (c % 8));
    size_t width = column_widths_[c];
    std::memcpy(out + column_offsets_[c], column.raw_data() + source_row * width, width);
  }
}

namespace {

template <class T>
void GatherValues(const uint8_t* rows, size_t row_width, const uint32_t* ids, size_t count,
                  size_t offset, size_t column, size_t validity_offset, Vector& out) {
  T* data = reinterpret_cast<T*>(out.raw_data());
  uint8_t bit = static_cast<uint8_t>(1u << (column % 8));
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* row = rows + size_t{ids[i]} * row_width;
    std::memcpy(&data[i], row + offset, sizeof(T));
    if (!(row[validity_offset + column / 8] & bit)) out.validity().SetInvalid(i);
  }
}

// A fixed-size value of 16 bytes (a StringRef), copied as plain bytes.
struct Bytes16 {
  uint8_t bytes[16];
};

}  // namespace

void JoinHashTable::Gather(const RowId* rows, size_t count, size_t column, Vector& out) const {
  if (count == 0) return;  // also when the build side is empty and has no row layout
  const uint8_t* base = rows_.data();
  size_t offset = column_offsets_[column];
  switch (column_widths_[column]) {
    case 1: GatherValues<uint8_t>(base, row_width_, rows, count, offset, column, kValidityOffset, out); break;
    case 4: GatherValues<uint32_t>(base, row_width_, rows, count, offset, column, kValidityOffset, out); break;
    case 8: GatherValues<uint64_t>(base, row_width_, rows, count, offset, column, kValidityOffset, out); break;
    case 16: GatherValues<Bytes16>(base, row_width_, rows, count, offset, column, kValidityOffset, out); break;
    default: TARN_CHECK(false);
  }
}

JoinHashTable::~JoinHashTable() { memory_.Release(reserved_); }

void JoinHashTable::ProbeTags(const std::vector<const Vector*>& keys, size_t count,
                              const uint64_t* hashes, uint64_t* tags) const {
  if (integral_key_) {
    IntegralTags(*keys[0], count, tags);
  } else {
    std::memcpy(tags, hashes, count * sizeof(uint64_t));
  }
}

void JoinHashTable::FindFirstMatches(const std::vector<const Vector*>& keys, size_t count,
                                     const uint64_t* hashes, const uint64_t* tags,
                                     const uint8_t* skip, RowId* first) const {
  const auto* heads = reinterpret_cast<const RowId*>(heads_.data());
  uint32_t active[kVectorSize];
  size_t active_count = 0;
  for (size_t i = 0; i < count; ++i) {
    RowId row = skip[i] ? kEnd : heads[hashes[i] & mask_];
    first[i] = row;
    if (row != kEnd) active[active_count++] = static_cast<uint32_t>(i);
  }
  // Each pass looks at one chain position of every unresolved row: independent loads.
  while (active_count > 0) {
    size_t still = 0;
    for (size_t j = 0; j < active_count; ++j) {
      uint32_t i = active[j];
      RowId row = first[i];
      if (Matches(row, tags[i], keys, i)) continue;
      row = Link(row, kNextOffset);
      first[i] = row;
      if (row != kEnd) active[still++] = i;
    }
    active_count = still;
  }
}

bool JoinHashTable::KeysEqual(RowId row, const std::vector<const Vector*>& probe_keys,
                              size_t probe_row) const {
  const DataChunk& build = chunk(row);
  size_t build_row = row % kVectorSize;
  for (size_t k = 0; k < key_columns_.size(); ++k) {
    if (!KeyValuesEqual(*probe_keys[k], probe_row, build.column(key_columns_[k]), build_row)) {
      return false;
    }
  }
  return true;
}

}  // namespace tarn::exec
