#include "storage/object_store/memory_object_store.h"

#include <fmt/format.h>
#include <sys/time.h>

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "storage/object_store/object_key.h"

namespace tarn::storage {
namespace {

int64_t NowMicros() {
  struct timeval now;
  ::gettimeofday(&now, nullptr);
  return static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_usec;
}

class MemoryObjectWriter final : public ObjectWriter {
 public:
  MemoryObjectWriter(MemoryObjectStore& store, std::string_view key, bool if_absent)
      : store_(store), key_(key), if_absent_(if_absent) {}
  void Write(ByteSpan data) override {
    TARN_CHECK(!finished_);
    bytes_.append(reinterpret_cast<const char*>(data.data()), data.size());
  }
  bool Commit() override {
    TARN_CHECK(!finished_);
    finished_ = true;
    return store_.Store(key_, std::move(bytes_), if_absent_);
  }
  void Abort() noexcept override {
    finished_ = true;
    bytes_.clear();
  }

 private:
  MemoryObjectStore& store_;
  std::string key_;
  bool if_absent_;
  std::string bytes_;
  bool finished_ = false;
};

}  // namespace

bool MemoryObjectStore::Store(std::string_view key, std::string data, bool if_absent) {
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it != objects_.end() && if_absent) return false;
  Object& object = it != objects_.end() ? it->second : objects_[std::string(key)];
  object.bytes = std::move(data);
  object.modified_unix_micros = NowMicros();
  object.generation = next_generation_++;
  return true;
}

void MemoryObjectStore::Put(std::string_view key, ByteSpan data) {
  ValidateObjectKey(key);
  Store(key, std::string(reinterpret_cast<const char*>(data.data()), data.size()), false);
}

bool MemoryObjectStore::PutIfAbsent(std::string_view key, ByteSpan data) {
  ValidateObjectKey(key);
  return Store(key, std::string(reinterpret_cast<const char*>(data.data()), data.size()), true);
}

std::optional<Buffer> MemoryObjectStore::Get(std::string_view key, std::optional<ByteRange> range) {
  ValidateObjectKey(key);
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  const std::string& bytes = it->second.bytes;
  uint64_t offset = range ? range->offset : 0;
  if (offset > bytes.size()) {
    throw Error(ErrorCode::kOutOfRange,
                fmt::format("range starts at byte {}, past the end of the {}-byte object", offset,
                            bytes.size()))
        .At({std::string(key), 0, 0, -1});
  }
  uint64_t length = range ? std::min<uint64_t>(range->length, bytes.size() - offset) : bytes.size();
  Buffer buffer(length);
  buffer.Resize(length);
  if (length > 0) std::memcpy(buffer.data(), bytes.data() + offset, length);
  return buffer;
}

std::optional<ObjectInfo> MemoryObjectStore::Head(std::string_view key) {
  ValidateObjectKey(key);
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return ObjectInfo{it->second.bytes.size(), it->second.modified_unix_micros,
                    fmt::format("{:x}", it->second.generation)};
}

std::vector<ObjectEntry> MemoryObjectStore::List(std::string_view prefix) {
  std::lock_guard lock(mutex_);
  std::vector<ObjectEntry> entries;
  for (auto it = objects_.lower_bound(prefix);
       it != objects_.end() && it->first.starts_with(prefix); ++it) {
    entries.push_back({it->first, it->second.bytes.size()});
  }
  return entries;
}

bool MemoryObjectStore::Delete(std::string_view key) {
  ValidateObjectKey(key);
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return false;
  objects_.erase(it);
  return true;
}

std::unique_ptr<ObjectWriter> MemoryObjectStore::NewWriter(std::string_view key, bool if_absent) {
  ValidateObjectKey(key);
  return std::make_unique<MemoryObjectWriter>(*this, key, if_absent);
}

}  // namespace tarn::storage
