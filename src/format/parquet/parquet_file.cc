#include "format/parquet/parquet_file.h"

#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

constexpr uint64_t kMaxFooterBytes = uint64_t{1} << 30;
// The first read takes this much of the file's end, so a small footer costs one round trip.
constexpr uint64_t kTailReadBytes = 64 * 1024;

[[noreturn]] void Corrupt(const std::string& path, uint64_t offset, std::string_view what) {
  throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} in {} at offset {}", what, path, offset));
}

}  // namespace

ParquetFile::ParquetFile(std::string path) : ParquetFile(OpenLocalParquetInput(std::move(path))) {}

ParquetFile::ParquetFile(std::unique_ptr<ParquetInput> input) : input_(std::move(input)) {
  const std::string& path = input_->name();
  size_ = input_->size();
  if (size_ < 12) Corrupt(path, 0, fmt::format("file of {} bytes is too small to be parquet", size_));
  uint64_t tail_start = size_ > kTailReadBytes ? size_ - kTailReadBytes : 0;
  Buffer tail;
  ReadAt(tail_start, size_ - tail_start, tail);
  auto has_head_magic = [&] {
    if (tail_start == 0) return std::memcmp(tail.data(), "PAR1", 4) == 0;
    Buffer head;
    ReadAt(0, 4, head);
    return std::memcmp(head.data(), "PAR1", 4) == 0;
  };
  const uint8_t* end = tail.data() + tail.size();
  if (std::memcmp(end - 4, "PAR1", 4) != 0) {
    if (std::memcmp(end - 4, "PARE", 4) == 0) {
      throw Error(ErrorCode::kNotSupported, fmt::format("not supported: encrypted parquet footer in {}", path));
    }
    if (!has_head_magic()) Corrupt(path, 0, "missing PAR1 magic (not a parquet file)");
    Corrupt(path, size_ - 4, "missing PAR1 magic at the end (truncated file?)");
  }
  if (tail_start == 0 && !has_head_magic()) Corrupt(path, 0, "missing PAR1 magic (not a parquet file)");
  uint32_t footer_length;
  std::memcpy(&footer_length, end - 8, 4);
  if (footer_length > size_ - 12 || footer_length > kMaxFooterBytes) {
    Corrupt(path, size_ - 8, fmt::format("footer length {} larger than the file", footer_length));
  }
  data_end_ = size_ - 8 - footer_length;
  if (data_end_ >= tail_start) {
    metadata_ = DecodeFileMetaData(tail.data() + (data_end_ - tail_start), footer_length, path, data_end_);
  } else {
    Buffer footer;
    ReadAt(data_end_, footer_length, footer);
    metadata_ = DecodeFileMetaData(footer.data(), footer_length, path, data_end_);
  }
  if (metadata_.encrypted) {
    throw Error(ErrorCode::kNotSupported, fmt::format("not supported: encrypted parquet file {}", path));
  }
  columns_ = MapSchema(metadata_, path);
  for (const RowGroup& group : metadata_.row_groups) {
    if (group.num_rows < 0) Corrupt(path, data_end_, "negative row count");
    if (group.columns.size() != columns_.size()) {
      Corrupt(path, data_end_, fmt::format("row group has {} columns where the schema has {}",
                                           group.columns.size(), columns_.size()));
    }
  }
}

ParquetFile::~ParquetFile() = default;

}  // namespace tarn::format::parquet
