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

namespace tarn::storage {
namespace {

constexpr std::string_view kMarkerName = ".tarn-lake";

std::optional<std::string> ReadMarker(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  }
  char buffer[64];
  ssize_t got = ::read(fd, buffer, sizeof(buffer));
  ::close(fd);
  if (got < 0)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::string text(buffer, static_cast<size_t>(got));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void WriteMarker(const std::string& lake_dir, std::string_view text) {
  std::string temp = lake_dir + "/.tarn-lake.tmp-" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot create '{}': {}", temp, std::strerror(errno)));
  std::string line = std::string(text) + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  // link(): when two processes open a new lake at once, the first marker wins and both re-read it.
  std::string marker = lake_dir + "/" + std::string(kMarkerName);
  if (ok && ::link(temp.c_str(), marker.c_str()) != 0 && errno != EEXIST) ok = false;
  ::unlink(temp.c_str());
  if (!ok)
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot write '{}': {}", marker, std::strerror(errno)));
}

}  // namespace

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
    WriteMarker(lake->lake_dir_, wanted);
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
  std::string key_file = options.ResolvedKeyFile();
  const char* environment = std::getenv(std::string(kMasterKeyVariable).c_str());
  bool from_environment = environment != nullptr && *environment != '\0';
  struct stat info;
  if (!from_environment && options.create_key_file && ::lstat(key_file.c_str(), &info) != 0 &&
      errno == ENOENT) {
    lake->keyring_ = Keyring::CreateFile(key_file);
    lake->created_key_file_ = true;
  } else {
    lake->keyring_ = Keyring::Open(key_file);
  }
  lake->encrypted_ = std::make_unique<EncryptedObjectStore>(std::move(plain), *lake->keyring_,
                                                            options.segment_size);
  return lake;
}

}  // namespace tarn::storage
