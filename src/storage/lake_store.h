// Opens the lake of a data directory: the object store under <data-dir>/lake, encrypted at rest
// unless encryption was explicitly turned off. Every command that reads or writes table data
// (ingest, INSERT, CTAS, COPY, catalog files holding data) goes through OpenLakeStore, so none can
// write plaintext by accident.
//
// Data directory layout:
//   <data-dir>/lake/              objects (zones raw/, cleaned/, curated/; _keys/ envelopes)
//   <data-dir>/lake/.tarn-lake    "encryption on" or "encryption off", written on first open
//   <data-dir>/keys/master.key    default key file (mode 0600); better kept elsewhere (--key-file)
#pragma once

#include <memory>
#include <string>

#include "storage/encryption/encrypted_object_store.h"
#include "storage/encryption/keyring.h"
#include "storage/object_store/local_object_store.h"

namespace tarn::storage {

constexpr std::string_view kDefaultDataDir = "./tarn-data";

// The options every lake-touching command shares. CLI spelling: --data-dir DIR, --key-file FILE,
// --no-encryption (see cli/keys_command.h AddLakeOptions).
struct LakeOptions {
  std::string data_dir = std::string(kDefaultDataDir);
  std::string key_file;         // empty = DefaultKeyFile(data_dir); TARN_MASTER_KEY overrides both
  bool encryption = true;       // false only through an explicit --no-encryption
  bool create_key_file = true;  // first use creates the key file (as `tarn keys init`) if absent
  uint32_t segment_size = kDefaultSegmentSize;

  std::string ResolvedKeyFile() const {
    return key_file.empty() ? DefaultKeyFile(data_dir) : key_file;
  }
};

// An open lake: the store callers use, and what sits under it.
class LakeStore {
 public:
  // Opens (creating on first use) the lake of 'options.data_dir'. Throws Error(kInvalidArgument)
  // when the requested encryption setting contradicts the one the lake was created with (a lake
  // never mixes encrypted and plaintext objects), and what Keyring::Open throws.
  static std::unique_ptr<LakeStore> Open(const LakeOptions& options);

  // Returns whether the lake in 'data_dir' is encrypted, or nullopt when no lake was opened there
  // yet. Opens nothing and needs no key.
  static std::optional<bool> Encrypted(const std::string& data_dir);

  // The store to read and write through (encrypting unless the lake is unencrypted).
  ObjectStore& store() { return encrypted_ ? static_cast<ObjectStore&>(*encrypted_) : *plain_; }
  // Null when the lake is unencrypted.
  EncryptedObjectStore* encrypted() { return encrypted_.get(); }
  Keyring* keyring() { return keyring_.get(); }
  const std::string& lake_dir() const { return lake_dir_; }

  // True when this Open created the key file (first use): the command should tell the user where
  // it is and that it needs a backup, as `tarn keys init` does.
  bool created_key_file() const { return created_key_file_; }

  // Returns the warning commands print (on stderr, once) when the current master key is older than
  // 'period_days'; nullopt when it is not, or when the lake is unencrypted.
  std::optional<std::string> RotationWarning(
      int64_t period_days = kDefaultRotationPeriodDays) const;

 private:
  LakeStore() = default;

  std::string lake_dir_;
  bool created_key_file_ = false;
  std::unique_ptr<Keyring> keyring_;         // declared before encrypted_: outlives it
  std::unique_ptr<LocalObjectStore> plain_;  // set when unencrypted
  std::unique_ptr<EncryptedObjectStore> encrypted_;
};

// Opens the master keyring of a data directory's lake — TARN_MASTER_KEY, else the key file,
// creating the key file on first use when options.create_key_file (then *created_key_file is set)
// — and checks it is the key the lake was created with. Every command that needs the keyring
// (lake, audit log, secrets, identities) opens it here. Throws Error(kPermissionDenied) "wrong
// master key for the lake in …" when it is not, and what Keyring::Open throws.
std::unique_ptr<Keyring> OpenLakeKeyring(const LakeOptions& options,
                                         bool* created_key_file = nullptr);

}  // namespace tarn::storage
