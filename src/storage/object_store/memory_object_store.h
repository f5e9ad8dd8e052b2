// An ObjectStore in memory: for tests of code above the store (fast, no fsync) and for scratch
// objects that never need to survive the process. Same key rules and semantics as the others,
// except that, as in S3, "a/b" and "a/b/c" may both exist.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "storage/object_store/object_store.h"

namespace tarn::storage {

class MemoryObjectStore final : public ObjectStore {
 public:
  void Put(std::string_view key, ByteSpan data) override;
  bool PutIfAbsent(std::string_view key, ByteSpan data) override;
  std::optional<Buffer> Get(std::string_view key,
                            std::optional<ByteRange> range = std::nullopt) override;
  std::optional<ObjectInfo> Head(std::string_view key) override;
  std::vector<ObjectEntry> List(std::string_view prefix) override;
  bool Delete(std::string_view key) override;
  std::unique_ptr<ObjectWriter> NewWriter(std::string_view key, bool if_absent = false) override;

  // Stores 'data' under 'key' (both already validated); false if 'if_absent' and 'key' exists.
  bool Store(std::string_view key, std::string data, bool if_absent);

 private:
  struct Object {
    std::string bytes;
    int64_t modified_unix_micros = 0;
    uint64_t generation = 0;  // the etag
  };
  std::mutex mutex_;
  std::map<std::string, Object, std::less<>> objects_;
  uint64_t next_generation_ = 1;
};

}  // namespace tarn::storage
