#include "format/parquet/parquet_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

std::atomic<uint64_t> temporary_counter{0};

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIoError, fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

class LocalParquetOutput final : public ParquetOutput {
 public:
  explicit LocalParquetOutput(std::string path) : path_(std::move(path)) {
    temporary_path_ = fmt::format("{}.tmp-{}-{}", path_, getpid(), temporary_counter.fetch_add(1));
    descriptor_ = ::open(temporary_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (descriptor_ < 0) ThrowIo("cannot create", temporary_path_);
  }
  ~LocalParquetOutput() override { Abort(); }
  LocalParquetOutput(const LocalParquetOutput&) = delete;
  LocalParquetOutput& operator=(const LocalParquetOutput&) = delete;

  const std::string& name() const override { return path_; }

  void Write(std::string_view bytes) override {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t written = ::write(descriptor_, bytes.data() + done, bytes.size() - done);
      if (written < 0) {
        if (errno == EINTR) continue;
        ThrowIo("cannot write", temporary_path_);
      }
      done += static_cast<size_t>(written);
    }
  }

  void Commit() override {
    if (::fsync(descriptor_) != 0) ThrowIo("cannot sync", temporary_path_);
    int descriptor = descriptor_;
    descriptor_ = -1;
    if (::close(descriptor) != 0) ThrowIo("cannot close", temporary_path_);
    if (std::rename(temporary_path_.c_str(), path_.c_str()) != 0) ThrowIo("cannot rename to", path_);
    committed_ = true;
    int directory = ::open(DirectoryOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory >= 0) {
      ::fsync(directory);
      ::close(directory);
    }
  }

  void Abort() noexcept override {
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = -1;
    if (!committed_) ::unlink(temporary_path_.c_str());
    committed_ = true;  // nothing left to clean up
  }

 private:
  std::string path_;
  std::string temporary_path_;
  int descriptor_ = -1;
  bool committed_ = false;
};

}  // namespace

std::unique_ptr<ParquetOutput> OpenLocalParquetOutput(std::string path) {
  return std::make_unique<LocalParquetOutput>(std::move(path));
}

}  // namespace tarn::format::parquet
