#include "format/parquet/parquet_encoding.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

// Returns the 'bit_width'-bit value (<= 64) at 'bit_offset' of LSB-first packed bytes; bits past
// 'size' read as zero.
inline uint64_t ExtractBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width) {
  if (bit_width == 0) return 0;
  size_t byte = bit_offset >> 3;
  int shift = static_cast<int>(bit_offset & 7);
  uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  if (byte + 9 <= size) {
    uint64_t low;
    std::memcpy(&low, data + byte, 8);
    uint64_t value = low >> shift;
    if (shift + bit_width > 64) value |= static_cast<uint64_t>(data[byte + 8]) << (64 - shift);
    return value & mask;
  }
  uint64_t value = 0;
  int needed = shift + bit_width;
  for (int i = 0; i * 8 < needed; ++i) {
    uint64_t part = byte + i < size ? data[byte + i] : 0;
    if (i == 0) {
      value = part >> shift;
    } else {
      int position = i * 8 - shift;
      if (position < 64) value |= part << position;
    }
  }
  return value & mask;
}

uint64_t ReadUleb(const uint8_t*& data, const uint8_t* end, const PageLocation& location) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (data >= end) ThrowCorruptPage(location, "truncated varint");
    uint8_t byte = *data++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  ThrowCorruptPage(location, "varint longer than 10 bytes");
}

int64_t ReadZigzag(const uint8_t*& data, const uint8_t* end, const PageLocation& location) {
  uint64_t raw = ReadUleb(data, end, location);
  return static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
}

}  // namespace

void ThrowCorruptPage(const PageLocation& location, std::string_view what) {
  throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} in column {} of {} at offset {}", what,
                                               location.column, location.file, location.offset));
}

void RleBitPackedDecoder::NextRun() {
  uint64_t header = ReadUleb(data_, end_, *location_);
  if (header & 1) {
    uint64_t groups = header >> 1;
    if (groups == 0) ThrowCorruptPage(*location_, "empty bit-packed run");
    size_t available = static_cast<size_t>(end_ - data_);
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    if (groups > (uint64_t{1} << 40)) ThrowCorruptPage(*location_, "bit-packed run too long");
    // A final run may be cut short after its last real value.
    literal_bytes_ = bytes < available ? bytes : available;
    literal_data_ = data_;
    data_ += literal_bytes_;
    literal_index_ = 0;
    literal_ = true;
    run_remaining_ = bit_width_ == 0 ? groups * 8 : std::min<uint64_t>(groups * 8, literal_bytes_ * 8 / bit_width_);
    if (run_remaining_ == 0) ThrowCorruptPage(*location_, "truncated bit-packed run");
  } else {
    run_remaining_ = header >> 1;
    if (run_remaining_ == 0) ThrowCorruptPage(*location_, "empty rle run");
    size_t value_bytes = (bit_width_ + 7) / 8;
    if (static_cast<size_t>(end_ - data_) < value_bytes) ThrowCorruptPage(*location_, "truncated rle run");
    uint32_t value = 0;
    for (size_t i = 0; i < value_bytes; ++i) value |= static_cast<uint32_t>(data_[i]) << (8 * i);
    data_ += value_bytes;
    if (bit_width_ < 32 && (value >> bit_width_) != 0) ThrowCorruptPage(*location_, "rle value too wide");
    run_value_ = value;
    literal_ = false;
  }
}

