#include "storage/object_store/local_object_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "common/error.h"
#include "storage/object_store/object_key.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

constexpr std::string_view kTempPrefix = ".tarn-tmp-";
constexpr int kMaxFolderRaces = 8;  // retries when a concurrent Delete removes a folder we need

std::string ErrnoText(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

[[noreturn]] void ThrowIo(std::string_view what, std::string_view key, int error) {
  throw Error(ErrorCode::kIoError, fmt::format("cannot {}: {}", what, ErrnoText(error)))
      .At({std::string(key), 0, 0, -1});
}

[[noreturn]] void ThrowFolderConflict(std::string_view key) {
  throw Error(
      ErrorCode::kConflict,
      "an object and a folder cannot share a name: a parent of the key is an object, or the "
      "key is a folder of other objects")
      .At({std::string(key), 0, 0, -1});
}

std::string_view ParentOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// Makes the folder's entries durable. A folder that a concurrent Delete already removed has nothing
// left to make durable: that is not an error.
void SyncFolder(const std::string& path, std::string_view key) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return;
  if (fd < 0) ThrowIo("open folder for fsync", key, errno);
  int result = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (result != 0) ThrowIo("fsync folder", key, error);
}

void WriteAll(int fd, ByteSpan data, std::string_view key) {
  const uint8_t* bytes = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t written = ::write(fd, bytes, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      ThrowIo("write object", key, errno);
    }
    bytes += written;
    left -= static_cast<size_t>(written);
  }
}

// Makes 'path' and its parents below 'root' (mkdir -p), fsyncing the folder of each new one.
void MakeFolders(const std::string& root, std::string_view relative, std::string_view key) {
  if (relative.empty()) return;
  std::string path = root + "/" + std::string(relative);
  if (::mkdir(path.c_str(), 0700) == 0) {
    SyncFolder(root + (ParentOf(relative).empty() ? "" : "/" + std::string(ParentOf(relative))),
               key);
    return;
  }
  if (errno == EEXIST) {
    struct stat info;
    if (::stat(path.c_str(), &info) == 0 && !S_ISDIR(info.st_mode)) ThrowFolderConflict(key);
    return;
  }
  if (errno == ENOTDIR) ThrowFolderConflict(key);
  if (errno != ENOENT) ThrowIo("create folder", key, errno);
  MakeFolders(root, ParentOf(relative), key);
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    if (errno == ENOTDIR) ThrowFolderConflict(key);
    ThrowIo("create folder", key, errno);
  }
  SyncFolder(root + (ParentOf(relative).empty() ? "" : "/" + std::string(ParentOf(relative))), key);
}

void MakeRoot(const std::string& root) {
  if (::mkdir(root.c_str(), 0700) == 0 || errno == EEXIST) {
    struct stat info;
    if (::stat(root.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      throw Error(ErrorCode::kIoError, "object store root is not a folder").At({root, 0, 0, -1});
    }
    return;
  }
  if (errno != ENOENT) ThrowIo("create object store root", root, errno);
  std::string_view parent = ParentOf(root);
  if (!parent.empty()) MakeRoot(std::string(parent));
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST)
    ThrowIo("create object store root", root, errno);
}

int64_t MicrosOf(const struct timespec& time) {
  return static_cast<int64_t>(time.tv_sec) * 1000000 + time.tv_nsec / 1000;
}

}  // namespace

// Streams into a temporary file; Commit publishes it like Put / PutIfAbsent.
class LocalObjectWriter final : public ObjectWriter {
 public:
  LocalObjectWriter(LocalObjectStore& store, std::string_view key, bool if_absent)
      : store_(store), key_(key), if_absent_(if_absent) {
    fd_ = store_.CreateTemporaryFile(key_, temp_path_);
  }
  ~LocalObjectWriter() override { Abort(); }

  void Write(ByteSpan data) override {
    TARN_CHECK(fd_ >= 0);
    WriteAll(fd_, data, key_);
  }

  bool Commit() override {
    TARN_CHECK(fd_ >= 0);
    int result = ::fsync(fd_);
    int error = errno;
    if (result != 0) {
      Abort();
      ThrowIo("fsync object", key_, error);
    }
    ::close(fd_);
    fd_ = -1;
    bool published;
    try {
      published = store_.Publish(key_, temp_path_, if_absent_);
    } catch (...) {
      ::unlink(temp_path_.c_str());
      temp_path_.clear();
      throw;
    }
    temp_path_.clear();
    return published;
  }

  void Abort() noexcept override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }

 private:
  LocalObjectStore& store_;
  std::string key_;
  bool if_absent_;
  int fd_ = -1;
  std::string temp_path_;  // empty once committed or aborted
};

