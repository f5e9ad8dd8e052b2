#include "storage/encryption/encrypted_object_store.h"

#include <fmt/format.h>
#include <sys/time.h>

#include <algorithm>
#include <cstring>
#include <ctime>

#include "common/error.h"
#include "storage/object_store/object_key.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

constexpr size_t kMaxCachedKeys = 4096;

Error DecryptionFailed(std::string_view key, std::string_view detail = {}) {
  std::string message =
      fmt::format("decryption failed for object '{}': wrong key or corrupted data", key);
  if (!detail.empty()) message += fmt::format(" ({})", detail);
  return std::move(Error(ErrorCode::kCorrupt, std::move(message)).At({std::string(key), 0, 0, -1}));
}

uint64_t SegmentCount(uint64_t plaintext_size, uint32_t segment_size) {
  return plaintext_size == 0 ? 1 : (plaintext_size + segment_size - 1) / segment_size;
}

std::string IdBytes(const ObjectId& id) {
  return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

// A data key on the stack that is wiped when it goes out of scope.
struct ScopedDataKey {
  DataKey bytes{};
  ~ScopedDataKey() { WipeBytes(bytes); }
};

}  // namespace

// Streams plaintext into sealed segments. A full segment is sealed only when more data follows,
// since the last segment must carry the final flag.
class EncryptedObjectWriter final : public ObjectWriter {
 public:
  EncryptedObjectWriter(EncryptedObjectStore& store, std::string_view key, bool if_absent)
      : store_(store), key_(key), if_absent_(if_absent) {
    inner_ = store_.inner_->NewWriter(key, if_absent);
    old_id_ = if_absent ? std::nullopt : store_.ReadObjectId(key);
    header_ = store_.StartObject(key, data_key_.bytes);
    envelope_written_ = true;
    EncodeObjectHeader(header_, header_bytes_);
    cipher_.emplace(data_key_.bytes, header_bytes_, key);
    inner_->Write(header_bytes_);
    pending_.Reserve(header_.segment_size);
    sealed_.Resize(header_.segment_size + kGcmTagSize);
  }
  ~EncryptedObjectWriter() override { Abort(); }

  void Write(ByteSpan data) override {
    TARN_CHECK(!finished_);
    while (!data.empty()) {
      if (pending_.size() == header_.segment_size) SealPending(/*final=*/false);
      if (pending_.size() == 0 && data.size() > header_.segment_size) {
        // A whole segment with more data after it: seal straight from the caller's bytes.
        Seal(/*final=*/false, data.first(header_.segment_size));
        data = data.subspan(header_.segment_size);
        continue;
      }
      size_t take = std::min<size_t>(header_.segment_size - pending_.size(), data.size());
      pending_.Append(data.data(), take);
      data = data.subspan(take);
    }
  }

  bool Commit() override {
    TARN_CHECK(!finished_);
    SealPending(/*final=*/true);
    finished_ = true;
    bool published;
    try {
      published = inner_->Commit();
    } catch (...) {
      store_.DropEnvelope(header_.object_id);
      envelope_written_ = false;
      throw;
    }
    if (!published) store_.DropEnvelope(header_.object_id);
    if (published && old_id_ && *old_id_ != header_.object_id) store_.DropEnvelope(*old_id_);
    envelope_written_ = false;
    return published;
  }

  void Abort() noexcept override {
    if (finished_) return;
    finished_ = true;
    inner_->Abort();
    if (envelope_written_) store_.DropEnvelope(header_.object_id);
    envelope_written_ = false;
  }

 private:
  void Seal(bool final, ByteSpan plaintext) {
    cipher_->Seal(next_index_++, final, plaintext, sealed_.data());
    inner_->Write({sealed_.data(), plaintext.size() + kGcmTagSize});
  }
  void SealPending(bool final) {
    Seal(final, {pending_.data(), pending_.size()});
    pending_.Clear();
  }

