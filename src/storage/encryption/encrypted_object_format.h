// The bytes of an encrypted object and of its key envelope (format version 1). Pure encoding and
// crypto, no I/O: EncryptedObjectStore (encrypted_object_store.h) moves these bytes.
//
// Data object  = header (32 bytes, plaintext but authenticated) + segments.
//   header     = "TARNOBJ1" | u16 format version | u16 0 | u32 segment size | 16-byte object id
//   segment i  = AES-256-GCM(data key, nonce_i, aad, plaintext bytes [i*S, min((i+1)*S, n))) | tag
//   nonce_i    = final flag (1 byte: 1 on the last segment) | 3 zero bytes | u64 i (big-endian)
//   aad        = header | object key
// There are max(1, ceil(n / S)) segments, so an empty object is one empty final segment (a bare
// tag) and a multiple of S ends in a full final segment. The data key is random per object and
// every nonce is distinct within it, so no nonce is ever reused. What each attack meets:
//   bit flip anywhere          -> that segment's tag fails (header flips fail every segment)
//   truncation at a boundary   -> the new last segment was sealed with final flag 0: tag fails
//   truncation mid-segment     -> not a valid size, or the shortened segment's tag fails
//   appended bytes, reordering -> the segment count or an index (in the nonce) changes: tag fails
//   segments/headers swapped between objects -> other data key / object id / key in aad: fails
//
// Key envelope = what unlocks one object's data key, stored apart from the data so that master key
// rotation rewrites ~100 bytes per object instead of the object (see encrypted_object_store.h):
//   "TARNKEY1" | u16 format version | u16 key length | u32 master key version | 16-byte object id
//   | 12-byte random nonce | 32-byte wrapped data key | 16-byte tag | object key bytes
// The data key is wrapped with AES-256-GCM under the master key, aad = the first 32 bytes | object
// key, so an envelope moved to another object, or with its master version edited, fails to open.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/memory.h"
#include "storage/encryption/aes_gcm.h"

namespace tarn::storage {

constexpr size_t kObjectHeaderSize = 32;
constexpr size_t kEnvelopeFixedSize = 92;
constexpr uint16_t kEncryptionFormatVersion = 1;
constexpr uint32_t kDefaultSegmentSize = 64 * 1024;
constexpr uint32_t kMinSegmentSize = 16;  // tiny sizes only make sense in tests
constexpr uint32_t kMaxSegmentSize = 16 * 1024 * 1024;

using ObjectId = std::array<uint8_t, 16>;
using DataKey = std::array<uint8_t, kAesKeySize>;

// Returns the object id as 32 hex digits.
std::string ObjectIdHex(const ObjectId& id);

// The decoded object header.
struct ObjectHeader {
  uint32_t segment_size = kDefaultSegmentSize;
  ObjectId object_id{};
};

// Writes the 32 header bytes.
void EncodeObjectHeader(const ObjectHeader& header, uint8_t* out);
// Decodes the 32 header bytes of 'key'. Throws Error(kCorrupt) naming 'key' when the magic is
// missing (object not written by the encrypted store), the version is unknown, or the segment
// size is out of range.
ObjectHeader DecodeObjectHeader(std::span<const uint8_t> bytes, std::string_view key);

// Returns the encrypted size of an object of 'plaintext_size' bytes (header and tags included).
uint64_t EncryptedSize(uint64_t plaintext_size, uint32_t segment_size);
// Returns the plaintext size of an encrypted object of 'encrypted_size' bytes, or nullopt if no
// plaintext size encrypts to exactly that many bytes (truncated or padded object).
std::optional<uint64_t> PlaintextSize(uint64_t encrypted_size, uint32_t segment_size);

// Seals and opens the segments of one object. Not thread-safe (one per reader or writer).
class SegmentCipher {
 public:
  // 'header' must be the encoded header bytes (part of every segment's aad).
  SegmentCipher(const DataKey& data_key, std::span<const uint8_t> header, std::string_view key);

  // Encrypts one segment ('plaintext' at most the segment size) to 'out' (size + tag bytes).
  void Seal(uint64_t index, bool final, std::span<const uint8_t> plaintext, uint8_t* out);
  // Decrypts one segment ('sealed' = ciphertext + tag) to 'out'; false if authentication fails.
  [[nodiscard]] bool Open(uint64_t index, bool final, std::span<const uint8_t> sealed,
                          uint8_t* out);

 private:
  AesGcm cipher_;
  std::string aad_;  // header | object key
};

// A decoded key envelope (data key still wrapped).
struct KeyEnvelope {
  uint32_t master_key_version = 0;
  ObjectId object_id{};
  std::string object_key;
  std::array<uint8_t, kGcmNonceSize> nonce{};
  std::array<uint8_t, kAesKeySize> wrapped_key{};
  std::array<uint8_t, kGcmTagSize> tag{};
};

// Wraps 'data_key' under 'master_key' (version 'master_key_version') for object 'key'.
KeyEnvelope WrapDataKey(const DataKey& data_key, std::span<const uint8_t, kAesKeySize> master_key,
                        uint32_t master_key_version, const ObjectId& object_id,
                        std::string_view key);
// Unwraps; returns false when 'master_key' is not the one that wrapped it or the envelope was
// altered.
[[nodiscard]] bool UnwrapDataKey(const KeyEnvelope& envelope,
                                 std::span<const uint8_t, kAesKeySize> master_key,
                                 DataKey& data_key);

Buffer EncodeKeyEnvelope(const KeyEnvelope& envelope);
// Throws Error(kCorrupt) naming 'where' on a malformed envelope.
KeyEnvelope DecodeKeyEnvelope(std::span<const uint8_t> bytes, std::string_view where);

}  // namespace tarn::storage
