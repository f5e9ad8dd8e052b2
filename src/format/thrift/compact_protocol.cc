#include "format/thrift/compact_protocol.h"

#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::thrift {

void CompactReader::Fail(std::string_view what) const {
  throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} in {} at offset {}", what, context_,
                                               base_offset_ + position_));
}

uint64_t CompactReader::ReadVarint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t byte = ReadRawByte();
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  Fail("varint longer than 10 bytes");
}

void CompactReader::BeginStruct() {
  if (last_field_ids_.size() >= static_cast<size_t>(kMaxDepth)) Fail("structs nested too deeply");
  last_field_ids_.push_back(0);
}

void CompactReader::EndStruct() {
  TARN_CHECK(!last_field_ids_.empty());
  last_field_ids_.pop_back();
}

bool CompactReader::ReadFieldHeader(int16_t& field_id, CompactType& type) {
  TARN_CHECK(!last_field_ids_.empty());
  uint8_t byte = ReadRawByte();
  uint8_t type_code = byte & 0x0f;
  if (type_code == 0) {
    if (byte != 0) Fail("malformed field header");
    return false;
  }
  if (type_code > static_cast<uint8_t>(CompactType::kUuid)) {
    Fail(fmt::format("unknown thrift type {}", type_code));
  }
  type = static_cast<CompactType>(type_code);
  uint8_t delta = byte >> 4;
  int64_t id = delta != 0 ? last_field_ids_.back() + delta : ReadZigzag();
  if (id < INT16_MIN || id > INT16_MAX) Fail("field id out of range");
  field_id = static_cast<int16_t>(id);
  last_field_ids_.back() = field_id;
  if (type == CompactType::kBooleanTrue || type == CompactType::kBooleanFalse) {
    pending_bool_ = type == CompactType::kBooleanTrue ? 1 : 0;
  } else {
    pending_bool_ = -1;
  }
  return true;
}

bool CompactReader::ReadBool() {
  if (pending_bool_ >= 0) {
    bool value = pending_bool_ == 1;
    pending_bool_ = -1;
    return value;
  }
  uint8_t byte = ReadRawByte();
  if (byte > 2) Fail("malformed boolean");
  return byte == 1;
}

int8_t CompactReader::ReadByte() { return static_cast<int8_t>(ReadRawByte()); }

int16_t CompactReader::ReadI16() {
  int64_t value = ReadZigzag();
  if (value < INT16_MIN || value > INT16_MAX) Fail("i16 out of range");
  return static_cast<int16_t>(value);
}

int32_t CompactReader::ReadI32() {
  int64_t value = ReadZigzag();
  if (value < INT32_MIN || value > INT32_MAX) Fail("i32 out of range");
  return static_cast<int32_t>(value);
}

int64_t CompactReader::ReadI64() { return ReadZigzag(); }

double CompactReader::ReadDouble() {
  if (size_ - position_ < 8) Fail("unexpected end of data");
  double value;
  std::memcpy(&value, data_ + position_, 8);
  position_ += 8;
  return value;
}

std::string_view CompactReader::ReadBinary() {
  uint64_t length = ReadVarint();
  if (length > size_ - position_) Fail(fmt::format("binary length {} past the end", length));
  std::string_view value(reinterpret_cast<const char*>(data_ + position_), length);
  position_ += length;
  return value;
}

void CompactReader::ReadListHeader(CompactType& element_type, uint32_t& size) {
  uint8_t byte = ReadRawByte();
  uint8_t type_code = byte & 0x0f;
  if (type_code == 0 || type_code > static_cast<uint8_t>(CompactType::kUuid)) {
    Fail(fmt::format("unknown list element type {}", type_code));
  }
  element_type = static_cast<CompactType>(type_code);
  uint64_t count = byte >> 4;
  if (count == 15) count = ReadVarint();
  // Every element takes at least one byte (booleans included), so a longer list cannot be real.
  if (count > size_ - position_) Fail(fmt::format("list of {} elements past the end", count));
  size = static_cast<uint32_t>(count);
  pending_bool_ = -1;
}

void CompactReader::Skip(CompactType type) { SkipDepth(type, 0); }

void CompactReader::SkipDepth(CompactType type, int depth) {
  if (depth > kMaxDepth) Fail("values nested too deeply");
  switch (type) {
    case CompactType::kBooleanTrue:
    case CompactType::kBooleanFalse:
      ReadBool();
      return;
    case CompactType::kByte: ReadRawByte(); return;
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: ReadVarint(); return;
    case CompactType::kDouble: ReadDouble(); return;
    case CompactType::kBinary: ReadBinary(); return;
    case CompactType::kUuid:
      if (size_ - position_ < 16) Fail("unexpected end of data");
      position_ += 16;
      return;
    case CompactType::kList:
    case CompactType::kSet: {
      CompactType element_type;
      uint32_t count;
      ReadListHeader(element_type, count);
      for (uint32_t i = 0; i < count; ++i) {
        if (element_type == CompactType::kBooleanTrue || element_type == CompactType::kBooleanFalse) {
          ReadRawByte();
        } else {
          SkipDepth(element_type, depth + 1);
        }
      }
      return;
    }
    case CompactType::kMap: {
      uint64_t count = ReadVarint();
      if (count == 0) return;
      if (count > size_ - position_) Fail("map past the end");
      uint8_t types = ReadRawByte();
      auto key_type = static_cast<CompactType>(types >> 4);
      auto value_type = static_cast<CompactType>(types & 0x0f);
      if ((types >> 4) == 0 || (types >> 4) > 13 || (types & 0x0f) == 0 || (types & 0x0f) > 13) {
        Fail("malformed map header");
      }
      for (uint64_t i = 0; i < count; ++i) {
        for (CompactType part : {key_type, value_type}) {
          if (part == CompactType::kBooleanTrue || part == CompactType::kBooleanFalse) {
            ReadRawByte();
          } else {
            SkipDepth(part, depth + 1);
          }
        }
      }
      return;
    }
    case CompactType::kStruct: {
      BeginStruct();
      int16_t id;
      CompactType field_type;
      while (ReadFieldHeader(id, field_type)) SkipDepth(field_type, depth + 1);
      EndStruct();
      return;
    }
    case CompactType::kStop: Fail("unexpected stop byte");
  }
  Fail("unknown thrift type");
}

void CompactWriter::FieldHeader(int16_t id, CompactType type) {
  int16_t& last = last_field_ids_.back();
  int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    WriteZigzag(id);
  }
  last = id;
}

void CompactWriter::ListHeader(CompactType element_type, uint32_t size) {
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(element_type)));
  } else {
    out_.push_back(static_cast<char>(0xf0 | static_cast<uint8_t>(element_type)));
    WriteVarint(size);
  }
}

void CompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

}  // namespace tarn::format::thrift
