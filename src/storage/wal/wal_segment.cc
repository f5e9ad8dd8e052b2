#include "storage/wal/wal_segment.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/error.h"
#include "storage/wal/crc32c.h"

namespace tarn::storage {
namespace {

constexpr char kSegmentMagic[8] = {'T', 'A', 'R', 'N', 'W', 'A', 'L', '1'};
constexpr uint16_t kWalFormatVersion = 1;
constexpr size_t kHeaderFixedSize = 32;  // before the envelope

void Store32(uint8_t* out, uint32_t value) { std::memcpy(out, &value, 4); }  // little-endian host
void Store64(uint8_t* out, uint64_t value) { std::memcpy(out, &value, 8); }
uint16_t Load16(const uint8_t* in) {
  uint16_t value;
  std::memcpy(&value, in, 2);
  return value;
}
uint32_t Load32(const uint8_t* in) {
  uint32_t value;
  std::memcpy(&value, in, 4);
  return value;
}
uint64_t Load64(const uint8_t* in) {
  uint64_t value;
  std::memcpy(&value, in, 8);
  return value;
}

// Resizes 'out' to 'size', growing capacity geometrically (Buffer::Resize reserves exactly).
void GrowTo(Buffer& out, size_t size) {
  if (size > out.capacity()) out.Reserve(std::max(size, 2 * out.capacity()));
  out.Resize(size);
}

std::array<uint8_t, kGcmNonceSize> RecordNonce(uint64_t sequence) {
  std::array<uint8_t, kGcmNonceSize> nonce{};
  for (int i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(sequence >> (56 - 8 * i));
  return nonce;
}

}  // namespace

std::string WalSegmentFileName(uint64_t number) { return fmt::format("{:08d}.wal", number); }

std::optional<uint64_t> ParseWalSegmentFileName(std::string_view name) {
  if (name.size() < 12 || !name.ends_with(".wal")) return std::nullopt;
  std::string_view digits = name.substr(0, name.size() - 4);
  uint64_t number = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size() || digits[0] == '+')
    return std::nullopt;
  return number;
}

std::string WalSegmentKey(std::string_view stream, uint64_t number) {
  return fmt::format("wal/{}/{}", stream, WalSegmentFileName(number));
}

void EncodeWalSegmentHeader(const WalSegmentHeader& header, Buffer& out) {
  Buffer envelope = EncodeKeyEnvelope(header.envelope);
  TARN_CHECK(envelope.size() <= 0xffff);
  size_t start = out.size();
  GrowTo(out, start + kHeaderFixedSize + envelope.size() + 4);
  uint8_t* bytes = out.data() + start;
  std::memcpy(bytes, kSegmentMagic, 8);
  uint16_t version = kWalFormatVersion;
  auto envelope_size = static_cast<uint16_t>(envelope.size());
  std::memcpy(bytes + 8, &version, 2);
  std::memcpy(bytes + 10, &envelope_size, 2);
  Store32(bytes + 12, 0);
  Store64(bytes + 16, header.segment_number);
  Store64(bytes + 24, header.first_sequence);
  std::memcpy(bytes + kHeaderFixedSize, envelope.data(), envelope.size());
  size_t body = kHeaderFixedSize + envelope.size();
  Store32(bytes + body, Crc32c(0, bytes, body));
}

std::optional<WalSegmentHeader> DecodeWalSegmentHeader(std::span<const uint8_t> bytes,
                                                       std::string_view where,
                                                       size_t& header_size) {
  if (bytes.size() < kHeaderFixedSize) return std::nullopt;
  size_t body = kHeaderFixedSize + Load16(bytes.data() + 10);
  if (bytes.size() < body + 4 || Crc32c(0, bytes.data(), body) != Load32(bytes.data() + body))
    return std::nullopt;
  auto fail = [where](std::string_view why) {
    return Error(ErrorCode::kCorrupt, fmt::format("bad write-ahead log segment header: {}", why))
        .At({std::string(where), 0, 0, -1});
  };
  if (std::memcmp(bytes.data(), kSegmentMagic, 8) != 0) throw fail("bad magic");
  if (Load16(bytes.data() + 8) != kWalFormatVersion) throw fail("unknown format version");
  WalSegmentHeader header;
  header.segment_number = Load64(bytes.data() + 16);
  header.first_sequence = Load64(bytes.data() + 24);
  header.envelope =
      DecodeKeyEnvelope(bytes.subspan(kHeaderFixedSize, body - kHeaderFixedSize), where);
  header_size = body + 4;
  return header;
}

WalFrameStatus ParseWalFrame(std::span<const uint8_t> bytes, WalFrame& frame) {
  if (bytes.size() < kWalRecordHeaderSize) return WalFrameStatus::kIncomplete;
  uint32_t length = Load32(bytes.data() + 4) & ~kWalWriteEndFlag;
  if (length > kWalMaxPayloadSize) {
    // An impossible length: garbage, unless the frame could not be complete anyway.
    return WalFrameStatus::kBadChecksum;
  }
  size_t size = kWalRecordOverhead + length;
  if (bytes.size() < size) return WalFrameStatus::kIncomplete;
  if (Crc32c(0, bytes.data() + 4, size - 4) != Load32(bytes.data()))
    return WalFrameStatus::kBadChecksum;
  frame.sequence = Load64(bytes.data() + 8);
  frame.sealed = bytes.subspan(kWalRecordHeaderSize, length + kGcmTagSize);
  frame.size = size;
  frame.write_end = (Load32(bytes.data() + 4) & kWalWriteEndFlag) != 0;
  return WalFrameStatus::kOk;
}

void WalRecordCipher::Seal(uint64_t sequence, std::span<const uint8_t> payload, Buffer& out) {
  TARN_CHECK(payload.size() <= kWalMaxPayloadSize);
  size_t start = out.size();
  size_t size = kWalRecordOverhead + payload.size();
  GrowTo(out, start + size);
  uint8_t* bytes = out.data() + start;
  Store32(bytes + 4, static_cast<uint32_t>(payload.size()));
  Store64(bytes + 8, sequence);
  auto nonce = RecordNonce(sequence);
  cipher_.Encrypt(nonce, {}, payload, bytes + kWalRecordHeaderSize,
                  bytes + kWalRecordHeaderSize + payload.size());
  Store32(bytes, Crc32c(0, bytes + 4, size - 4));
}

void WalRecordCipher::MarkWriteEnd(Buffer& out, size_t frame_offset) {
  uint8_t* bytes = out.data() + frame_offset;
  uint32_t length = Load32(bytes + 4);
  Store32(bytes + 4, length | kWalWriteEndFlag);
  Store32(bytes, Crc32c(0, bytes + 4, kWalRecordOverhead + length - 4));
}

bool WalRecordCipher::Open(const WalFrame& frame, Buffer& out) {
  size_t length = frame.sealed.size() - kGcmTagSize;
  out.Reserve(length + 1);  // never a null pointer, even for an empty payload
  out.Resize(length);
  auto nonce = RecordNonce(frame.sequence);
  return cipher_.Decrypt(nonce, {}, frame.sealed.first(length), frame.sealed.data() + length,
                         out.data());
}

}  // namespace tarn::storage
