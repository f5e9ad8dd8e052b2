#include "exec/operator/join_hash_table.h"

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

JoinHashTable::JoinHashTable(std::vector<DataChunk> chunks, std::vector<size_t> key_columns,
                             MemoryTracker& memory)
    : chunks_(std::move(chunks)), key_columns_(std::move(key_columns)), memory_(memory) {
  size_t id_end = chunks_.size() * kVectorSize;
  TARN_CHECK(id_end < kEnd);
  for (const auto& chunk : chunks_) row_count_ += chunk.physical_size();
  size_t buckets = 1024;
  while (buckets < 2 * row_count_) buckets <<= 1;
  mask_ = buckets - 1;
  reserved_ = buckets * sizeof(RowId) + id_end * (sizeof(RowId) + sizeof(uint64_t) + 1);
  memory_.Reserve(reserved_, "hash join build side");
  heads_.assign(buckets, kEnd);
  next_.assign(id_end, kEnd);
  hashes_.assign(id_end, 0);
  matched_ = std::make_unique<std::atomic<uint8_t>[]>(id_end);
  for (size_t i = 0; i < id_end; ++i) matched_[i].store(0, std::memory_order_relaxed);

  std::vector<const Vector*> keys(key_columns_.size());
  // Insert from the last row to the first so each chain lists rows in build input order.
  for (size_t c = chunks_.size(); c-- > 0;) {
    const DataChunk& chunk = chunks_[c];
    size_t count = chunk.physical_size();
    for (size_t k = 0; k < keys.size(); ++k) keys[k] = &chunk.column(key_columns_[k]);
    uint64_t* hashes = hashes_.data() + c * kVectorSize;
    HashKeyColumns(keys, count, hashes);
    for (size_t r = count; r-- > 0;) {
      bool any_null = false;
      for (const Vector* key : keys) any_null |= !key->validity().IsValid(r);
      if (any_null) {
        has_null_key_ = true;
        continue;
      }
      RowId id = static_cast<RowId>(c * kVectorSize + r);
      size_t bucket = hashes[r] & mask_;
      next_[id] = heads_[bucket];
      heads_[bucket] = id;
    }
  }
}

JoinHashTable::~JoinHashTable() { memory_.Release(reserved_); }

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
