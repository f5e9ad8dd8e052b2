// Encryption at rest for any ObjectStore: a decorator that encrypts every object with its own
// random 256-bit data key in authenticated AES-256-GCM segments (encrypted_object_format.h) and
// wraps that key with the keyring's current master key. Callers see plaintext keys, sizes and
// bytes; the inner store only ever sees ciphertext.
//
// Where the wrapped data key lives: in a small separate "key envelope" object,
// _keys/<id[0:2]>/<object id>, not in the data object's header. Master key rotation then rewrites
// ~100 bytes per object with an ordinary atomic Put (temporary file + rename locally, a PUT on S3)
// and never touches data; rewriting a header inside the data object would mean copying the whole
// object (objects are immutable on S3, and an in-place overwrite is not atomic on disk). The data
// header carries the object id, so a reader goes header -> envelope; the envelope repeats the
// object key and is authenticated with it, so an envelope or header moved to another object fails.
// Write order keeps readers safe: envelope first, then the data object, then (on overwrite) the
// old envelope is deleted. A crash can leave an orphan envelope (never a data object without one);
// orphans are harmless and RemoveOrphanEnvelopes() clears them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "storage/encryption/encrypted_object_format.h"
#include "storage/encryption/keyring.h"
#include "storage/object_store/object_store.h"

namespace tarn::storage {

// Envelopes live under this prefix of the inner store; user keys may not start with it.
constexpr std::string_view kEnvelopePrefix = "_keys/";

// Thread-safe like any ObjectStore. Beyond the ObjectStore errors, reads throw Error(kCorrupt)
// "decryption failed for object '<key>': wrong key or corrupted data" on any failed
// authentication, and Error(kNotFound) when the envelope names a master key version the keyring
// lacks. Ranged reads fetch and decrypt only the segments the range touches.
class EncryptedObjectStore final : public ObjectStore {
 public:
  // 'keyring' must outlive the store. 'segment_size' is the plaintext bytes per segment of new
  // objects (readers take it from each object's header).
  EncryptedObjectStore(std::unique_ptr<ObjectStore> inner, const Keyring& keyring,
                       uint32_t segment_size = kDefaultSegmentSize);
  ~EncryptedObjectStore() override;

  void Put(std::string_view key, ByteSpan data) override;
  bool PutIfAbsent(std::string_view key, ByteSpan data) override;
  std::optional<Buffer> Get(std::string_view key,
                            std::optional<ByteRange> range = std::nullopt) override;
  // Exact plaintext size (reads the object's 32-byte header).
  std::optional<ObjectInfo> Head(std::string_view key) override;
  // Sizes are computed from the encrypted sizes with this store's segment size: exact for every
  // object written by a store with the same segment size (always, in one data directory).
  std::vector<ObjectEntry> List(std::string_view prefix) override;
  bool Delete(std::string_view key) override;
  std::unique_ptr<ObjectWriter> NewWriter(std::string_view key, bool if_absent = false) override;

  struct RewrapResult {
    uint64_t rewrapped = 0;        // envelopes moved to the current master key
    uint64_t already_current = 0;  // envelopes that were on it already
  };
  // Re-wraps every data key that is not under the keyring's current master key, rewriting only
  // envelopes (atomically, one at a time). Safe to interrupt and rerun. Throws on an envelope that
  // no key in the keyring opens, naming its object.
  RewrapResult RewrapAll();

  // Returns how many envelopes each master key version wraps (for `tarn keys status`).
  std::map<uint32_t, uint64_t> CountByMasterKeyVersion();

  // Deletes envelopes older than 'min_age_seconds' whose data object is gone or was replaced;
  // returns how many. The age guard protects writes in flight (envelope written, data not yet).
  size_t RemoveOrphanEnvelopes(int64_t min_age_seconds);

  // The store holding the ciphertext (tests tamper with it).
  ObjectStore& inner() { return *inner_; }

 private:
  friend class EncryptedObjectWriter;

  // Validates a user key: ValidateObjectKey plus the reserved envelope prefix.
  static void ValidateUserKey(std::string_view key);
  static std::string EnvelopeKey(const ObjectId& id);
  // Creates a data key and object id for a new object, writes its envelope, returns the header.
  ObjectHeader StartObject(std::string_view key, DataKey& data_key);
  // Returns the object id in 'key''s header, or nullopt if absent or not encrypted.
  std::optional<ObjectId> ReadObjectId(std::string_view key);
  // Returns the data key for an object (envelope lookup through a small cache).
  void LoadDataKey(std::string_view key, const ObjectHeader& header, DataKey& data_key);
  // Removes the envelope of an object that was replaced or deleted (best effort, never throws).
  void DropEnvelope(const ObjectId& id) noexcept;
  // Decrypts, in place, the run of sealed segments starting with segment 'first' that
  // 'sealed' points at ('sealed_size' bytes), and moves plaintext bytes [skip, skip + length) of
  // the run to 'out' (which may be at or before 'sealed': the buffer is reused, no copy of the
  // object is made). Throws DecryptionFailed on the first segment that does not authenticate.
  void DecryptInPlace(std::string_view key, const DataKey& data_key,
                      std::span<const uint8_t> header_bytes, uint32_t segment_size,
                      uint64_t total_segments, uint64_t first, uint8_t* sealed,
                      uint64_t sealed_size, uint64_t skip, uint64_t length, uint8_t* out);

  std::unique_ptr<ObjectStore> inner_;
  const Keyring& keyring_;
  uint32_t segment_size_;

  struct CachedKey {
    std::string object_key;
    DataKey data_key;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedKey> key_cache_;  // by object id bytes; wiped on clear
};

}  // namespace tarn::storage
