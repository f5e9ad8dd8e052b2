#include "exec/vector/vector.h"

#include "common/error.h"
#include "exec/vector/value.h"

namespace tarn::exec {

Vector::Vector(LogicalType type) : type_(type) { Reset(); }

void Vector::Reset() {
  kind_ = VectorKind::kFlat;
  validity_.SetAllValid();
  size_t bytes = std::max<size_t>(type_.PhysicalSize(), 1) * kVectorSize;
  if (!buffer_ || buffer_.use_count() > 1 || buffer_->capacity() < bytes) {
    buffer_ = std::make_shared<Buffer>(bytes);
  }
  data_ = buffer_->data();
  if (arena_ && arena_.use_count() == 1) {
    arena_->Reset();
  } else {
    arena_.reset();
  }
  pins_.clear();
}

void Vector::Reset(LogicalType type) {
  type_ = type;
  Reset();
}

Arena& Vector::string_arena() {
  if (!arena_) arena_ = std::make_shared<Arena>(16 * 1024);
  return *arena_;
}

void Vector::Pin(std::shared_ptr<const void> owner) { pins_.push_back(std::move(owner)); }

void Vector::Reference(const Vector& other) {
  type_ = other.type_;
  kind_ = other.kind_;
  data_ = other.data_;
  buffer_ = other.buffer_;
  validity_ = other.validity_;
  arena_ = other.arena_;
  pins_ = other.pins_;
}

void Vector::SetConstant(const Value& value) {
  Reset();
  kind_ = VectorKind::kConstant;
  SetValue(0, value);
}

namespace {

template <class T>
void Gather(const T* source, T* target, const uint32_t* sel, size_t count, bool constant) {
  if (constant) {
    for (size_t i = 0; i < count; ++i) target[i] = source[0];
  } else if (sel == nullptr) {
    std::copy(source, source + count, target);
  } else {
    for (size_t i = 0; i < count; ++i) target[i] = source[sel[i]];
  }
}

}  // namespace

void Vector::CopyFrom(const Vector& source, const uint32_t* sel, size_t count) {
  TARN_CHECK(count <= kVectorSize);
  if (type_ != source.type_) type_ = source.type_;
  Reset();
  bool constant = source.IsConstant();
  switch (type_.PhysicalSize()) {
    case 1: Gather(source.data<uint8_t>(), data<uint8_t>(), sel, count, constant); break;
    case 4: Gather(source.data<uint32_t>(), data<uint32_t>(), sel, count, constant); break;
    case 8: Gather(source.data<uint64_t>(), data<uint64_t>(), sel, count, constant); break;
    case 16: Gather(source.data<StringRef>(), data<StringRef>(), sel, count, constant); break;
    default: TARN_CHECK(false);
  }
  const ValidityMask& source_mask = source.validity();
  if (!source_mask.AllValid()) {
    for (size_t i = 0; i < count; ++i) {
      size_t row = constant ? 0 : (sel == nullptr ? i : sel[i]);
      if (!source_mask.IsValid(row)) validity_.SetInvalid(i);
    }
  }
  if (type_.id() == TypeId::kVarchar) {
    if (source.arena_) pins_.push_back(source.arena_);
    for (const auto& pin : source.pins_) pins_.push_back(pin);
  }
}

void Vector::Flatten(size_t count) {
  if (kind_ != VectorKind::kConstant) return;
  bool is_null = !validity_.IsValid(0);
  size_t width = type_.PhysicalSize();
  // Keep the value, then make the buffer private if it is shared.
  uint8_t first[16];
  std::memcpy(first, data_, width);
  if (buffer_.use_count() > 1) {
    auto fresh = std::make_shared<Buffer>(std::max<size_t>(width, 1) * kVectorSize);
    buffer_ = std::move(fresh);
    data_ = buffer_->data();
  }
  for (size_t i = 0; i < count; ++i) std::memcpy(data_ + i * width, first, width);
  kind_ = VectorKind::kFlat;
  validity_.SetAllValid();
  if (is_null) {
    for (size_t i = 0; i < count; ++i) validity_.SetInvalid(i);
  }
}

Value Vector::GetValue(size_t row) const {
  size_t index = kind_ == VectorKind::kConstant ? 0 : row;
  if (!validity_.IsValid(index)) return Value::Null(type_);
  switch (type_.id()) {
    case TypeId::kBoolean: return Value::Boolean(data<uint8_t>()[index] != 0);
    case TypeId::kInteger: return Value::Integer(data<int32_t>()[index]);
    case TypeId::kBigint: return Value::Bigint(data<int64_t>()[index]);
    case TypeId::kDouble: return Value::Double(data<double>()[index]);
    case TypeId::kDecimal:
      return Value::Decimal(data<int64_t>()[index], type_.width(), type_.scale());
    case TypeId::kVarchar: return Value::Varchar(data<StringRef>()[index].ToString());
    case TypeId::kDate: return Value::Date(data<int32_t>()[index]);
    case TypeId::kTimestamp: return Value::Timestamp(data<int64_t>()[index]);
    case TypeId::kNull:
    case TypeId::kInvalid: return Value();
  }
  return Value();
}

void Vector::SetValue(size_t row, const Value& value) {
  if (value.is_null()) {
    validity_.SetInvalid(row);
    return;
  }
  validity_.SetValid(row);
  switch (type_.id()) {
    case TypeId::kBoolean: data<uint8_t>()[row] = value.boolean() ? 1 : 0; break;
    case TypeId::kInteger:
    case TypeId::kDate: data<int32_t>()[row] = static_cast<int32_t>(value.integer()); break;
    case TypeId::kBigint:
    case TypeId::kDecimal:
    case TypeId::kTimestamp: data<int64_t>()[row] = value.integer(); break;
    case TypeId::kDouble: data<double>()[row] = value.double_value(); break;
    case TypeId::kVarchar: data<StringRef>()[row] = AddString(value.string()); break;
    case TypeId::kNull:
    case TypeId::kInvalid: validity_.SetInvalid(row); break;
  }
}

}  // namespace tarn::exec