LocalObjectStore::LocalObjectStore(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_.empty()) throw Error(ErrorCode::kInvalidArgument, "object store root is empty");
  MakeRoot(root_);
}

std::string LocalObjectStore::PathOf(std::string_view key) const {
  return root_ + "/" + std::string(key);
}

int LocalObjectStore::CreateTemporaryFile(std::string_view key, std::string& temp_path) {
  std::string_view folder = ParentOf(key);
  for (int attempt = 0; attempt < kMaxFolderRaces; ++attempt) {
    temp_path = root_ + (folder.empty() ? "" : "/" + std::string(folder)) + "/" +
                std::string(kTempPrefix) + RandomHex(8);
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    if (errno == ENOTDIR) ThrowFolderConflict(key);
    if (errno != ENOENT) ThrowIo("create temporary file for object", key, errno);
    MakeFolders(root_, folder, key);  // then retry: a concurrent Delete may remove it again
  }
  ThrowIo("create temporary file for object (folder keeps disappearing)", key, ENOENT);
}

bool LocalObjectStore::Publish(std::string_view key, const std::string& temp_path, bool if_absent) {
  std::string path = PathOf(key);
  if (if_absent) {
    if (::link(temp_path.c_str(), path.c_str()) != 0) {
      int error = errno;
      ::unlink(temp_path.c_str());
      if (error == EEXIST) {
        struct stat info;
        if (::lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) ThrowFolderConflict(key);
        return false;
      }
      ThrowIo("link object into place", key, error);
    }
    ::unlink(temp_path.c_str());
  } else if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp_path.c_str());
    if (error == EISDIR || error == ENOTEMPTY || error == EEXIST) ThrowFolderConflict(key);
    ThrowIo("rename object into place", key, error);
  }
  std::string_view folder = ParentOf(key);
  SyncFolder(folder.empty() ? root_ : root_ + "/" + std::string(folder), key);
  return true;
}

void LocalObjectStore::Put(std::string_view key, ByteSpan data) {
  ValidateObjectKey(key);
  LocalObjectWriter writer(*this, key, /*if_absent=*/false);
  writer.Write(data);
  writer.Commit();
}

bool LocalObjectStore::PutIfAbsent(std::string_view key, ByteSpan data) {
  ValidateObjectKey(key);
  if (Head(key)) return false;  // cheap early answer; link() below still decides races
  LocalObjectWriter writer(*this, key, /*if_absent=*/true);
  writer.Write(data);
  return writer.Commit();
}

std::unique_ptr<ObjectWriter> LocalObjectStore::NewWriter(std::string_view key, bool if_absent) {
  ValidateObjectKey(key);
  return std::make_unique<LocalObjectWriter>(*this, key, if_absent);
}

std::optional<Buffer> LocalObjectStore::Get(std::string_view key, std::optional<ByteRange> range) {
  ValidateObjectKey(key);
  std::string path = PathOf(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowIo("open object", key, errno);
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat info;
  if (::fstat(fd, &info) != 0) ThrowIo("stat object", key, errno);
  if (!S_ISREG(info.st_mode)) return std::nullopt;  // a folder is not an object
  uint64_t size = static_cast<uint64_t>(info.st_size);
  uint64_t offset = 0;
  uint64_t length = size;
  if (range) {
    if (range->offset > size) {
      throw Error(ErrorCode::kOutOfRange,
                  fmt::format("range starts at byte {}, past the end of the {}-byte object",
                              range->offset, size))
          .At({std::string(key), 0, 0, -1});
    }
    offset = range->offset;
    length = std::min(range->length, size - offset);
  }
  Buffer buffer(length);
  buffer.Resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t got =
        ::pread(fd, buffer.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      ThrowIo("read object", key, errno);
    }
    if (got == 0) {
      throw Error(ErrorCode::kIoError,
                  fmt::format("object ended at byte {} while reading", offset + done))
          .At({std::string(key), 0, 0, -1});
    }
    done += static_cast<uint64_t>(got);
  }
  return buffer;
}

