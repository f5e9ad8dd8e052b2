#include "storage/lake_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "common/error.h"
#include "storage/encryption/value_sealer.h"

namespace tarn::storage {
namespace {

constexpr std::string_view kMarkerName = ".tarn-lake";
// A value sealed under the master key the lake was created with. Every open checks it, so a wrong
// key fails at once — not later, after writes sealed under the wrong key made the lake unreadable.
constexpr std::string_view kKeyCheckName = ".tarn-key-check";
constexpr std::string_view kKeyCheckText = "tarn lake key check";

std::optional<std::string> ReadMarker(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  }
  char buffer[512];
  ssize_t got = ::read(fd, buffer, sizeof(buffer));
  ::close(fd);
  if (got < 0)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::string text(buffer, static_cast<size_t>(got));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// Writes 'text' to lake_dir/name unless that file exists (then the existing one stays).
void WriteOnce(const std::string& lake_dir, std::string_view name, std::string_view text) {
  std::string temp = lake_dir + "/" + std::string(name) + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot create '{}': {}", temp, std::strerror(errno)));
  std::string line = std::string(text) + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  // link(): when two processes open a new lake at once, the first file wins and both re-read it.
  std::string marker = lake_dir + "/" + std::string(name);
  if (ok && ::link(temp.c_str(), marker.c_str()) != 0 && errno != EEXIST) ok = false;
  ::unlink(temp.c_str());
  if (!ok)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot write '{}': {}", marker, std::strerror(errno)));
}

// Seals the check value on first use; afterwards opens it, failing with a clear error when the
// keyring is not the one the lake was created with.
void CheckMasterKey(const std::string& lake_dir, const Keyring& keyring) {
  std::string path = lake_dir + "/" + std::string(kKeyCheckName);
  ValueSealer sealer(keyring, "lake key check");
  std::optional<std::string> sealed = ReadMarker(path);
  if (!sealed) {
    WriteOnce(lake_dir, kKeyCheckName, sealer.Seal(kKeyCheckText));
    sealed = ReadMarker(path);
  }
  try {
    if (sealer.Open(*sealed) == kKeyCheckText) return;
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kNotFound) {
      throw Error(ErrorCode::kPermissionDenied,
                  fmt::format("wrong master key for the lake in '{}': {}", lake_dir,
                              error.message()));
    }
  }
  throw Error(ErrorCode::kPermissionDenied,
              fmt::format("wrong master key for the lake in '{}': {} does not hold the key the "
                          "lake was encrypted with (check value '{}' does not open)",
                          lake_dir, keyring.source(), path));
}

}  // namespace

std::unique_ptr<Keyring> OpenLakeKeyring(const LakeOptions& options, bool* created_key_file) {
  std::string key_file = options.ResolvedKeyFile();
  const char* environment = std::getenv(std::string(kMasterKeyVariable).c_str());
  bool from_environment = environment != nullptr && *environment != '\0';
  struct stat info;
  std::unique_ptr<Keyring> keyring;
  bool created = false;
  if (!from_environment && options.create_key_file && ::lstat(key_file.c_str(), &info) != 0 &&
      errno == ENOENT) {
    keyring = Keyring::CreateFile(key_file);
    created = true;
  } else {
    keyring = Keyring::Open(key_file);
  }
  if (created_key_file != nullptr) *created_key_file = created;
  std::string lake_dir = options.data_dir + "/lake";
  // Owner-only folders, as the object store makes them (it may not have run yet).
  ::mkdir(options.data_dir.c_str(), 0700);
  ::mkdir(lake_dir.c_str(), 0700);
  CheckMasterKey(lake_dir, *keyring);
  return keyring;
}

std::optional<bool> LakeStore::Encrypted(const std::string& data_dir) {
  std::optional<std::string> marker = ReadMarker(data_dir + "/lake/" + std::string(kMarkerName));
  if (!marker) return std::nullopt;
  return *marker == "encryption on";
}

std::optional<std::string> LakeStore::RotationWarning(int64_t period_days) const {
  if (keyring_ == nullptr) return std::nullopt;
  return keyring_->RotationWarning(static_cast<int64_t>(::time(nullptr)), period_days);
}

std::unique_ptr<LakeStore> LakeStore::Open(const LakeOptions& options) {
  std::unique_ptr<LakeStore> lake(new LakeStore());
  lake->lake_dir_ = options.data_dir + "/lake";
  auto plain = std::make_unique<LocalObjectStore>(lake->lake_dir_);
  std::string marker_path = lake->lake_dir_ + "/" + std::string(kMarkerName);
  std::string wanted = options.encryption ? "encryption on" : "encryption off";
  std::optional<std::string> marker = ReadMarker(marker_path);
  if (!marker) {
    WriteOnce(lake->lake_dir_, kMarkerName, wanted);
    marker = ReadMarker(marker_path);
  }
  if (marker != "encryption on" && marker != "encryption off") {
    throw Error(ErrorCode::kCorrupt,
                fmt::format("'{}' should say 'encryption on' or 'encryption off'", marker_path));
  }
  if (*marker != wanted) {
    throw Error(
        ErrorCode::kInvalidArgument,
        options.encryption
            ? fmt::format("the lake in '{}' was created without encryption (--no-encryption); pass "
                          "--no-encryption to use it",
                          options.data_dir)
            : fmt::format("the lake in '{}' is encrypted; --no-encryption cannot open it",
                          options.data_dir));
  }
  if (!options.encryption) {
    lake->plain_ = std::move(plain);
    return lake;
  }
  lake->keyring_ = OpenLakeKeyring(options, &lake->created_key_file_);
  lake->encrypted_ = std::make_unique<EncryptedObjectStore>(std::move(plain), *lake->keyring_,
                                                            options.segment_size);
  return lake;
}

}  // namespace tarn::storage
