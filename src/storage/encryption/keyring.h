// Versioned master keys: the keys that wrap every object's data key. Material comes from a key file
// (mode 0600, owner only) or from the TARN_MASTER_KEY environment variable. It is never logged,
// printed, or written anywhere but the key file; nothing in this API renders it as text.
//
// Key file format (text, one key per line; the highest version is current):
//   # comment lines
//   tarn-keyring 1
//   key <version> <created, unix seconds> <64 hex digits>
// TARN_MASTER_KEY: comma-separated entries "[<version>:]<key>", each key 64 hex digits or the
// base64 of 32 bytes; an entry without a version is version 1. Creation times are unknown there.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/encryption/aes_gcm.h"

namespace tarn::storage {

constexpr std::string_view kMasterKeyVariable = "TARN_MASTER_KEY";
constexpr int64_t kDefaultRotationPeriodDays = 90;

// One master key version. Its material is wiped when it is destroyed.
struct MasterKey {
  uint32_t version = 0;
  int64_t created_unix_seconds = 0;  // 0 = unknown (keys from the environment)
  std::array<uint8_t, kAesKeySize> material{};

  MasterKey() = default;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey() { WipeBytes(material); }
};

// What `tarn keys status` shows for one version (no key material).
struct MasterKeyStatus {
  uint32_t version = 0;
  int64_t created_unix_seconds = 0;  // 0 = unknown
  int64_t age_days = -1;             // -1 = unknown
  bool current = false;
};

// Thread-safe: Find/Current may run while Rotate adds a version. Keys are never removed from a
// loaded keyring, so returned references stay valid for the keyring's lifetime.
class Keyring {
 public:
  // Returns the keyring from TARN_MASTER_KEY when that variable is set, else from 'key_file'.
  // Throws Error(kNotFound) when neither exists (naming both and `tarn keys init`), and what
  // LoadFile / FromText throw.
  static std::unique_ptr<Keyring> Open(const std::string& key_file);

  // Loads a key file. Throws Error(kPermissionDenied) naming the file and its mode when group or
  // others have any access, or when another user owns it; Error(kCorrupt) naming file:line on a
  // malformed line; Error(kNotFound) when it does not exist; Error(kIoError) otherwise.
  static std::unique_ptr<Keyring> LoadFile(const std::string& key_file);

  // Parses TARN_MASTER_KEY's value. Throws Error(kInvalidArgument) naming the entry (never the
  // key).
  static std::unique_ptr<Keyring> FromText(std::string_view text);

  // Creates a key file with one new random version-1 key: folders 0700, file 0600, written to a
  // temporary file and linked into place so it is all there or not at all. Throws Error(kConflict)
  // if the file already exists.
  static std::unique_ptr<Keyring> CreateFile(const std::string& key_file);

  // Adds a new random version (highest + 1), rewriting the key file atomically (temp file, fsync,
  // rename); older versions stay so objects not yet re-wrapped remain readable. Returns the new
  // version. Throws Error(kNotSupported) for a keyring from the environment.
  uint32_t Rotate(int64_t now_unix_seconds);

  // Returns the newest version (used for every new wrap).
  const MasterKey& Current() const;
  // Returns the key with 'version', or nullptr.
  const MasterKey* Find(uint32_t version) const;

  // Returns every version, oldest first, with its age at 'now_unix_seconds'.
  std::vector<MasterKeyStatus> Status(int64_t now_unix_seconds) const;
  // Returns a warning when the current key is older than 'period_days', else nullopt.
  std::optional<std::string> RotationWarning(int64_t now_unix_seconds, int64_t period_days) const;

  // "key file '<path>'" or "environment variable TARN_MASTER_KEY": for messages.
  std::string source() const;
  bool file_backed() const { return !key_file_.empty(); }

 private:
  Keyring() = default;
  // Writes every key to key_file_ atomically; 'if_absent' links instead of renaming.
  void Save(bool if_absent) const;

  std::string key_file_;  // empty for the environment
  mutable std::shared_mutex mutex_;
  std::vector<std::unique_ptr<MasterKey>> keys_;  // sorted by version, never shrinks
};

// Returns "<data_dir>/keys/master.key", the default key file.
std::string DefaultKeyFile(std::string_view data_dir);

}  // namespace tarn::storage
