#include "storage/encryption/keyring.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "common/hex.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

constexpr std::string_view kFileHeader =
    "# tarn master keyring: the keys that unlock every object in the lake.\n"
    "# Keep it secret (mode 0600) and back it up, ideally away from the data directory:\n"
    "# without it the data cannot be read. Manage it with 'tarn keys init|rotate|status';\n"
    "# never edit by hand.\n"
    "tarn-keyring 1\n";

bool DecodeHexKey(std::string_view text, std::array<uint8_t, kAesKeySize>& out) {
  if (text.size() != 2 * kAesKeySize) return false;
  for (size_t i = 0; i < kAesKeySize; ++i) {
    int high = HexDigitValue(text[2 * i]);
    int low = HexDigitValue(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return true;
}

int Base64Digit(char digit) {
  if (digit >= 'A' && digit <= 'Z') return digit - 'A';
  if (digit >= 'a' && digit <= 'z') return digit - 'a' + 26;
  if (digit >= '0' && digit <= '9') return digit - '0' + 52;
  if (digit == '+' || digit == '-') return 62;  // standard and URL-safe alphabets
  if (digit == '/' || digit == '_') return 63;
  return -1;
}

// 32 bytes are 43 base64 digits (+ one '=' of padding).
bool DecodeBase64Key(std::string_view text, std::array<uint8_t, kAesKeySize>& out) {
  if (text.size() == 44 && text.back() == '=') text.remove_suffix(1);
  if (text.size() != 43) return false;
  uint32_t accumulator = 0;
  int bits = 0;
  size_t written = 0;
  for (char digit : text) {
    int value = Base64Digit(digit);
    if (value < 0) return false;
    accumulator = (accumulator << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (written == kAesKeySize) return false;
      out[written++] = static_cast<uint8_t>(accumulator >> bits);
    }
  }
  // 43 * 6 = 258 bits: 256 bits of key and 2 bits that must be zero (canonical encoding).
  return written == kAesKeySize && (accumulator & ((1u << bits) - 1)) == 0;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

bool ParseUnsigned(std::string_view text, uint64_t& value) {
  if (text.empty() || text.size() > 18) return false;
  value = 0;
  for (char digit : text) {
    if (digit < '0' || digit > '9') return false;
    value = value * 10 + static_cast<uint64_t>(digit - '0');
  }
  return true;
}

std::string ErrnoText(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

[[noreturn]] void ThrowIo(std::string_view what, const std::string& path, int error) {
  throw Error(ErrorCode::kIoError,
              fmt::format("cannot {} key file '{}': {}", what, path, ErrnoText(error)));
}

void MakeFolders(const std::string& folder) {
  if (folder.empty() || folder == "/" || folder == ".") return;
  if (::mkdir(folder.c_str(), 0700) == 0 || errno == EEXIST) return;
  if (errno != ENOENT) ThrowIo("create the folder of the", folder, errno);
  size_t slash = folder.rfind('/');
  if (slash != std::string::npos && slash > 0) MakeFolders(folder.substr(0, slash));
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    ThrowIo("create the folder of the", folder, errno);
}

std::string FolderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

void CheckPermissions(const struct stat& info, const std::string& path) {
  if ((info.st_mode & 077) != 0) {
    throw Error(ErrorCode::kPermissionDenied,
                fmt::format("key file '{}' has mode {:04o}; it must be readable by its owner only "
                            "(run: chmod 600 '{}')",
                            path, info.st_mode & 07777, path));
  }
  if (info.st_uid != ::geteuid()) {
    throw Error(
        ErrorCode::kPermissionDenied,
        fmt::format("key file '{}' is owned by uid {}, not by the user running tarn (uid {})", path,
                    info.st_uid, ::geteuid()));
  }
}

void SortAndCheck(std::vector<std::unique_ptr<MasterKey>>& keys, const std::string& source) {
  std::sort(keys.begin(), keys.end(),
            [](const auto& a, const auto& b) { return a->version < b->version; });
  for (size_t i = 1; i < keys.size(); ++i) {
    if (keys[i]->version == keys[i - 1]->version) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("{} lists master key version {} twice", source, keys[i]->version));
    }
  }
  if (keys.empty())
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{} holds no master key", source));
}

}  // namespace

std::string DefaultKeyFile(std::string_view data_dir) {
  std::string folder(data_dir);
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  return folder + "/keys/master.key";
}

std::unique_ptr<Keyring> Keyring::Open(const std::string& key_file) {
  if (const char* value = std::getenv(std::string(kMasterKeyVariable).c_str());
      value != nullptr && *value != '\0') {
    return FromText(value);
  }
  struct stat info;
  if (::stat(key_file.c_str(), &info) != 0 && errno == ENOENT) {
    throw Error(
        ErrorCode::kNotFound,
        fmt::format("no master key: key file '{}' does not exist and {} is not set; run 'tarn keys "
                    "init' to create one",
                    key_file, kMasterKeyVariable));
  }
  return LoadFile(key_file);
}

std::unique_ptr<Keyring> Keyring::LoadFile(const std::string& key_file) {
  int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) {
      throw Error(ErrorCode::kNotFound, fmt::format("key file '{}' does not exist", key_file));
    }
    if (errno == ELOOP) {
      throw Error(ErrorCode::kPermissionDenied,
                  fmt::format("key file '{}' is a symbolic link", key_file));
    }
    ThrowIo("open", key_file, errno);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info;
  if (::fstat(fd, &info) != 0) ThrowIo("stat", key_file, errno);
  if (!S_ISREG(info.st_mode)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("key file '{}' is not a regular file", key_file));
  }
  CheckPermissions(info, key_file);  // before reading a byte of it
  if (info.st_size > 1024 * 1024) {
    throw Error(ErrorCode::kCorrupt,
                fmt::format("key file '{}' is too large to be a keyring", key_file));
  }
  std::string text(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < text.size()) {
    ssize_t got = ::read(fd, text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) ThrowIo("read", key_file, errno);
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  text.resize(done);

  std::unique_ptr<Keyring> keyring(new Keyring());
  keyring->key_file_ = key_file;
  bool saw_header = false;
  int64_t line_number = 0;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line = Trim(std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](std::string_view why) {
      return Error(ErrorCode::kCorrupt, fmt::format("malformed key file: {}", why))
          .At({key_file, line_number, 0, -1});
    };
    if (!saw_header) {
      if (line != "tarn-keyring 1") throw fail("expected 'tarn-keyring 1' as the first line");
      saw_header = true;
      continue;
    }
    // key <version> <created> <hex>
    std::vector<std::string_view> fields;
    for (size_t field_begin = 0; field_begin < line.size();) {
      size_t field_end = line.find(' ', field_begin);
      if (field_end == std::string_view::npos) field_end = line.size();
      if (field_end > field_begin)
        fields.push_back(line.substr(field_begin, field_end - field_begin));
      field_begin = field_end + 1;
    }
    uint64_t version = 0;
    uint64_t created = 0;
    if (fields.size() != 4 || fields[0] != "key")
      throw fail("expected 'key <version> <created> <key>'");
    if (!ParseUnsigned(fields[1], version) || version == 0 || version > 0xffffffffu)
      throw fail("bad version");
    if (!ParseUnsigned(fields[2], created)) throw fail("bad creation time");
    auto key = std::make_unique<MasterKey>();
    key->version = static_cast<uint32_t>(version);
    key->created_unix_seconds = static_cast<int64_t>(created);
    if (!DecodeHexKey(fields[3], key->material)) throw fail("the key is not 64 hex digits");
    keyring->keys_.push_back(std::move(key));
  }
  WipeBytes({reinterpret_cast<uint8_t*>(text.data()), text.size()});
  if (!saw_header) {
    throw Error(ErrorCode::kCorrupt,
                fmt::format("key file '{}' is empty or not a tarn keyring", key_file));
  }
  SortAndCheck(keyring->keys_, keyring->source());
  return keyring;
}

