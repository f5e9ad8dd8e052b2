// One Parquet file opened for reading: its footer (FileMetaData) and schema, and positioned reads
// of its bytes through a ParquetInput (local file or object). Shared read-only by the scanning
// threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/memory.h"
#include "format/parquet/parquet_input.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"

namespace tarn::format::parquet {

// Thread-safe after construction.
class ParquetFile {
 public:
  // Opens 'path' and reads and checks its footer. Throws Error(kIoError) when unreadable,
  // Error(kCorrupt) "parquet: <what> in <path> at offset N" when it is not a valid Parquet file,
  // Error(kNotSupported) for encrypted files and unsupported columns.
  explicit ParquetFile(std::string path);
  // The same over any input; the footer costs one read when it is under 64 KiB.
  explicit ParquetFile(std::unique_ptr<ParquetInput> input);
  ~ParquetFile();
  ParquetFile(const ParquetFile&) = delete;
  ParquetFile& operator=(const ParquetFile&) = delete;

  const std::string& path() const { return input_->name(); }
  uint64_t size() const { return size_; }
  const ParquetInput& input() const { return *input_; }
  const FileMetaData& metadata() const { return metadata_; }
  const std::vector<ParquetColumn>& columns() const { return columns_; }
  // File offset where the footer starts: column chunks must end before it.
  uint64_t data_end() const { return data_end_; }

  // Reads bytes [offset, offset + length) into 'out' (resized). Throws Error(kIoError).
  void ReadAt(uint64_t offset, uint64_t length, Buffer& out) const {
    input_->ReadAt(offset, length, out);
  }

 private:
  std::unique_ptr<ParquetInput> input_;
  uint64_t size_ = 0;
  uint64_t data_end_ = 0;
  FileMetaData metadata_;
  std::vector<ParquetColumn> columns_;
};

}  // namespace tarn::format::parquet
