// The local-filesystem ObjectStore: object 'k' is the file <root>/k. Writes go to a temporary file
// in the target's folder (".tarn-tmp-<random>", never listed, never a valid key), are fsynced, then
// renamed (Put) or hard-linked (PutIfAbsent: link() fails if the name exists, so exactly one writer
// wins) into place, and the folder is fsynced: a crash leaves the old object or the new one, plus
// at worst a stray temporary file that RemoveStaleTemporaryFiles() clears.
#pragma once

#include <cstdint>
#include <string>

#include "storage/object_store/object_store.h"

namespace tarn::storage {

// Folders are implicit, as in S3: created on write, removed when their last object is deleted.
// Unlike S3, a key cannot be both an object and a folder ("a/b" and "a/b/c"): the second write
// throws Error(kConflict). Objects are created with mode 0600, folders 0700.
class LocalObjectStore final : public ObjectStore {
 public:
  // Uses the folder 'root', creating it (and its parents) if missing. Throws Error(kIoError).
  explicit LocalObjectStore(std::string root);

  void Put(std::string_view key, ByteSpan data) override;
  bool PutIfAbsent(std::string_view key, ByteSpan data) override;
  std::optional<Buffer> Get(std::string_view key,
                            std::optional<ByteRange> range = std::nullopt) override;
  std::optional<ObjectInfo> Head(std::string_view key) override;
  std::vector<ObjectEntry> List(std::string_view prefix) override;
  bool Delete(std::string_view key) override;
  std::unique_ptr<ObjectWriter> NewWriter(std::string_view key, bool if_absent = false) override;

  // Deletes temporary files (left by writers that crashed) last modified more than
  // 'min_age_seconds' ago; returns how many. Live writers' files are younger than any sane age.
  size_t RemoveStaleTemporaryFiles(int64_t min_age_seconds);

  const std::string& root() const { return root_; }

 private:
  friend class LocalObjectWriter;

  std::string PathOf(std::string_view key) const;
  // Creates a temporary file beside 'key' (making its folders); returns its fd and sets
  // 'temp_path'.
  int CreateTemporaryFile(std::string_view key, std::string& temp_path);
  // Moves the finished, fsynced temporary file into place; false if 'if_absent' and 'key' exists.
  bool Publish(std::string_view key, const std::string& temp_path, bool if_absent);
  // Removes now-empty folders from 'key''s parent up to (not including) the root.
  void RemoveEmptyFolders(std::string_view key);

  std::string root_;  // no trailing '/'
};

}  // namespace tarn::storage