std::unique_ptr<Keyring> Keyring::FromText(std::string_view text) {
  std::unique_ptr<Keyring> keyring(new Keyring());
  size_t entry_number = 0;
  for (size_t begin = 0; begin <= text.size();) {
    size_t end = text.find(',', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view entry = Trim(text.substr(begin, end - begin));
    begin = end + 1;
    ++entry_number;
    auto fail = [&](std::string_view why) {
      // Names the entry by position only: its text is key material.
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("{}: entry {} {}", kMasterKeyVariable, entry_number, why));
    };
    if (entry.empty()) throw fail("is empty");
    auto key = std::make_unique<MasterKey>();
    key->version = 1;
    if (size_t colon = entry.find(':'); colon != std::string_view::npos) {
      uint64_t version = 0;
      if (!ParseUnsigned(entry.substr(0, colon), version) || version == 0 ||
          version > 0xffffffffu) {
        throw fail("has a bad version before ':'");
      }
      key->version = static_cast<uint32_t>(version);
      entry.remove_prefix(colon + 1);
    }
    if (!DecodeHexKey(entry, key->material) && !DecodeBase64Key(entry, key->material)) {
      throw fail("is neither 64 hex digits nor the base64 of 32 bytes");
    }
    keyring->keys_.push_back(std::move(key));
  }
  SortAndCheck(keyring->keys_, std::string(kMasterKeyVariable));
  return keyring;
}