std::optional<ObjectInfo> LocalObjectStore::Head(std::string_view key) {
  ValidateObjectKey(key);
  struct stat info;
  if (::stat(PathOf(key).c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowIo("stat object", key, errno);
  }
  if (!S_ISREG(info.st_mode)) return std::nullopt;
  ObjectInfo result;
  result.size = static_cast<uint64_t>(info.st_size);
  result.modified_unix_micros = MicrosOf(info.st_mtim);
  result.etag = fmt::format("{:x}-{:x}-{:x}", static_cast<uint64_t>(info.st_ino), result.size,
                            static_cast<uint64_t>(info.st_mtim.tv_sec) * 1000000000ull +
                                static_cast<uint64_t>(info.st_mtim.tv_nsec));
  return result;
}

std::vector<ObjectEntry> LocalObjectStore::List(std::string_view prefix) {
  std::vector<ObjectEntry> entries;
  // Start the walk at the deepest folder the prefix names; no key can match a prefix whose folder
  // part is not made of valid segments, so such prefixes (e.g. "../") list nothing.
  size_t slash = prefix.rfind('/');
  std::string start =
      slash == std::string_view::npos ? "" : std::string(prefix.substr(0, slash + 1));
  for (size_t begin = 0; begin < start.size();) {
    size_t end = start.find('/', begin);
    std::string_view segment = std::string_view(start).substr(begin, end - begin);
    if (segment.empty() || segment.front() == '.' || segment.find('\\') != std::string_view::npos)
      return entries;
    begin = end + 1;
  }
  // Depth-first over folders; 'relative' is the key prefix of the folder being read ("" or "a/b/").
  std::vector<std::string> pending = {start};
  while (!pending.empty()) {
    std::string relative = std::move(pending.back());
    pending.pop_back();
    std::string folder =
        relative.empty() ? root_ : root_ + "/" + relative.substr(0, relative.size() - 1);
    DIR* directory = ::opendir(folder.c_str());
    if (directory == nullptr) {
      if (errno == ENOENT || errno == ENOTDIR) continue;  // gone (concurrent Delete) or never there
      ThrowIo("list folder", relative, errno);
    }
    int folder_fd = ::dirfd(directory);
    errno = 0;
    while (struct dirent* item = ::readdir(directory)) {
      std::string_view name = item->d_name;
      if (name.empty() || name.front() == '.') continue;  // ".", "..", temporary and internal files
      std::string key = relative + std::string(name);
      struct stat info;
      if (::fstatat(folder_fd, item->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // deleted while we listed
        int error = errno;
        ::closedir(directory);
        ThrowIo("stat object", key, error);
      }
      if (S_ISDIR(info.st_mode)) {
        std::string child = key + "/";
        if (child.starts_with(prefix) || prefix.starts_with(child))
          pending.push_back(std::move(child));
      } else if (S_ISREG(info.st_mode) && std::string_view(key).starts_with(prefix)) {
        entries.push_back({std::move(key), static_cast<uint64_t>(info.st_size)});
      }
      errno = 0;
    }
    int error = errno;
    ::closedir(directory);
    if (error != 0) ThrowIo("list folder", relative, error);
  }
  std::sort(entries.begin(), entries.end(),
            [](const ObjectEntry& a, const ObjectEntry& b) { return a.key < b.key; });
  return entries;
}

bool LocalObjectStore::Delete(std::string_view key) {
  ValidateObjectKey(key);
  if (::unlink(PathOf(key).c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return false;
    ThrowIo("delete object", key, errno);
  }
  std::string_view folder = ParentOf(key);
  SyncFolder(folder.empty() ? root_ : root_ + "/" + std::string(folder), key);
  RemoveEmptyFolders(key);
  return true;
}

void LocalObjectStore::RemoveEmptyFolders(std::string_view key) {
  for (std::string_view folder = ParentOf(key); !folder.empty(); folder = ParentOf(folder)) {
    if (::rmdir(PathOf(folder).c_str()) != 0) return;  // not empty (or already gone): stop
  }
}

size_t LocalObjectStore::RemoveStaleTemporaryFiles(int64_t min_age_seconds) {
  size_t removed = 0;
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::vector<std::string> pending = {root_};
  while (!pending.empty()) {
    std::string folder = std::move(pending.back());
    pending.pop_back();
    DIR* directory = ::opendir(folder.c_str());
    if (directory == nullptr) continue;
    while (struct dirent* item = ::readdir(directory)) {
      std::string_view name = item->d_name;
      if (name == "." || name == "..") continue;
      std::string path = folder + "/" + std::string(name);
      struct stat info;
      if (::lstat(path.c_str(), &info) != 0) continue;
      if (S_ISDIR(info.st_mode) && name.front() != '.') {
        pending.push_back(std::move(path));
      } else if (S_ISREG(info.st_mode) && name.starts_with(kTempPrefix) &&
                 now.tv_sec - info.st_mtim.tv_sec >= min_age_seconds &&
                 ::unlink(path.c_str()) == 0) {
        ++removed;
      }
    }
    ::closedir(directory);
  }
  return removed;
}

}  // namespace tarn::storage
