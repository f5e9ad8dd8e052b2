// The Thrift compact protocol (Apache Thrift "compact protocol" spec): the wire format of Parquet's
// footer and page headers. A bounded reader that turns any malformed input into Error(kCorrupt), and
// a writer. Structs are decoded by hand in format/parquet/parquet_metadata.cc; no IDL compiler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::format::thrift {

// Compact-protocol type codes (4 bits).
enum class CompactType : uint8_t {
  kStop = 0,
  kBooleanTrue = 1,
  kBooleanFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,
};

// Reads values from a byte range it does not own. Not thread-safe. Every read checks bounds;
// truncated or malformed input throws Error(kCorrupt) "parquet: <what> in <context> at offset N",
// where N is base_offset + the position in the range (so it names the byte in the file).
// Nesting deeper than kMaxDepth and lists longer than the remaining bytes allow are rejected.
class CompactReader {
 public:
  static constexpr int kMaxDepth = 32;

  CompactReader(const uint8_t* data, size_t size, std::string context, uint64_t base_offset = 0)
      : data_(data), size_(size), context_(std::move(context)), base_offset_(base_offset) {}

  // Enters a struct: field ids of its fields are deltas from 0.
  void BeginStruct();
  void EndStruct();
  // Reads the next field header of the current struct. Returns false at the struct's stop byte.
  // For boolean fields the value is in the header: call ReadBool() next as for any other field.
  bool ReadFieldHeader(int16_t& field_id, CompactType& type);

  bool ReadBool();  // a boolean field (value from its header) or list element (one byte)
  int8_t ReadByte();
  int16_t ReadI16();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  // Returns a view into the input (valid while the input is).
  std::string_view ReadBinary();
  // Reads a list (or set) header; elements follow.
  void ReadListHeader(CompactType& element_type, uint32_t& size);
  // Skips a value of 'type' (a whole struct, list or map included).
  void Skip(CompactType type);

  size_t position() const { return position_; }
  // Throws Error(kCorrupt) "parquet: <what> in <context> at offset <current>".
  [[noreturn]] void Fail(std::string_view what) const;

 private:
  uint64_t ReadVarint();
  int64_t ReadZigzag() {
    uint64_t raw = ReadVarint();
    return static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
  }
  uint8_t ReadRawByte() {
    if (position_ >= size_) Fail("unexpected end of data");
    return data_[position_++];
  }
  void SkipDepth(CompactType type, int depth);

  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
  std::string context_;
  uint64_t base_offset_;
  std::vector<int16_t> last_field_ids_;  // one per open struct
  int8_t pending_bool_ = -1;             // value of the last boolean field header (-1: none)
};

// Appends values to a string. Not thread-safe. Fields of a struct must be written in increasing id
// order between BeginStruct and EndStruct (EndStruct writes the stop byte).
class CompactWriter {
 public:
  explicit CompactWriter(std::string& out) : out_(out) {}

  void BeginStruct() { last_field_ids_.push_back(0); }
  void EndStruct() {
    out_.push_back(0);
    last_field_ids_.pop_back();
  }
  void FieldBool(int16_t id, bool value) {
    FieldHeader(id, value ? CompactType::kBooleanTrue : CompactType::kBooleanFalse);
  }
  void FieldI32(int16_t id, int32_t value) {
    FieldHeader(id, CompactType::kI32);
    WriteZigzag(value);
  }
  void FieldI64(int16_t id, int64_t value) {
    FieldHeader(id, CompactType::kI64);
    WriteZigzag(value);
  }
  void FieldBinary(int16_t id, std::string_view value) {
    FieldHeader(id, CompactType::kBinary);
    WriteBinary(value);
  }
  // Starts a struct-valued field; close it with EndStruct().
  void FieldStruct(int16_t id) {
    FieldHeader(id, CompactType::kStruct);
    BeginStruct();
  }
  // Starts a list-valued field of 'size' elements; elements follow (structs: BeginStruct/EndStruct).
  void FieldList(int16_t id, CompactType element_type, uint32_t size) {
    FieldHeader(id, CompactType::kList);
    ListHeader(element_type, size);
  }
  void ListHeader(CompactType element_type, uint32_t size);
  void ElementI32(int32_t value) { WriteZigzag(value); }
  void ElementBinary(std::string_view value) { WriteBinary(value); }

  void FieldHeader(int16_t id, CompactType type);
  void WriteVarint(uint64_t value);
  void WriteZigzag(int64_t value) {
    WriteVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
  }
  void WriteBinary(std::string_view value) {
    WriteVarint(value.size());
    out_.append(value);
  }

 private:
  std::string& out_;
  std::vector<int16_t> last_field_ids_;
};

}  // namespace tarn::format::thrift