std::unique_ptr<Keyring> Keyring::CreateFile(const std::string& key_file) {
  struct stat info;
  if (::lstat(key_file.c_str(), &info) == 0) {
    throw Error(
        ErrorCode::kConflict,
        fmt::format("key file '{}' already exists; refusing to overwrite a master key", key_file));
  }
  MakeFolders(FolderOf(key_file));
  std::unique_ptr<Keyring> keyring(new Keyring());
  keyring->key_file_ = key_file;
  auto key = std::make_unique<MasterKey>();
  key->version = 1;
  key->created_unix_seconds = static_cast<int64_t>(::time(nullptr));
  FillRandomBytes(key->material);
  keyring->keys_.push_back(std::move(key));
  keyring->Save(/*if_absent=*/true);
  return keyring;
}

uint32_t Keyring::Rotate(int64_t now_unix_seconds) {
  if (!file_backed()) {
    throw Error(
        ErrorCode::kNotSupported,
        fmt::format(
            "cannot rotate master keys taken from {}: add a new '<version>:<key>' entry to it "
            "(keeping the old ones) and re-wrap instead",
            kMasterKeyVariable));
  }
  std::unique_lock lock(mutex_);
  auto key = std::make_unique<MasterKey>();
  key->version = keys_.back()->version + 1;
  key->created_unix_seconds = now_unix_seconds;
  FillRandomBytes(key->material);
  uint32_t version = key->version;
  keys_.push_back(std::move(key));
  try {
    Save(/*if_absent=*/false);
  } catch (...) {
    keys_.pop_back();
    throw;
  }
  return version;
}

void Keyring::Save(bool if_absent) const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(kFileHeader);
  for (const auto& key : keys_) {
    text += fmt::format("key {} {} ", key->version, key->created_unix_seconds);
    for (uint8_t byte : key->material) {
      text.push_back(kDigits[byte >> 4]);
      text.push_back(kDigits[byte & 15]);
    }
    text += '\n';
  }
  std::string temp_path = FolderOf(key_file_) + "/.tarn-tmp-" + RandomHex(8);
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) ThrowIo("create a temporary file beside the", key_file_, errno);
  auto cleanup = [&](int error, std::string_view what) {
    ::close(fd);
    ::unlink(temp_path.c_str());
    WipeBytes({reinterpret_cast<uint8_t*>(text.data()), text.size()});
    ThrowIo(what, key_file_, error);
  };
  if (::fchmod(fd, 0600) != 0) cleanup(errno, "set the mode of the");
  for (size_t done = 0; done < text.size();) {
    ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) cleanup(errno, "write");
    done += static_cast<size_t>(written);
  }
  if (::fsync(fd) != 0) cleanup(errno, "fsync");
  ::close(fd);
  WipeBytes({reinterpret_cast<uint8_t*>(text.data()), text.size()});
  if (if_absent) {
    int result = ::link(temp_path.c_str(), key_file_.c_str());
    int error = errno;
    ::unlink(temp_path.c_str());
    if (result != 0 && error == EEXIST) {
      throw Error(ErrorCode::kConflict,
                  fmt::format("key file '{}' already exists; refusing to overwrite a master key",
                              key_file_));
    }
    if (result != 0) ThrowIo("create", key_file_, error);
  } else if (::rename(temp_path.c_str(), key_file_.c_str()) != 0) {
    int error = errno;
    ::unlink(temp_path.c_str());
    ThrowIo("replace", key_file_, error);
  }
  int folder = ::open(FolderOf(key_file_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
}

const MasterKey& Keyring::Current() const {
  std::shared_lock lock(mutex_);
  return *keys_.back();
}

const MasterKey* Keyring::Find(uint32_t version) const {
  std::shared_lock lock(mutex_);
  for (const auto& key : keys_) {
    if (key->version == version) return key.get();
  }
  return nullptr;
}

std::vector<MasterKeyStatus> Keyring::Status(int64_t now_unix_seconds) const {
  std::shared_lock lock(mutex_);
  std::vector<MasterKeyStatus> result;
  for (const auto& key : keys_) {
    MasterKeyStatus status;
    status.version = key->version;
    status.created_unix_seconds = key->created_unix_seconds;
    if (key->created_unix_seconds > 0) {
      status.age_days = std::max<int64_t>(0, now_unix_seconds - key->created_unix_seconds) / 86400;
    }
    status.current = key.get() == keys_.back().get();
    result.push_back(status);
  }
  return result;
}

std::optional<std::string> Keyring::RotationWarning(int64_t now_unix_seconds,
                                                    int64_t period_days) const {
  const MasterKey& current = Current();
  if (current.created_unix_seconds <= 0 || period_days <= 0) return std::nullopt;
  int64_t age_days = (now_unix_seconds - current.created_unix_seconds) / 86400;
  if (now_unix_seconds - current.created_unix_seconds <= period_days * 86400) return std::nullopt;
  return fmt::format(
      "master key version {} is {} days old, past the rotation period of {} days: run 'tarn "
      "keys rotate'",
      current.version, age_days, period_days);
}

std::string Keyring::source() const {
  return file_backed() ? fmt::format("key file '{}'", key_file_)
                       : fmt::format("environment variable {}", kMasterKeyVariable);
}

}  // namespace tarn::storage