  EncryptedObjectStore& store_;
  std::string key_;
  bool if_absent_;
  std::unique_ptr<ObjectWriter> inner_;
  std::optional<ObjectId> old_id_;  // the object this write replaces, whose envelope goes after
  ObjectHeader header_;
  uint8_t header_bytes_[kObjectHeaderSize];
  ScopedDataKey data_key_;
  std::optional<SegmentCipher> cipher_;
  Buffer pending_;  // plaintext of the segment being filled
  Buffer sealed_;   // one sealed segment
  uint64_t next_index_ = 0;
  bool envelope_written_ = false;
  bool finished_ = false;
};

EncryptedObjectStore::EncryptedObjectStore(std::unique_ptr<ObjectStore> inner,
                                           const Keyring& keyring, uint32_t segment_size)
    : inner_(std::move(inner)), keyring_(keyring), segment_size_(segment_size) {
  if (segment_size < kMinSegmentSize || segment_size > kMaxSegmentSize) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("encryption segment size {} is outside [{}, {}]", segment_size,
                            kMinSegmentSize, kMaxSegmentSize));
  }
}

EncryptedObjectStore::~EncryptedObjectStore() {
  for (auto& [id, cached] : key_cache_) WipeBytes(cached.data_key);
}

void EncryptedObjectStore::ValidateUserKey(std::string_view key) {
  ValidateObjectKey(key);
  if (key.starts_with(kEnvelopePrefix)) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format(
            "invalid object key '{}': the prefix '{}' is reserved for encryption key envelopes",
            key, kEnvelopePrefix));
  }
}

std::string EncryptedObjectStore::EnvelopeKey(const ObjectId& id) {
  std::string hex = ObjectIdHex(id);
  return fmt::format("{}{}/{}", kEnvelopePrefix, hex.substr(0, 2), hex);
}

ObjectHeader EncryptedObjectStore::StartObject(std::string_view key, DataKey& data_key) {
  ObjectHeader header;
  header.segment_size = segment_size_;
  FillRandomBytes(header.object_id);
  FillRandomBytes(data_key);
  const MasterKey& master = keyring_.Current();
  KeyEnvelope envelope =
      WrapDataKey(data_key, master.material, master.version, header.object_id, key);
  Buffer bytes = EncodeKeyEnvelope(envelope);
  // A fresh random id: the envelope key cannot exist unless 2^128 luck strikes.
  if (!inner_->PutIfAbsent(EnvelopeKey(header.object_id), {bytes.data(), bytes.size()})) {
    throw Error(ErrorCode::kInternal, "object id collision").At({std::string(key), 0, 0, -1});
  }
  return header;
}

std::optional<ObjectId> EncryptedObjectStore::ReadObjectId(std::string_view key) {
  std::optional<Buffer> bytes = inner_->Get(key, ByteRange{0, kObjectHeaderSize});
  if (!bytes || bytes->size() < kObjectHeaderSize) return std::nullopt;
  try {
    return DecodeObjectHeader({bytes->data(), bytes->size()}, key).object_id;
  } catch (const Error&) {
    return std::nullopt;  // not ours: nothing to clean up
  }
}

void EncryptedObjectStore::DropEnvelope(const ObjectId& id) noexcept {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = key_cache_.find(IdBytes(id)); it != key_cache_.end()) {
      WipeBytes(it->second.data_key);
      key_cache_.erase(it);
    }
  }
  try {
    inner_->Delete(EnvelopeKey(id));
  } catch (const Error&) {
    // An envelope left behind is an orphan: harmless, and RemoveOrphanEnvelopes clears it.
  }
}

