#include "exec/operator/aggregate_hash_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/error.h"

namespace tarn::exec {

namespace {

// Mixes a 64-bit key so that the low bits (the slot index) depend on every input bit.
inline uint64_t HashKey(uint64_t x) {
  x ^= x >> 31;
  x *= 0x9E3779B97F4A7C15ULL;
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t HashBytes(const uint8_t* data, size_t size) {
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
  hash = (hash ^ tail) * 0x9E3779B97F4A7C15ULL;
  return HashKey(hash);
}

// Doubles that compare equal must group together: -0.0 joins 0.0 and every NaN joins one NaN.
inline int64_t CanonicalDoubleBits(double value) {
  if (value == 0) value = 0;
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  int64_t bits;
  std::memcpy(&bits, &value, 8);
  return bits;
}

// ---- No keys: one group (ungrouped aggregates) ---------------------------------------------------

class NoKeyTable final : public AggregateHashTable {
 public:
  NoKeyTable(const AggregateLayout& layout, MemoryTracker& memory)
      : AggregateHashTable(layout, memory) {}
  ~NoKeyTable() override {
    DestroyStates();
    ReleaseMemory();
  }

  void FindOrCreate(const std::vector<const Vector*>&, size_t count, uint8_t** rows) override {
    EnsureGroup();
    std::fill(rows, rows + count, group_rows_[0]);
  }
  void FindOrCreateFrom(const AggregateHashTable&, size_t, size_t count, uint8_t** rows) override {
    EnsureGroup();
    std::fill(rows, rows + count, group_rows_[0]);
  }
  void ScatterKeys(size_t, size_t, DataChunk&) const override {}
  void Reset() override {
    DestroyStates();
    group_rows_.clear();
    state_arena_.Reset();
  }

 private:
  void EnsureGroup() {
    if (group_rows_.empty()) {
      AddGroupRow();
      InitializeFrom(0);
      UpdateMemory();
    }
  }
  size_t KeyBytes() const override { return 0; }
};

// ---- One key that fits in 64 bits --------------------------------------------------------------

class Int64KeyTable final : public AggregateHashTable {
 public:
  Int64KeyTable(LogicalType key_type, const AggregateLayout& layout, MemoryTracker& memory)
      : AggregateHashTable(layout, memory), key_type_(key_type) {
    Allocate(1024);
  }
  ~Int64KeyTable() override {
    DestroyStates();
    ReleaseMemory();
  }

  void FindOrCreate(const std::vector<const Vector*>& keys, size_t count, uint8_t** rows) override {
    const Vector& key = *keys[0];
    size_t first_new = group_count();
    ToInt64(key, count, scratch_);
    const ValidityMask& validity = key.validity();
    if (validity.AllValid()) {
      if (dense_) {
        uint64_t max_key = 0;
        for (size_t i = 0; i < count; ++i) {
          max_key = std::max(max_key, static_cast<uint64_t>(scratch_[i]));  // negative -> huge
        }
        if (max_key < kDenseLimit) {
          DenseLookup(scratch_, count, rows, max_key);
        } else {
          LeaveDense();
          Lookup(scratch_, count, rows);
        }
      } else {
        Lookup(scratch_, count, rows);
      }
    } else if (key.IsConstant()) {
      // A constant key's validity lives in row 0 only; AllValid() may be false for a valid one.
      uint8_t* row = validity.IsValid(0) ? LookupOne(scratch_[0]) : NullGroupRow();
      std::fill(rows, rows + count, row);
    } else {
      for (size_t i = 0; i < count; ++i) {
        rows[i] = validity.IsValid(i) ? LookupOne(scratch_[i]) : NullGroupRow();
      }
    }
    if (group_count() > first_new) InitializeFrom(first_new);
    UpdateMemory();
  }

  void FindOrCreateFrom(const AggregateHashTable& other_table, size_t begin, size_t count,
                        uint8_t** rows) override {
    const auto& other = static_cast<const Int64KeyTable&>(other_table);
    size_t first_new = group_count();
    for (size_t i = 0; i < count; ++i) {
      size_t group = begin + i;
      rows[i] = static_cast<int64_t>(group) == other.null_group_ ? NullGroupRow()
                                                                 : LookupOne(other.keys_[group]);
    }
    if (group_count() > first_new) InitializeFrom(first_new);
    UpdateMemory();
  }

  void ScatterKeys(size_t begin, size_t count, DataChunk& output) const override {
    Vector& column = output.column(0);
    const int64_t* keys = keys_.data() + begin;
    switch (key_type_.id()) {
      case TypeId::kBoolean: {
        auto* out = column.data<uint8_t>();
        for (size_t i = 0; i < count; ++i) out[i] = static_cast<uint8_t>(keys[i]);
        break;
      }
      case TypeId::kInteger:
      case TypeId::kDate: {
        auto* out = column.data<int32_t>();
        for (size_t i = 0; i < count; ++i) out[i] = static_cast<int32_t>(keys[i]);
        break;
      }
      default:  // BIGINT, DECIMAL, TIMESTAMP, DOUBLE: the bits as stored
        std::memcpy(column.data<int64_t>(), keys, count * 8);
        break;
    }
    if (null_group_ >= static_cast<int64_t>(begin) &&
        null_group_ < static_cast<int64_t>(begin + count)) {
      column.validity().SetInvalid(null_group_ - begin);
    }
  }

  void Reset() override {
    DestroyStates();
    if (dense_) {
      for (size_t group = 0; group < keys_.size(); ++group) {
        if (static_cast<int64_t>(group) != null_group_) dense_rows_[keys_[group]] = nullptr;
      }
    } else {
      std::memset(slots_, 0, capacity_ * sizeof(Slot));
    }
    dense_ = true;
    group_rows_.clear();
    state_arena_.Reset();
    keys_.clear();
    null_group_ = -1;
  }

 private:
  // Keys in [0, kDenseLimit) (small integer categories, the common GROUP BY case) are found by
  // direct index into dense_rows_, no hashing. The first key outside moves the table to hashing.
  static constexpr uint64_t kDenseLimit = 1 << 16;

  struct Slot {
    int64_t key;
    uint8_t* row;  // null = empty slot
  };

  void EnsureDense(uint64_t max_key) {
    if (max_key < dense_rows_.size()) return;
    size_t size = std::max<size_t>(dense_rows_.size(), 1024);
    while (size <= max_key) size <<= 1;
    dense_rows_.resize(size, nullptr);
  }

  void DenseLookup(const int64_t* keys, size_t count, uint8_t** rows, uint64_t max_key) {
    EnsureDense(max_key);
    uint8_t** dense = dense_rows_.data();
    for (size_t i = 0; i < count; ++i) {
      uint8_t* row = dense[keys[i]];
      if (row == nullptr) row = InsertDense(keys[i]);
      rows[i] = row;
    }
  }

  uint8_t* InsertDense(int64_t key) {
    size_t group = AddGroupRow();
    keys_.push_back(key);
    dense_rows_[key] = group_rows_[group];
    return group_rows_[group];
  }

  // Moves every group from the direct index into the hash slots.
  void LeaveDense() {
    dense_ = false;
    while ((group_count() + 1) * 2 > capacity_) Grow();
    for (size_t group = 0; group < keys_.size(); ++group) {
      if (static_cast<int64_t>(group) == null_group_) continue;
      int64_t key = keys_[group];
      dense_rows_[key] = nullptr;
      size_t position = HashKey(static_cast<uint64_t>(key)) & mask_;
      while (slots_[position].row != nullptr) position = (position + 1) & mask_;
      slots_[position] = {key, group_rows_[group]};
    }
  }

  void Allocate(size_t capacity) {
    capacity_ = capacity;
    mask_ = capacity - 1;
    slot_buffer_.Resize(0);
    slot_buffer_.Reserve(capacity * sizeof(Slot));
    slots_ = reinterpret_cast<Slot*>(slot_buffer_.data());
    std::memset(slots_, 0, capacity * sizeof(Slot));
  }

  void Grow() {
    Buffer old = std::move(slot_buffer_);
    size_t old_capacity = capacity_;
    auto* old_slots = reinterpret_cast<Slot*>(old.data());
    Allocate(capacity_ * 2);
    for (size_t i = 0; i < old_capacity; ++i) {
      if (old_slots[i].row == nullptr) continue;
      size_t position = HashKey(old_slots[i].key) & mask_;
      while (slots_[position].row != nullptr) position = (position + 1) & mask_;
      slots_[position] = old_slots[i];
    }
  }

  void ToInt64(const Vector& key, size_t count, int64_t* out) const {
    size_t n = key.IsConstant() ? 1 : count;
    switch (key_type_.id()) {
      case TypeId::kBoolean: {
        const auto* in = key.data<uint8_t>();
        for (size_t i = 0; i < n; ++i) out[i] = in[i];
        break;
      }
      case TypeId::kInteger:
      case TypeId::kDate: {
        const auto* in = key.data<int32_t>();
        for (size_t i = 0; i < n; ++i) out[i] = in[i];
        break;
      }
      case TypeId::kDouble: {
        const auto* in = key.data<double>();
        for (size_t i = 0; i < n; ++i) out[i] = CanonicalDoubleBits(in[i]);
        break;
      }
      default:
        std::memcpy(out, key.data<int64_t>(), n * 8);
        break;
    }
    if (key.IsConstant()) std::fill(out + 1, out + count, out[0]);
  }

  void Lookup(const int64_t* keys, size_t count, uint8_t** rows) {
    for (size_t i = 0; i < count; ++i) hashes_[i] = HashKey(static_cast<uint64_t>(keys[i]));
    for (size_t i = 0; i < count; ++i) {
      int64_t key = keys[i];
      size_t position = hashes_[i] & mask_;
      while (true) {
        Slot& slot = slots_[position];
        if (slot.key == key && slot.row != nullptr) {
          rows[i] = slot.row;
          break;
        }
        if (slot.row == nullptr) {
          rows[i] = Insert(position, key);
          break;
        }
        position = (position + 1) & mask_;
      }
    }
  }

  uint8_t* LookupOne(int64_t key) {
    if (dense_) {
      if (static_cast<uint64_t>(key) < kDenseLimit) {
        EnsureDense(static_cast<uint64_t>(key));
        uint8_t* row = dense_rows_[key];
        return row != nullptr ? row : InsertDense(key);
      }
      LeaveDense();
    }
    size_t position = HashKey(static_cast<uint64_t>(key)) & mask_;
    while (true) {
      Slot& slot = slots_[position];
      if (slot.row == nullptr) return Insert(position, key);
      if (slot.key == key) return slot.row;
      position = (position + 1) & mask_;
    }
  }

  uint8_t* Insert(size_t position, int64_t key) {
    if ((group_count() + 1) * 2 > capacity_) {
      Grow();
      position = HashKey(static_cast<uint64_t>(key)) & mask_;
      while (slots_[position].row != nullptr) position = (position + 1) & mask_;
    }
    size_t group = AddGroupRow();
    keys_.push_back(key);
    slots_[position] = {key, group_rows_[group]};
    return group_rows_[group];
  }

  uint8_t* NullGroupRow() {
    if (null_group_ < 0) {
      null_group_ = static_cast<int64_t>(AddGroupRow());
      keys_.push_back(0);
    }
    return group_rows_[null_group_];
  }

  size_t KeyBytes() const override {
    return slot_buffer_.capacity() + keys_.capacity() * 8 + dense_rows_.capacity() * 8;
  }

  LogicalType key_type_;
  Buffer slot_buffer_;
  Slot* slots_ = nullptr;
  size_t capacity_ = 0;
  size_t mask_ = 0;
  std::vector<int64_t> keys_;  // per group, in group order (0 for the NULL group)
  int64_t null_group_ = -1;    // index of the group of NULL keys, -1 if none yet
  bool dense_ = true;          // every non-NULL key so far is in [0, kDenseLimit)
  std::vector<uint8_t*> dense_rows_;  // key -> group row while dense_ (null = no group)
  int64_t scratch_[kVectorSize];
  uint64_t hashes_[kVectorSize];
};

// ---- Any keys: serialized to bytes -------------------------------------------------------------
//
// A row's key is, per key column, one validity byte then (if valid) the value: fixed-width types
// by their physical bytes (doubles canonicalized), strings as a 4-byte length and the bytes.

class SerializedKeyTable final : public AggregateHashTable {
 public:
  SerializedKeyTable(std::vector<LogicalType> key_types, const AggregateLayout& layout,
                     MemoryTracker& memory)
      : AggregateHashTable(layout, memory), key_types_(std::move(key_types)) {
    Allocate(1024);
  }
  ~SerializedKeyTable() override {
    DestroyStates();
    ReleaseMemory();
  }

  void FindOrCreate(const std::vector<const Vector*>& keys, size_t count, uint8_t** rows) override {
    size_t first_new = group_count();
    Serialize(keys, count);
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* bytes = row_bytes_.data() + offsets_[i];
      uint32_t size = offsets_[i + 1] - offsets_[i];
      rows[i] = LookupOne(bytes, size, HashBytes(bytes, size), true);
    }
    if (group_count() > first_new) InitializeFrom(first_new);
    UpdateMemory();
  }

  void FindOrCreateFrom(const AggregateHashTable& other_table, size_t begin, size_t count,
                        uint8_t** rows) override {
    const auto& other = static_cast<const SerializedKeyTable&>(other_table);
    size_t first_new = group_count();
    for (size_t i = 0; i < count; ++i) {
      size_t group = begin + i;
      rows[i] = LookupOne(other.key_data_[group], other.key_size_[group], other.hashes_[group], true);
    }
    if (group_count() > first_new) InitializeFrom(first_new);
    UpdateMemory();
  }

  void ScatterKeys(size_t begin, size_t count, DataChunk& output) const override {
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* cursor = key_data_[begin + i];
      for (size_t c = 0; c < key_types_.size(); ++c) {
        Vector& column = output.column(c);
        bool valid = *cursor++ != 0;
        if (!valid) {
          column.validity().SetInvalid(i);
          continue;
        }
        if (key_types_[c].id() == TypeId::kVarchar) {
          uint32_t length;
          std::memcpy(&length, cursor, 4);
          cursor += 4;
          column.data<StringRef>()[i] = StringRef(reinterpret_cast<const char*>(cursor), length);
          cursor += length;
        } else {
          size_t width = key_types_[c].PhysicalSize();
          std::memcpy(column.raw_data() + i * width, cursor, width);
          cursor += width;
        }
      }
    }
  }