void RleBitPackedDecoder::Decode(uint32_t* out, size_t count) {
  while (count > 0) {
    if (run_remaining_ == 0) {
      if (data_ >= end_) ThrowCorruptPage(*location_, "rle / bit-packed data ends early");
      NextRun();
    }
    size_t take = run_remaining_ < count ? static_cast<size_t>(run_remaining_) : count;
    if (literal_) {
      uint64_t bit = literal_index_ * bit_width_;
      if (bit_width_ == 1) {  // definition levels of nullable columns: a byte holds 8 values
        size_t i = 0;
        auto single = [&] {
          size_t byte = bit >> 3;
          out[i++] = byte < literal_bytes_ ? (literal_data_[byte] >> (bit & 7)) & 1 : 0;
          ++bit;
        };
        while (i < take && (bit & 7) != 0) single();
        for (; i + 8 <= take && (bit >> 3) < literal_bytes_; i += 8, bit += 8) {
          uint32_t byte = literal_data_[bit >> 3];
          for (int k = 0; k < 8; ++k) out[i + k] = (byte >> k) & 1;
        }
        while (i < take) single();
      } else {
        size_t i = 0;
        // Whole groups of 8 values start on a byte boundary: stream their bytes through a word.
        if (literal_index_ % 8 == 0) {
          const uint32_t mask = bit_width_ == 32 ? ~0u : (1u << bit_width_) - 1;
          const uint8_t* bytes = literal_data_ + (literal_index_ / 8) * bit_width_;
          const uint8_t* end = literal_data_ + literal_bytes_;
          // With 8 readable bytes past the group, each value is one unaligned load and a shift.
          for (; i + 8 <= take && bytes + bit_width_ + 8 <= end; i += 8, bytes += bit_width_) {
            for (int k = 0; k < 8; ++k) {
              unsigned first_bit = static_cast<unsigned>(k * bit_width_);
              uint64_t word;
              std::memcpy(&word, bytes + first_bit / 8, 8);
              out[i + k] = static_cast<uint32_t>(word >> (first_bit % 8)) & mask;
            }
          }
          for (; i + 8 <= take && bytes + bit_width_ <= end; i += 8) {
            uint64_t word = 0;
            int bits = 0;
            for (int k = 0; k < 8; ++k) {
              while (bits < bit_width_) {
                word |= static_cast<uint64_t>(*bytes++) << bits;
                bits += 8;
              }
              out[i + k] = static_cast<uint32_t>(word) & mask;
              word >>= bit_width_;
              bits -= bit_width_;
            }
          }
          bit += i * bit_width_;
        }
        for (; i < take; ++i, bit += bit_width_) {
          out[i] = static_cast<uint32_t>(ExtractBits(literal_data_, literal_bytes_, bit, bit_width_));
        }
      }
      literal_index_ += take;
    } else {
      std::fill_n(out, take, run_value_);
    }
    out += take;
    count -= take;
    run_remaining_ -= take;
  }
}

size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t max_values,
                               std::vector<int64_t>& out, const PageLocation& location) {
  const uint8_t* position = data;
  const uint8_t* end = data + size;
  uint64_t block_size = ReadUleb(position, end, location);
  uint64_t miniblocks = ReadUleb(position, end, location);
  uint64_t total = ReadUleb(position, end, location);
  int64_t value = ReadZigzag(position, end, location);
  if (block_size == 0 || block_size > (1u << 20) || miniblocks == 0 || block_size % miniblocks != 0 ||
      (block_size / miniblocks) % 8 != 0) {
    ThrowCorruptPage(location, fmt::format("bad delta block size {} / {} miniblocks", block_size, miniblocks));
  }
  if (total > max_values) {
    ThrowCorruptPage(location, fmt::format("delta stream of {} values where at most {} fit", total, max_values));
  }
  out.clear();
  out.reserve(total);
  if (total == 0) return static_cast<size_t>(position - data);
  out.push_back(value);
  uint64_t per_miniblock = block_size / miniblocks;
  while (out.size() < total) {
    int64_t min_delta = ReadZigzag(position, end, location);
    if (static_cast<uint64_t>(end - position) < miniblocks) ThrowCorruptPage(location, "truncated delta block");
    const uint8_t* widths = position;
    position += miniblocks;
    for (uint64_t m = 0; m < miniblocks && out.size() < total; ++m) {
      int width = widths[m];
      if (width > 64) ThrowCorruptPage(location, fmt::format("delta bit width {}", width));
      uint64_t bytes = per_miniblock * width / 8;
      if (static_cast<uint64_t>(end - position) < bytes) ThrowCorruptPage(location, "truncated delta miniblock");
      uint64_t take = std::min<uint64_t>(per_miniblock, total - out.size());
      for (uint64_t i = 0; i < take; ++i) {
        uint64_t delta = ExtractBits(position, bytes, i * width, width);
        value = static_cast<int64_t>(static_cast<uint64_t>(value) + static_cast<uint64_t>(min_delta) + delta);
        out.push_back(value);
      }
      position += bytes;
    }
  }
  return static_cast<size_t>(position - data);
}

void DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                                const PageLocation& location) {
  std::vector<int64_t> lengths;
  size_t used = DecodeDeltaBinaryPacked(data, size, count, lengths, location);
  if (lengths.size() != count) ThrowCorruptPage(location, "delta length count differs from value count");
  const char* bytes = reinterpret_cast<const char*>(data + used);
  size_t remaining = size - used;
  for (size_t i = 0; i < count; ++i) {
    int64_t length = lengths[i];
    if (length < 0 || static_cast<uint64_t>(length) > remaining) {
      ThrowCorruptPage(location, "string length past the end of the page");
    }
    out[i] = StringRef(bytes, static_cast<uint32_t>(length));
    bytes += length;
    remaining -= length;
  }
}

