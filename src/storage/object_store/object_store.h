// The one interface every byte of the lake goes through. Keys are relative paths
// ("curated/sales/orders/dt=2026-01-01/part-<uuid>.parquet"); the local backend lives in
// local_object_store.h, EncryptedObjectStore (encryption/) decorates any backend, and an
// S3-compatible backend can implement the same calls (PUT, ranged GET, ListObjectsV2, DELETE,
// HEAD, If-None-Match: * and multipart upload) without changing callers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/memory.h"

namespace tarn::storage {

using ByteSpan = std::span<const uint8_t>;

// Bytes [offset, offset + length) of an object. A range reaching past the end is cut at the end;
// an offset past the end is an error (kOutOfRange), an offset equal to the size gives no bytes.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// What Head() knows about an object without reading it.
struct ObjectInfo {
  uint64_t size = 0;                 // bytes a full Get() returns
  int64_t modified_unix_micros = 0;  // when the object was last written
  std::string etag;                  // opaque; changes whenever the object is replaced
};

// One List() result.
struct ObjectEntry {
  std::string key;
  uint64_t size = 0;  // as Head().size

  bool operator==(const ObjectEntry&) const = default;
};

// A large object written in pieces: Write() any number of times, then Commit() or Abort(). Nothing
// is visible under the key before Commit() returns; destroying an uncommitted writer aborts it.
// Not thread-safe (one writer, one thread at a time). Throws Error(kIoError) on I/O failure.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;

  // Appends 'data' to the object being written.
  virtual void Write(ByteSpan data) = 0;
  // Publishes the object. Returns false only for a writer opened with if_absent = true whose key
  // already existed (nothing was published); the writer is finished either way.
  virtual bool Commit() = 0;
  // Discards everything written; the key keeps its previous state. Never throws.
  virtual void Abort() noexcept = 0;
};

// Thread-safe: any number of threads may call any method at once. Keys are checked with
// ValidateObjectKey (object_key.h): a bad key throws Error(kInvalidArgument). I/O failures throw
// Error(kIoError) naming the key; absence and lost races are return values.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Stores 'data' under 'key', replacing any previous object. Readers see the old object or the
  // new one, never a mix or a partial write.
  virtual void Put(std::string_view key, ByteSpan data) = 0;

  // Stores 'data' under 'key' unless an object exists there; returns false if it did (another
  // writer got there first). Exactly one of several concurrent callers wins.
  virtual bool PutIfAbsent(std::string_view key, ByteSpan data) = 0;

  // Returns the object's bytes (all of them, or 'range'), or nullopt if 'key' does not exist.
  virtual std::optional<Buffer> Get(std::string_view key,
                                    std::optional<ByteRange> range = std::nullopt) = 0;

  // Returns size, modification time and etag, or nullopt if 'key' does not exist.
  virtual std::optional<ObjectInfo> Head(std::string_view key) = 0;

  // Returns every object whose key starts with 'prefix' (a plain string prefix, as in S3:
  // "curated/sales/or" matches "curated/sales/orders/..."), sorted by key bytes. An empty prefix
  // lists everything. The prefix itself need not be a valid key.
  virtual std::vector<ObjectEntry> List(std::string_view prefix) = 0;

  // Removes the object; returns false if it did not exist.
  virtual bool Delete(std::string_view key) = 0;

  // Starts a streaming write of 'key' (see ObjectWriter). With 'if_absent' the commit behaves as
  // PutIfAbsent. The writer must not outlive the store.
  virtual std::unique_ptr<ObjectWriter> NewWriter(std::string_view key, bool if_absent = false) = 0;
};

}  // namespace tarn::storage
