#include "format/parquet/parquet_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

class LocalParquetInput final : public ParquetInput {
 public:
  explicit LocalParquetInput(std::string path) : path_(std::move(path)) {
    descriptor_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor_ < 0) {
      throw Error(ErrorCode::kIoError, fmt::format("cannot open {}: {}", path_, std::strerror(errno)));
    }
    struct stat info;
    if (fstat(descriptor_, &info) != 0) {
      int error = errno;
      ::close(descriptor_);
      throw Error(ErrorCode::kIoError, fmt::format("cannot stat {}: {}", path_, std::strerror(error)));
    }
    size_ = static_cast<uint64_t>(info.st_size);
  }
  ~LocalParquetInput() override { ::close(descriptor_); }
  LocalParquetInput(const LocalParquetInput&) = delete;
  LocalParquetInput& operator=(const LocalParquetInput&) = delete;

  const std::string& name() const override { return path_; }
  uint64_t size() const override { return size_; }

  void ReadAt(uint64_t offset, uint64_t length, Buffer& out) const override {
    out.Resize(length + 8);  // slack for word-sized loads at the end
    uint64_t done = 0;
    while (done < length) {
      ssize_t got = ::pread(descriptor_, out.data() + done, length - done,
                            static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        throw Error(ErrorCode::kIoError, fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
      }
      if (got == 0) {
        throw Error(ErrorCode::kIoError, fmt::format("cannot read {}: file shrank while reading", path_));
      }
      done += static_cast<uint64_t>(got);
    }
    out.Resize(length);
    CountRead(length);
  }

 private:
  std::string path_;
  int descriptor_ = -1;
  uint64_t size_ = 0;
};

}  // namespace

std::unique_ptr<ParquetInput> OpenLocalParquetInput(std::string path) {
  return std::make_unique<LocalParquetInput>(std::move(path));
}

}  // namespace tarn::format::parquet
