// The bytes of one write-ahead log segment file (<data-dir>/wal/<stream>/NNNNNNNN.wal, format 1).
// Pure encoding and crypto, no I/O: Wal (wal.h) reads and writes these bytes.
//
// Segment  = header | record*
// header   = "TARNWAL1" | u16 format version | u16 envelope length | u32 0 | u64 segment number
//            | u64 first sequence | key envelope | u32 crc32c of everything before it
// record   = u32 crc32c of the rest of the record | u32 payload length (bit 31: the last record
//            of one write) | u64 sequence | AES-256-GCM ciphertext of the payload | 16-byte tag
// All integers little-endian. The key envelope (encrypted_object_format.h) wraps the segment's
// random data key under a keyring master key, bound to the segment's key
// "wal/<stream>/NNNNNNNN.wal" and a random segment id, exactly as lake objects are. A record's
// nonce is its sequence number (4 zero bytes | u64 big-endian); sequence numbers are unique within
// a stream and every segment has its own key, so no nonce repeats under one key (a segment is never
// reopened for appending).
//
// Two checks, two jobs: CRC-32C finds torn writes and media errors while scanning, without the
// key; the GCM tag proves the payload is what tarn wrote (a forged record with a recomputed CRC
// fails at decryption). A record's sequence number is in its nonce, so renumbering, reordering or
// moving a record to another segment also fails the tag.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/memory.h"
#include "storage/encryption/encrypted_object_format.h"

namespace tarn::storage {

constexpr size_t kWalRecordHeaderSize = 16;  // crc | length | sequence
constexpr size_t kWalRecordOverhead = kWalRecordHeaderSize + kGcmTagSize;
constexpr uint32_t kWalMaxPayloadSize = 16 * 1024 * 1024;
constexpr uint32_t kWalWriteEndFlag = 0x80000000;  // in the length field

// Returns "NNNNNNNN.wal" (8 decimal digits) for segment 'number'.
std::string WalSegmentFileName(uint64_t number);
// Parses a segment file name; nullopt when 'name' is not one.
std::optional<uint64_t> ParseWalSegmentFileName(std::string_view name);
// Returns "wal/<stream>/NNNNNNNN.wal": the key the data key is bound to.
std::string WalSegmentKey(std::string_view stream, uint64_t number);

// The decoded segment header.
struct WalSegmentHeader {
  uint64_t segment_number = 0;
  uint64_t first_sequence = 0;  // sequence of the first record, or of the next one when empty
  KeyEnvelope envelope;
};

// Appends the encoded header to 'out'.
void EncodeWalSegmentHeader(const WalSegmentHeader& header, Buffer& out);
// Decodes a header from the start of 'bytes' and sets 'header_size'. Returns nullopt when the
// bytes are too short or the checksum fails (a torn or damaged header); throws Error(kCorrupt)
// naming 'where' when the checksum holds but the content is not a format-1 header.
std::optional<WalSegmentHeader> DecodeWalSegmentHeader(std::span<const uint8_t> bytes,
                                                       std::string_view where, size_t& header_size);

// One framed record inside segment bytes (points into them).
struct WalFrame {
  uint64_t sequence = 0;
  std::span<const uint8_t> sealed;  // ciphertext | tag
  size_t size = 0;                  // whole frame, header included
  bool write_end = false;           // the last record of one write (and one sync)
};

enum class WalFrameStatus { kOk, kIncomplete, kBadChecksum };

// Parses the frame at the start of 'bytes'. kIncomplete: the bytes end inside the frame;
// kBadChecksum: the frame is complete but its CRC does not match (or its length is impossible).
WalFrameStatus ParseWalFrame(std::span<const uint8_t> bytes, WalFrame& frame);

// Seals and opens the records of one segment. Not thread-safe (one per writer or reader).
class WalRecordCipher {
 public:
  explicit WalRecordCipher(const DataKey& data_key) : cipher_(data_key) {}

  // Appends the framed, encrypted record to 'out'.
  void Seal(uint64_t sequence, std::span<const uint8_t> payload, Buffer& out);
  // Flags the record sealed at 'frame_offset' of 'out' as the last of a write (CRC updated).
  static void MarkWriteEnd(Buffer& out, size_t frame_offset);
  // Decrypts a parsed frame into 'out' (resized); false when the tag does not match.
  [[nodiscard]] bool Open(const WalFrame& frame, Buffer& out);

 private:
  AesGcm cipher_;
};

}  // namespace tarn::storage