  void Reset() override {
    DestroyStates();
    group_rows_.clear();
    state_arena_.Reset();
    key_arena_.Reset();
    key_data_.clear();
    key_size_.clear();
    hashes_.clear();
    std::memset(slots_, 0, capacity_ * sizeof(Slot));
  }

 private:
  struct Slot {
    uint32_t salt;            // upper hash bits, to skip most key compares
    uint32_t group_plus_one;  // 0 = empty slot
  };

  void Allocate(size_t capacity) {
    capacity_ = capacity;
    mask_ = capacity - 1;
    slot_buffer_.Resize(0);
    slot_buffer_.Reserve(capacity * sizeof(Slot));
    slots_ = reinterpret_cast<Slot*>(slot_buffer_.data());
    std::memset(slots_, 0, capacity * sizeof(Slot));
  }

  void Grow() {
    Allocate(capacity_ * 2);
    for (size_t group = 0; group < key_data_.size(); ++group) {
      size_t position = hashes_[group] & mask_;
      while (slots_[position].group_plus_one != 0) position = (position + 1) & mask_;
      slots_[position] = {static_cast<uint32_t>(hashes_[group] >> 32),
                          static_cast<uint32_t>(group + 1)};
    }
  }

  void Serialize(const std::vector<const Vector*>& keys, size_t count) {
    std::fill(sizes_, sizes_ + count, 0);
    for (size_t c = 0; c < keys.size(); ++c) {
      const Vector& key = *keys[c];
      bool constant = key.IsConstant();
      bool is_string = key_types_[c].id() == TypeId::kVarchar;
      size_t width = key_types_[c].PhysicalSize();
      for (size_t i = 0; i < count; ++i) {
        size_t row = constant ? 0 : i;
        if (!key.validity().IsValid(row)) {
          sizes_[i] += 1;
        } else {
          sizes_[i] += 1 + (is_string ? 4 + key.data<StringRef>()[row].size() : width);
        }
      }
    }
    offsets_[0] = 0;
    for (size_t i = 0; i < count; ++i) offsets_[i + 1] = offsets_[i] + sizes_[i];
    row_bytes_.Resize(offsets_[count]);
    std::copy(offsets_, offsets_ + count, sizes_);  // sizes_ becomes the write cursor
    uint8_t* base = row_bytes_.data();
    for (size_t c = 0; c < keys.size(); ++c) {
      const Vector& key = *keys[c];
      bool constant = key.IsConstant();
      TypeId type = key_types_[c].id();
      size_t width = key_types_[c].PhysicalSize();
      for (size_t i = 0; i < count; ++i) {
        size_t row = constant ? 0 : i;
        uint8_t* out = base + sizes_[i];
        if (!key.validity().IsValid(row)) {
          *out = 0;
          sizes_[i] += 1;
          continue;
        }
        *out++ = 1;
        if (type == TypeId::kVarchar) {
          const StringRef& value = key.data<StringRef>()[row];
          uint32_t length = value.size();
          std::memcpy(out, &length, 4);
          std::memcpy(out + 4, value.data(), length);
          sizes_[i] += 5 + length;
        } else if (type == TypeId::kDouble) {
          int64_t bits = CanonicalDoubleBits(key.data<double>()[row]);
          std::memcpy(out, &bits, 8);
          sizes_[i] += 9;
        } else {
          std::memcpy(out, key.raw_data() + row * width, width);
          sizes_[i] += 1 + width;
        }
      }
    }
  }

