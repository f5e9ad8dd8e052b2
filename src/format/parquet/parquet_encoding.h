// Parquet value and level encodings (Apache Parquet spec, "Encodings"): the RLE / bit-packing
// hybrid (levels and dictionary indexes), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
// DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT decoders, and the RLE / bit-packing hybrid encoder the
// writer uses. Decoders check every bound and throw Error(kCorrupt) through a PageLocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/string_ref.h"

namespace tarn::format::parquet {

// Names the page being decoded in error messages.
struct PageLocation {
  std::string_view file;
  std::string_view column;
  uint64_t offset = 0;  // file offset of the page header
};

// Throws Error(kCorrupt) "parquet: <what> in column <column> of <file> at offset <offset>".
[[noreturn]] void ThrowCorruptPage(const PageLocation& location, std::string_view what);

// Decodes the RLE / bit-packing hybrid (without a length prefix) of 'bit_width' (0..32) bits.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width, const PageLocation& location)
      : data_(data), end_(data + size), bit_width_(bit_width), location_(&location) {}

  // Writes the next 'count' values to 'out'; throws when the data holds fewer.
  void Decode(uint32_t* out, size_t count);

 private:
  void NextRun();

  const uint8_t* data_;
  const uint8_t* end_;
  int bit_width_;
  const PageLocation* location_;
  bool literal_ = false;           // current run is bit-packed
  uint64_t run_remaining_ = 0;     // values left in the current run
  uint32_t run_value_ = 0;         // RLE run value
  const uint8_t* literal_data_ = nullptr;  // bit-packed run bytes
  size_t literal_bytes_ = 0;
  uint64_t literal_index_ = 0;     // next value in the bit-packed run
};

// Decodes a DELTA_BINARY_PACKED stream of at most 'max_values' values into 'out' (wrapping 64-bit
// arithmetic; int32 columns take the low 32 bits). Returns the bytes the stream took.
size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t max_values,
                               std::vector<int64_t>& out, const PageLocation& location);

// Decodes 'count' DELTA_LENGTH_BYTE_ARRAY values into 'out'; strings point into 'data'.
void DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                                const PageLocation& location);
// Decodes 'count' DELTA_BYTE_ARRAY values into 'out'; string bytes are rebuilt in 'storage'
// (which must not be modified while 'out' is used).
void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                          std::string& storage, const PageLocation& location);

// Reassembles 'count' values of 'width' bytes from BYTE_STREAM_SPLIT data into 'out'.
void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t width, size_t count, uint8_t* out,
                           const PageLocation& location);

// Returns the number of bits needed for 'max_value' (0 for 0).
inline int BitWidth(uint64_t max_value) { return max_value == 0 ? 0 : 64 - __builtin_clzll(max_value); }

// Appends the RLE / bit-packing hybrid encoding of values[0..count) with 'bit_width' bits (no
// length prefix) to 'out'.
void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string& out);

}  // namespace tarn::format::parquet