void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                          std::string& storage, const PageLocation& location) {
  std::vector<int64_t> prefixes;
  size_t used = DecodeDeltaBinaryPacked(data, size, count, prefixes, location);
  if (prefixes.size() != count) ThrowCorruptPage(location, "delta prefix count differs from value count");
  std::vector<StringRef> suffixes(count);
  DecodeDeltaLengthByteArray(data + used, size - used, count, suffixes.data(), location);
  // Rebuild every value into one buffer first (it may move while growing), then point into it.
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (prefixes[i] < 0) ThrowCorruptPage(location, "negative prefix length");
    total += static_cast<uint64_t>(prefixes[i]) + suffixes[i].size();
    if (total > (uint64_t{1} << 32)) ThrowCorruptPage(location, "delta byte array values too long");
  }
  storage.clear();
  storage.reserve(total);
  std::vector<size_t> starts(count);
  size_t previous_start = 0;
  size_t previous_length = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t prefix = static_cast<size_t>(prefixes[i]);
    if (prefix > previous_length) ThrowCorruptPage(location, "prefix longer than the previous value");
    size_t start = storage.size();
    storage.append(storage, previous_start, prefix);
    storage.append(suffixes[i].data(), suffixes[i].size());
    starts[i] = start;
    previous_start = start;
    previous_length = storage.size() - start;
  }
  for (size_t i = 0; i < count; ++i) {
    size_t end = i + 1 < count ? starts[i + 1] : storage.size();
    out[i] = StringRef(storage.data() + starts[i], static_cast<uint32_t>(end - starts[i]));
  }
}

void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t width, size_t count, uint8_t* out,
                           const PageLocation& location) {
  if (width == 0 || size % width != 0 || size / width < count) {
    ThrowCorruptPage(location, "byte stream split data does not match the value count");
  }
  size_t stride = size / width;
  for (size_t stream = 0; stream < width; ++stream) {
    const uint8_t* source = data + stream * stride;
    for (size_t i = 0; i < count; ++i) out[i * width + stream] = source[i];
  }
}

namespace {

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendLiterals(const uint32_t* values, size_t count, int bit_width, std::string& out) {
  if (count == 0) return;
  size_t groups = (count + 7) / 8;
  AppendVarint((groups << 1) | 1, out);
  size_t start = out.size();
  out.resize(start + groups * bit_width, '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(out.data() + start);
  // Values go in LSB first; whole bytes leave a 64-bit accumulator (< 8 + 32 bits in use).
  const uint64_t mask = bit_width >= 32 ? 0xFFFFFFFFull : (1ull << bit_width) - 1;
  uint64_t pending = 0;
  int pending_bits = 0;
  for (size_t i = 0; i < count; ++i) {
    pending |= (values[i] & mask) << pending_bits;
    pending_bits += bit_width;
    while (pending_bits >= 8) {
      *bytes++ = static_cast<uint8_t>(pending);
      pending >>= 8;
      pending_bits -= 8;
    }
  }
  if (pending_bits > 0) *bytes = static_cast<uint8_t>(pending);  // the padding after is zero
}

}  // namespace

void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string& out) {
  size_t literal_start = 0;
  size_t literal_count = 0;
  size_t i = 0;
  size_t value_bytes = (bit_width + 7) / 8;
  while (i < count) {
    size_t run = 1;
    while (i + run < count && values[i + run] == values[i]) ++run;
    if (run >= 8 && literal_count % 8 != 0) {
      // Bit-packed runs hold multiples of 8 values: fill the last group from this run first.
      size_t fill = 8 - literal_count % 8;
      literal_count += fill;
      i += fill;
      run -= fill;
    }
    if (run >= 8) {
      AppendLiterals(values + literal_start, literal_count, bit_width, out);
      AppendVarint(static_cast<uint64_t>(run) << 1, out);
      for (size_t b = 0; b < value_bytes; ++b) out.push_back(static_cast<char>(values[i] >> (8 * b)));
      i += run;
      literal_start = i;
      literal_count = 0;
    } else {
      if (literal_count == 0) literal_start = i;
      literal_count += run;
      i += run;
    }
  }
  AppendLiterals(values + literal_start, literal_count, bit_width, out);
}

}  // namespace tarn::format::parquet