  uint8_t* LookupOne(const uint8_t* bytes, uint32_t size, uint64_t hash, bool copy_key) {
    uint32_t salt = static_cast<uint32_t>(hash >> 32);
    size_t position = hash & mask_;
    while (true) {
      Slot& slot = slots_[position];
      if (slot.group_plus_one == 0) break;
      if (slot.salt == salt) {
        size_t group = slot.group_plus_one - 1;
        if (key_size_[group] == size && std::memcmp(key_data_[group], bytes, size) == 0) {
          return group_rows_[group];
        }
      }
      position = (position + 1) & mask_;
    }
    if ((group_count() + 1) * 2 > capacity_) {
      Grow();
      position = hash & mask_;
      while (slots_[position].group_plus_one != 0) position = (position + 1) & mask_;
    }
    size_t group = AddGroupRow();
    uint8_t* stored = key_arena_.Allocate(size, 1);
    std::memcpy(stored, bytes, size);
    key_data_.push_back(stored);
    key_size_.push_back(size);
    hashes_.push_back(hash);
    slots_[position] = {salt, static_cast<uint32_t>(group + 1)};
    return group_rows_[group];
  }

  size_t KeyBytes() const override {
    return slot_buffer_.capacity() + key_arena_.reserved_bytes() + key_data_.capacity() * 8 +
           key_size_.capacity() * 4 + hashes_.capacity() * 8;
  }

