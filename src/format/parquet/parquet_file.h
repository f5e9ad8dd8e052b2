// One Parquet file opened for reading: its footer (FileMetaData) and schema, and positioned reads
// of its bytes. Shared read-only by the scanning threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/memory.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"

namespace tarn::format::parquet {

// Thread-safe after construction (reads use pread on a descriptor held open).
class ParquetFile {
 public:
  // Opens 'path' and reads and checks its footer. Throws Error(kIoError) when unreadable,
  // Error(kCorrupt) "parquet: <what> in <path> at offset N" when it is not a valid Parquet file,
  // Error(kNotSupported) for encrypted files and unsupported columns.
  explicit ParquetFile(std::string path);
  ~ParquetFile();
  ParquetFile(const ParquetFile&) = delete;
  ParquetFile& operator=(const ParquetFile&) = delete;

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  const FileMetaData& metadata() const { return metadata_; }
  const std::vector<ParquetColumn>& columns() const { return columns_; }
  // File offset where the footer starts: column chunks must end before it.
  uint64_t data_end() const { return data_end_; }

  // Reads bytes [offset, offset + length) into 'out' (resized). Throws Error(kIoError).
  void ReadAt(uint64_t offset, uint64_t length, Buffer& out) const;

 private:
  std::string path_;
  int descriptor_ = -1;
  uint64_t size_ = 0;
  uint64_t data_end_ = 0;
  FileMetaData metadata_;
  std::vector<ParquetColumn> columns_;
};

}  // namespace tarn::format::parquet
