// Where a ParquetWriter's bytes go: a local file (temporary file, fsync, rename) here, an
// object-store writer in catalog/table/object_parquet_output.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tarn::format::parquet {

// Not thread-safe. Nothing is visible at the destination before Commit() returns; destroying an
// uncommitted output aborts it. Throws Error(kIoError) naming name().
class ParquetOutput {
 public:
  virtual ~ParquetOutput() = default;

  // The path or object key, for errors.
  virtual const std::string& name() const = 0;
  // Appends 'bytes'.
  virtual void Write(std::string_view bytes) = 0;
  // Publishes everything written.
  virtual void Commit() = 0;
  // Discards everything written. Never throws.
  virtual void Abort() noexcept = 0;
};

// Writes to a temporary file beside 'path' and on Commit fsyncs it and renames it to 'path'.
std::unique_ptr<ParquetOutput> OpenLocalParquetOutput(std::string path);

}  // namespace tarn::format::parquet