  std::vector<LogicalType> key_types_;
  Buffer slot_buffer_;
  Slot* slots_ = nullptr;
  size_t capacity_ = 0;
  size_t mask_ = 0;
  Arena key_arena_{256 * 1024};
  std::vector<const uint8_t*> key_data_;  // per group: serialized key bytes in key_arena_
  std::vector<uint32_t> key_size_;
  std::vector<uint64_t> hashes_;
  Buffer row_bytes_;  // serialized keys of the current batch
  uint32_t sizes_[kVectorSize];
  uint32_t offsets_[kVectorSize + 1];
};

bool FitsInt64(LogicalType type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return true;
    default:
      return false;
  }
}

}  // namespace

AggregateLayout::AggregateLayout(std::vector<const AggregateFunction*> functions_in)
    : functions(std::move(functions_in)) {
  size_t offset = 0;
  for (const AggregateFunction* function : functions) {
    size_t align = std::max<size_t>(function->state_alignment, 1);
    offset = (offset + align - 1) / align * align;
    offsets.push_back(offset);
    offset += function->state_size;
    alignment = std::max(alignment, align);
  }
  row_width = std::max<size_t>((offset + alignment - 1) / alignment * alignment, alignment);
}

AggregateHashTable::AggregateHashTable(const AggregateLayout& layout, MemoryTracker& memory)
    : layout_(layout), memory_(memory) {}