void EncryptedObjectStore::LoadDataKey(std::string_view key, const ObjectHeader& header,
                                       DataKey& data_key) {
  std::string id = IdBytes(header.object_id);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = key_cache_.find(id); it != key_cache_.end()) {
      if (it->second.object_key != key) throw DecryptionFailed(key, "header of another object");
      data_key = it->second.data_key;
      return;
    }
  }
  std::string envelope_key = EnvelopeKey(header.object_id);
  std::optional<Buffer> bytes = inner_->Get(envelope_key);
  if (!bytes) throw DecryptionFailed(key, "no key envelope for its object id");
  KeyEnvelope envelope = DecodeKeyEnvelope({bytes->data(), bytes->size()}, envelope_key);
  if (envelope.object_key != key || envelope.object_id != header.object_id) {
    throw DecryptionFailed(key, "header of another object");
  }
  const MasterKey* master = keyring_.Find(envelope.master_key_version);
  if (master == nullptr) {
    throw Error(
        ErrorCode::kNotFound,
        fmt::format(
            "decryption failed for object '{}': it needs master key version {}, which {} lacks "
            "(wrong or outdated key file?)",
            key, envelope.master_key_version, keyring_.source()))
        .At({std::string(key), 0, 0, -1});
  }
  if (!UnwrapDataKey(envelope, master->material, data_key)) throw DecryptionFailed(key);
  std::lock_guard lock(cache_mutex_);
  if (key_cache_.size() >= kMaxCachedKeys) {
    for (auto& [cached_id, cached] : key_cache_) WipeBytes(cached.data_key);
    key_cache_.clear();
  }
  key_cache_[id] = CachedKey{std::string(key), data_key};
}

void EncryptedObjectStore::DecryptInPlace(std::string_view key, const DataKey& data_key,
                                          std::span<const uint8_t> header_bytes,
                                          uint32_t segment_size, uint64_t total_segments,
                                          uint64_t first, uint8_t* sealed, uint64_t sealed_size,
                                          uint64_t skip, uint64_t length, uint8_t* out) {
  SegmentCipher cipher(data_key, header_bytes, key);  // copies the header: 'out' may overwrite it
  uint64_t record = uint64_t{segment_size} + kGcmTagSize;
  uint64_t position = 0;  // plaintext offset of the current segment within the run
  uint64_t wanted_end = skip + length;
  for (uint64_t index = first;; ++index) {
    uint64_t begin = (index - first) * record;
    TARN_CHECK(begin + kGcmTagSize <= sealed_size);
    uint64_t sealed_length = std::min<uint64_t>(record, sealed_size - begin);
    uint64_t plain_length = sealed_length - kGcmTagSize;
    uint8_t* segment = sealed + begin;
    bool final = index + 1 == total_segments;
    // GCM decrypts in place when input and output are the same bytes; the plaintext then moves down
    // to 'out', which never passes 'segment' (each segment shrinks by its tag).
    if (!cipher.Open(index, final, {segment, sealed_length}, segment)) {
      throw DecryptionFailed(key, fmt::format("segment {}", index));
    }
    uint64_t want_begin = std::max(skip, position);
    uint64_t want_end = std::min(wanted_end, position + plain_length);
    if (want_end > want_begin) {
      std::memmove(out, segment + (want_begin - position), want_end - want_begin);
      out += want_end - want_begin;
    }
    position += plain_length;
    if (final || position >= wanted_end) break;
  }
}

void EncryptedObjectStore::Put(std::string_view key, ByteSpan data) {
  ValidateUserKey(key);
  auto writer = NewWriter(key, /*if_absent=*/false);
  writer->Write(data);
  writer->Commit();
}

bool EncryptedObjectStore::PutIfAbsent(std::string_view key, ByteSpan data) {
  ValidateUserKey(key);
  if (inner_->Head(key)) return false;  // early answer; the inner commit still decides races
  auto writer = NewWriter(key, /*if_absent=*/true);
  writer->Write(data);
  return writer->Commit();
}

std::unique_ptr<ObjectWriter> EncryptedObjectStore::NewWriter(std::string_view key,
                                                              bool if_absent) {
  ValidateUserKey(key);
  return std::make_unique<EncryptedObjectWriter>(*this, key, if_absent);
}

