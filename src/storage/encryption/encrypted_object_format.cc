#include "storage/encryption/encrypted_object_format.h"

#include <fmt/format.h>

#include <cstring>

#include "common/error.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

constexpr char kObjectMagic[8] = {'T', 'A', 'R', 'N', 'O', 'B', 'J', '1'};
constexpr char kEnvelopeMagic[8] = {'T', 'A', 'R', 'N', 'K', 'E', 'Y', '1'};
constexpr size_t kEnvelopeAadSize =
    32;  // magic | version | key length | master version | object id

void StoreLittle16(uint8_t* out, uint16_t value) {
  out[0] = static_cast<uint8_t>(value);
  out[1] = static_cast<uint8_t>(value >> 8);
}
void StoreLittle32(uint8_t* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}
uint16_t LoadLittle16(const uint8_t* in) { return static_cast<uint16_t>(in[0] | (in[1] << 8)); }
uint32_t LoadLittle32(const uint8_t* in) {
  return uint32_t{in[0]} | (uint32_t{in[1]} << 8) | (uint32_t{in[2]} << 16) |
         (uint32_t{in[3]} << 24);
}

std::array<uint8_t, kGcmNonceSize> SegmentNonce(uint64_t index, bool final) {
  std::array<uint8_t, kGcmNonceSize> nonce{};
  nonce[0] = final ? 1 : 0;
  for (int i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(index >> (56 - 8 * i));
  return nonce;
}

void EncodeEnvelopeAad(const KeyEnvelope& envelope, uint8_t* out) {
  std::memcpy(out, kEnvelopeMagic, 8);
  StoreLittle16(out + 8, kEncryptionFormatVersion);
  StoreLittle16(out + 10, static_cast<uint16_t>(envelope.object_key.size()));
  StoreLittle32(out + 12, envelope.master_key_version);
  std::memcpy(out + 16, envelope.object_id.data(), envelope.object_id.size());
}

std::string EnvelopeAad(const KeyEnvelope& envelope) {
  std::string aad(kEnvelopeAadSize, '\0');
  EncodeEnvelopeAad(envelope, reinterpret_cast<uint8_t*>(aad.data()));
  aad += envelope.object_key;
  return aad;
}

std::span<const uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::string ObjectIdHex(const ObjectId& id) { return fmt::format("{:02x}", fmt::join(id, "")); }

void EncodeObjectHeader(const ObjectHeader& header, uint8_t* out) {
  std::memcpy(out, kObjectMagic, 8);
  StoreLittle16(out + 8, kEncryptionFormatVersion);
  StoreLittle16(out + 10, 0);
  StoreLittle32(out + 12, header.segment_size);
  std::memcpy(out + 16, header.object_id.data(), header.object_id.size());
}

ObjectHeader DecodeObjectHeader(std::span<const uint8_t> bytes, std::string_view key) {
  auto fail = [key](std::string message) {
    return Error(ErrorCode::kCorrupt, std::move(message)).At({std::string(key), 0, 0, -1});
  };
  if (bytes.size() < kObjectHeaderSize || std::memcmp(bytes.data(), kObjectMagic, 8) != 0) {
    throw fail(
        fmt::format("object '{}' has no tarn encryption header: it was written without encryption, "
                    "or is corrupted",
                    key));
  }
  uint16_t version = LoadLittle16(bytes.data() + 8);
  if (version != kEncryptionFormatVersion) {
    throw fail(
        fmt::format("object '{}' uses encryption format version {}; this tarn reads version {}",
                    key, version, kEncryptionFormatVersion));
  }
  ObjectHeader header;
  header.segment_size = LoadLittle32(bytes.data() + 12);
  if (LoadLittle16(bytes.data() + 10) != 0 || header.segment_size < kMinSegmentSize ||
      header.segment_size > kMaxSegmentSize) {
    throw fail(fmt::format(
        "decryption failed for object '{}': wrong key or corrupted data (bad header)", key));
  }
  std::memcpy(header.object_id.data(), bytes.data() + 16, header.object_id.size());
  return header;
}

uint64_t EncryptedSize(uint64_t plaintext_size, uint32_t segment_size) {
  uint64_t segments = plaintext_size == 0 ? 1 : (plaintext_size + segment_size - 1) / segment_size;
  return kObjectHeaderSize + plaintext_size + segments * kGcmTagSize;
}

std::optional<uint64_t> PlaintextSize(uint64_t encrypted_size, uint32_t segment_size) {
  if (encrypted_size < kObjectHeaderSize + kGcmTagSize) return std::nullopt;
  uint64_t body = encrypted_size - kObjectHeaderSize;
  uint64_t record = uint64_t{segment_size} + kGcmTagSize;
  uint64_t full = body / record;
  uint64_t rest = body % record;
  if (rest == 0) return full * segment_size;
  if (rest < kGcmTagSize || (rest == kGcmTagSize && full > 0)) return std::nullopt;
  return full * segment_size + (rest - kGcmTagSize);
}

SegmentCipher::SegmentCipher(const DataKey& data_key, std::span<const uint8_t> header,
                             std::string_view key)
    : cipher_(data_key), aad_(reinterpret_cast<const char*>(header.data()), header.size()) {
  aad_ += key;
}

void SegmentCipher::Seal(uint64_t index, bool final, std::span<const uint8_t> plaintext,
                         uint8_t* out) {
  auto nonce = SegmentNonce(index, final);
  cipher_.Encrypt(nonce, Bytes(aad_), plaintext, out, out + plaintext.size());
}

bool SegmentCipher::Open(uint64_t index, bool final, std::span<const uint8_t> sealed,
                         uint8_t* out) {
  if (sealed.size() < kGcmTagSize) return false;
  auto nonce = SegmentNonce(index, final);
  size_t length = sealed.size() - kGcmTagSize;
  return cipher_.Decrypt(nonce, Bytes(aad_), sealed.first(length), sealed.data() + length, out);
}

KeyEnvelope WrapDataKey(const DataKey& data_key, std::span<const uint8_t, kAesKeySize> master_key,
                        uint32_t master_key_version, const ObjectId& object_id,
                        std::string_view key) {
  KeyEnvelope envelope;
  envelope.master_key_version = master_key_version;
  envelope.object_id = object_id;
  envelope.object_key = std::string(key);
  FillRandomBytes(envelope.nonce);  // random 96-bit nonce: < 2^32 wraps per master key stays safe
  AesGcm cipher(master_key);
  cipher.Encrypt(envelope.nonce, Bytes(EnvelopeAad(envelope)), data_key,
                 envelope.wrapped_key.data(), envelope.tag.data());
  return envelope;
}

bool UnwrapDataKey(const KeyEnvelope& envelope, std::span<const uint8_t, kAesKeySize> master_key,
                   DataKey& data_key) {
  AesGcm cipher(master_key);
  bool ok = cipher.Decrypt(envelope.nonce, Bytes(EnvelopeAad(envelope)), envelope.wrapped_key,
                           envelope.tag.data(), data_key.data());
  if (!ok) WipeBytes(data_key);
  return ok;
}

Buffer EncodeKeyEnvelope(const KeyEnvelope& envelope) {
  TARN_CHECK(envelope.object_key.size() <= 0xffff);
  Buffer out(kEnvelopeFixedSize + envelope.object_key.size());
  out.Resize(kEnvelopeFixedSize + envelope.object_key.size());
  uint8_t* bytes = out.data();
  EncodeEnvelopeAad(envelope, bytes);
  std::memcpy(bytes + 32, envelope.nonce.data(), kGcmNonceSize);
  std::memcpy(bytes + 44, envelope.wrapped_key.data(), kAesKeySize);
  std::memcpy(bytes + 76, envelope.tag.data(), kGcmTagSize);
  std::memcpy(bytes + kEnvelopeFixedSize, envelope.object_key.data(), envelope.object_key.size());
  return out;
}

KeyEnvelope DecodeKeyEnvelope(std::span<const uint8_t> bytes, std::string_view where) {
  auto fail = [where](std::string_view why) {
    return Error(ErrorCode::kCorrupt, fmt::format("corrupted key envelope: {}", why))
        .At({std::string(where), 0, 0, -1});
  };
  if (bytes.size() < kEnvelopeFixedSize || std::memcmp(bytes.data(), kEnvelopeMagic, 8) != 0)
    throw fail("bad magic");
  if (LoadLittle16(bytes.data() + 8) != kEncryptionFormatVersion)
    throw fail("unknown format version");
  size_t key_length = LoadLittle16(bytes.data() + 10);
  if (bytes.size() != kEnvelopeFixedSize + key_length) throw fail("wrong size");
  KeyEnvelope envelope;
  envelope.master_key_version = LoadLittle32(bytes.data() + 12);
  std::memcpy(envelope.object_id.data(), bytes.data() + 16, envelope.object_id.size());
  std::memcpy(envelope.nonce.data(), bytes.data() + 32, kGcmNonceSize);
  std::memcpy(envelope.wrapped_key.data(), bytes.data() + 44, kAesKeySize);
  std::memcpy(envelope.tag.data(), bytes.data() + 76, kGcmTagSize);
  envelope.object_key.assign(reinterpret_cast<const char*>(bytes.data()) + kEnvelopeFixedSize,
                             key_length);
  return envelope;
}

}  // namespace tarn::storage
