// A column of one batch: up to kVectorSize values of one LogicalType, a validity mask, and the
// memory their strings live in. Kernels get the typed data pointer once per batch and loop.
//
// Kinds: kFlat (value i at data[i]) and kConstant (data[0] holds the value of every row; the mask's
// row 0 says whether it is NULL). Vectors can share data (Reference) — writers call Reset() first,
// which gives them a private buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/arena.h"
#include "common/logical_type.h"
#include "common/memory.h"
#include "common/string_ref.h"
#include "exec/vector/validity_mask.h"

namespace tarn::exec {

class Value;

enum class VectorKind : uint8_t { kFlat, kConstant };

// Not thread-safe; a vector belongs to one batch on one thread. Copying is explicit (Reference/Copy).
class Vector {
 public:
  Vector() = default;
  explicit Vector(LogicalType type);
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;
  Vector(Vector&&) noexcept = default;
  Vector& operator=(Vector&&) noexcept = default;

  const LogicalType& type() const { return type_; }
  VectorKind kind() const { return kind_; }
  bool IsConstant() const { return kind_ == VectorKind::kConstant; }

  template <class T>
  T* data() {
    return reinterpret_cast<T*>(data_);
  }
  template <class T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_);
  }
  uint8_t* raw_data() { return data_; }
  const uint8_t* raw_data() const { return data_; }

  ValidityMask& validity() { return validity_; }
  const ValidityMask& validity() const { return validity_; }
  bool IsNull(size_t row) const { return !validity_.IsValid(kind_ == VectorKind::kConstant ? 0 : row); }

  // Makes this vector a private, writable, all-valid flat vector of its type (reuses its buffer when
  // not shared) and clears its string arena.
  void Reset();
  // Like Reset() but also changes the type.
  void Reset(LogicalType type);
  // Makes this vector a constant vector of 'value' (which may be NULL).
  void SetConstant(const Value& value);
  // Shares other's data, validity, strings and pins (zero copy).
  void Reference(const Vector& other);
  // Copies rows [sel[0..count)] (or [0..count) when sel is null) of 'source' into rows
  // [0..count) of this vector, flattening constants. Strings are re-pointed, not copied: this
  // vector pins the source's string memory.
  void CopyFrom(const Vector& source, const uint32_t* sel, size_t count);
  // Turns a constant vector into a flat one holding 'count' copies.
  void Flatten(size_t count);

  // Memory for string bytes written by this vector's producer (function results, parsers).
  Arena& string_arena();
  // Copies 'text' into the string arena (unless it fits inline) and returns the ref.
  StringRef AddString(std::string_view text) { return string_arena().AddString(text); }
  // Keeps 'owner' alive as long as this vector (or any vector referencing it) uses its strings —
  // e.g. the CSV input buffer the StringRefs point into.
  void Pin(std::shared_ptr<const void> owner);

  // Slow, per-value access for tests, printing and constants. Never use in a hot loop.
  Value GetValue(size_t row) const;
  void SetValue(size_t row, const Value& value);

 private:
  LogicalType type_;
  VectorKind kind_ = VectorKind::kFlat;
  uint8_t* data_ = nullptr;            // kVectorSize values (points into buffer_)
  std::shared_ptr<Buffer> buffer_;     // shared with vectors that Reference() this one
  ValidityMask validity_;
  std::shared_ptr<Arena> arena_;       // string bytes; shared on Reference()
  std::vector<std::shared_ptr<const void>> pins_;  // external memory strings point into
};

}  // namespace tarn::exec