std::optional<Buffer> EncryptedObjectStore::Get(std::string_view key,
                                                std::optional<ByteRange> range) {
  ValidateUserKey(key);
  ScopedDataKey data_key;
  if (!range) {
    std::optional<Buffer> sealed = inner_->Get(key);
    if (!sealed) return std::nullopt;
    ObjectHeader header = DecodeObjectHeader({sealed->data(), sealed->size()}, key);
    std::optional<uint64_t> size = PlaintextSize(sealed->size(), header.segment_size);
    if (!size) throw DecryptionFailed(key, "truncated or extended");
    LoadDataKey(key, header, data_key.bytes);
    uint8_t* base = sealed->data();
    DecryptInPlace(key, data_key.bytes, {base, kObjectHeaderSize}, header.segment_size,
                   SegmentCount(*size, header.segment_size), 0, base + kObjectHeaderSize,
                   sealed->size() - kObjectHeaderSize, 0, *size, base);
    sealed->Resize(*size);
    return sealed;
  }

  std::optional<ObjectInfo> info = inner_->Head(key);
  if (!info) return std::nullopt;
  std::optional<Buffer> header_bytes = inner_->Get(key, ByteRange{0, kObjectHeaderSize});
  if (!header_bytes) return std::nullopt;  // deleted since Head
  ObjectHeader header = DecodeObjectHeader({header_bytes->data(), header_bytes->size()}, key);
  std::optional<uint64_t> size = PlaintextSize(info->size, header.segment_size);
  if (!size) throw DecryptionFailed(key, "truncated or extended");
  if (range->offset > *size) {
    throw Error(ErrorCode::kOutOfRange,
                fmt::format("range starts at byte {}, past the end of the {}-byte object",
                            range->offset, *size))
        .At({std::string(key), 0, 0, -1});
  }
  uint64_t length = std::min(range->length, *size - range->offset);
  if (length == 0) return Buffer();
  uint64_t segment_size = header.segment_size;
  uint64_t record = segment_size + kGcmTagSize;
  uint64_t first = range->offset / segment_size;
  uint64_t last = (range->offset + length - 1) / segment_size;
  uint64_t sealed_begin = kObjectHeaderSize + first * record;
  uint64_t sealed_end = std::min(kObjectHeaderSize + (last + 1) * record, info->size);
  std::optional<Buffer> sealed =
      inner_->Get(key, ByteRange{sealed_begin, sealed_end - sealed_begin});
  if (!sealed) return std::nullopt;
  if (sealed->size() != sealed_end - sealed_begin)
    throw DecryptionFailed(key, "changed while reading");
  LoadDataKey(key, header, data_key.bytes);
  DecryptInPlace(key, data_key.bytes, {header_bytes->data(), kObjectHeaderSize},
                 header.segment_size, SegmentCount(*size, header.segment_size), first,
                 sealed->data(), sealed->size(), range->offset - first * segment_size, length,
                 sealed->data());
  sealed->Resize(length);
  return sealed;
}

std::optional<ObjectInfo> EncryptedObjectStore::Head(std::string_view key) {
  ValidateUserKey(key);
  std::optional<ObjectInfo> info = inner_->Head(key);
  if (!info) return std::nullopt;
  std::optional<Buffer> header_bytes = inner_->Get(key, ByteRange{0, kObjectHeaderSize});
  if (!header_bytes) return std::nullopt;
  ObjectHeader header = DecodeObjectHeader({header_bytes->data(), header_bytes->size()}, key);
  std::optional<uint64_t> size = PlaintextSize(info->size, header.segment_size);
  if (!size) throw DecryptionFailed(key, "truncated or extended");
  info->size = *size;
  return info;
}

