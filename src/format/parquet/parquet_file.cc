#include "format/parquet/parquet_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

constexpr uint64_t kMaxFooterBytes = uint64_t{1} << 30;

[[noreturn]] void Corrupt(const std::string& path, uint64_t offset, std::string_view what) {
  throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} in {} at offset {}", what, path, offset));
}

}  // namespace

ParquetFile::ParquetFile(std::string path) : path_(std::move(path)) {
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
  try {
    if (size_ < 12) Corrupt(path_, 0, fmt::format("file of {} bytes is too small to be parquet", size_));
    Buffer head;
    ReadAt(0, 4, head);
    if (std::memcmp(head.data(), "PAR1", 4) != 0) Corrupt(path_, 0, "missing PAR1 magic (not a parquet file)");
    Buffer tail;
    ReadAt(size_ - 8, 8, tail);
    if (std::memcmp(tail.data() + 4, "PAR1", 4) != 0) {
      if (std::memcmp(tail.data() + 4, "PARE", 4) == 0) {
        throw Error(ErrorCode::kNotSupported, fmt::format("not supported: encrypted parquet footer in {}", path_));
      }
      Corrupt(path_, size_ - 4, "missing PAR1 magic at the end (truncated file?)");
    }
    uint32_t footer_length;
    std::memcpy(&footer_length, tail.data(), 4);
    if (footer_length > size_ - 12 || footer_length > kMaxFooterBytes) {
      Corrupt(path_, size_ - 8, fmt::format("footer length {} larger than the file", footer_length));
    }
    data_end_ = size_ - 8 - footer_length;
    Buffer footer;
    ReadAt(data_end_, footer_length, footer);
    metadata_ = DecodeFileMetaData(footer.data(), footer_length, path_, data_end_);
    if (metadata_.encrypted) {
      throw Error(ErrorCode::kNotSupported, fmt::format("not supported: encrypted parquet file {}", path_));
    }
    columns_ = MapSchema(metadata_, path_);
    for (const RowGroup& group : metadata_.row_groups) {
      if (group.num_rows < 0) Corrupt(path_, data_end_, "negative row count");
      if (group.columns.size() != columns_.size()) {
        Corrupt(path_, data_end_, fmt::format("row group has {} columns where the schema has {}",
                                              group.columns.size(), columns_.size()));
      }
    }
  } catch (...) {
    ::close(descriptor_);
    throw;
  }
}

ParquetFile::~ParquetFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void ParquetFile::ReadAt(uint64_t offset, uint64_t length, Buffer& out) const {
  out.Resize(length + 8);  // slack for word-sized loads at the end
  uint64_t done = 0;
  while (done < length) {
    ssize_t got = ::pread(descriptor_, out.data() + done, length - done, static_cast<off_t>(offset + done));
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
}

}  // namespace tarn::format::parquet