std::unique_ptr<AggregateHashTable> AggregateHashTable::Create(
    const std::vector<LogicalType>& key_types, const AggregateLayout& layout,
    MemoryTracker& memory) {
  if (key_types.empty()) return std::make_unique<NoKeyTable>(layout, memory);
  if (key_types.size() == 1 && FitsInt64(key_types[0])) {
    return std::make_unique<Int64KeyTable>(key_types[0], layout, memory);
  }
  return std::make_unique<SerializedKeyTable>(key_types, layout, memory);
}

size_t AggregateHashTable::AddGroupRow() {
  group_rows_.push_back(state_arena_.Allocate(layout_.row_width, layout_.alignment));
  return group_rows_.size() - 1;
}

void AggregateHashTable::InitializeFrom(size_t first) {
  size_t total = group_count();
  uint8_t* states[kVectorSize];
  for (size_t a = 0; a < layout_.functions.size(); ++a) {
    size_t offset = layout_.offsets[a];
    for (size_t begin = first; begin < total; begin += kVectorSize) {
      size_t count = std::min(kVectorSize, total - begin);
      for (size_t i = 0; i < count; ++i) states[i] = group_rows_[begin + i] + offset;
      layout_.functions[a]->initialize(states, count);
    }
  }
}

void AggregateHashTable::DestroyStates() {
  size_t total = group_count();
  uint8_t* states[kVectorSize];
  for (size_t a = 0; a < layout_.functions.size(); ++a) {
    if (layout_.functions[a]->destroy == nullptr) continue;
    size_t offset = layout_.offsets[a];
    for (size_t begin = 0; begin < total; begin += kVectorSize) {
      size_t count = std::min(kVectorSize, total - begin);
      for (size_t i = 0; i < count; ++i) states[i] = group_rows_[begin + i] + offset;
      layout_.functions[a]->destroy(states, count);
    }
  }
}

void AggregateHashTable::UpdateMemory() {
  uint64_t total = state_arena_.reserved_bytes() + group_rows_.capacity() * sizeof(uint8_t*) +
                   KeyBytes();
  if (total > reserved_) {
    memory_.Reserve(total - reserved_, "hash aggregate");
    reserved_ = total;
  }
}

void AggregateHashTable::ReleaseMemory() {
  memory_.Release(reserved_);
  reserved_ = 0;
}

}  // namespace tarn::exec