std::vector<ObjectEntry> EncryptedObjectStore::List(std::string_view prefix) {
  std::vector<ObjectEntry> entries = inner_->List(prefix);
  std::erase_if(entries,
                [](const ObjectEntry& entry) { return entry.key.starts_with(kEnvelopePrefix); });
  for (ObjectEntry& entry : entries)
    entry.size = PlaintextSize(entry.size, segment_size_).value_or(0);
  return entries;
}

bool EncryptedObjectStore::Delete(std::string_view key) {
  ValidateUserKey(key);
  std::optional<ObjectId> id = ReadObjectId(key);
  bool deleted = inner_->Delete(key);
  if (id) DropEnvelope(*id);
  return deleted;
}

EncryptedObjectStore::RewrapResult EncryptedObjectStore::RewrapAll() {
  RewrapResult result;
  const MasterKey& current = keyring_.Current();
  for (const ObjectEntry& entry : inner_->List(kEnvelopePrefix)) {
    std::optional<Buffer> bytes = inner_->Get(entry.key);
    if (!bytes) continue;  // its object was deleted meanwhile
    KeyEnvelope envelope = DecodeKeyEnvelope({bytes->data(), bytes->size()}, entry.key);
    if (envelope.master_key_version == current.version) {
      ++result.already_current;
      continue;
    }
    const MasterKey* old_master = keyring_.Find(envelope.master_key_version);
    if (old_master == nullptr) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("cannot re-wrap the data key of object '{}': it needs master key "
                              "version {}, which {} "
                              "lacks",
                              envelope.object_key, envelope.master_key_version, keyring_.source()));
    }
    ScopedDataKey data_key;
    if (!UnwrapDataKey(envelope, old_master->material, data_key.bytes)) {
      throw Error(
          ErrorCode::kCorrupt,
          fmt::format("cannot re-wrap the data key of object '{}': wrong key or corrupted data",
                      envelope.object_key))
          .At({entry.key, 0, 0, -1});
    }
    KeyEnvelope rewrapped = WrapDataKey(data_key.bytes, current.material, current.version,
                                        envelope.object_id, envelope.object_key);
    Buffer encoded = EncodeKeyEnvelope(rewrapped);
    inner_->Put(entry.key, {encoded.data(), encoded.size()});
    ++result.rewrapped;
  }
  return result;
}

std::map<uint32_t, uint64_t> EncryptedObjectStore::CountByMasterKeyVersion() {
  std::map<uint32_t, uint64_t> counts;
  for (const ObjectEntry& entry : inner_->List(kEnvelopePrefix)) {
    std::optional<Buffer> bytes = inner_->Get(entry.key);
    if (!bytes) continue;
    ++counts[DecodeKeyEnvelope({bytes->data(), bytes->size()}, entry.key).master_key_version];
  }
  return counts;
}

size_t EncryptedObjectStore::RemoveOrphanEnvelopes(int64_t min_age_seconds) {
  struct timeval now;
  ::gettimeofday(&now, nullptr);
  int64_t now_micros = static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_usec;
  size_t removed = 0;
  for (const ObjectEntry& entry : inner_->List(kEnvelopePrefix)) {
    std::optional<ObjectInfo> info = inner_->Head(entry.key);
    if (!info || now_micros - info->modified_unix_micros < min_age_seconds * 1000000) continue;
    std::optional<Buffer> bytes = inner_->Get(entry.key);
    if (!bytes) continue;
    KeyEnvelope envelope = DecodeKeyEnvelope({bytes->data(), bytes->size()}, entry.key);
    bool valid_key = true;
    try {
      ValidateUserKey(envelope.object_key);
    } catch (const Error&) {
      valid_key = false;
    }
    std::optional<ObjectId> id = valid_key ? ReadObjectId(envelope.object_key) : std::nullopt;
    if (id && *id == envelope.object_id) continue;  // still in use
    if (inner_->Delete(entry.key)) ++removed;
  }
  return removed;
}

}  // namespace tarn::storage
