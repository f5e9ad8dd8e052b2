// Where a Parquet file's bytes come from: a local file (pread) here, an object-store object in
// catalog/table/object_parquet_input.h. ParquetFile reads its footer and column chunks through it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "common/memory.h"
#include "common/read_counter.h"

namespace tarn::format::parquet {

// Thread-safe: scanning threads call ReadAt concurrently. Throws Error(kIoError) naming name().
class ParquetInput {
 public:
  virtual ~ParquetInput() = default;

  // The path or object key, for error messages and EXPLAIN.
  virtual const std::string& name() const = 0;
  // Total bytes of the file.
  virtual uint64_t size() const = 0;
  // Reads bytes [offset, offset + length) into 'out' (resized to 'length'; capacity has at least
  // 8 bytes of slack after it for word-sized loads). Throws Error(kIoError) on a short read.
  virtual void ReadAt(uint64_t offset, uint64_t length, Buffer& out) const = 0;

  // Bytes returned by ReadAt so far (for measurements and EXPLAIN ANALYZE).
  uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }

 protected:
  void CountRead(uint64_t bytes) const {
    bytes_read_.fetch_add(bytes, std::memory_order_relaxed);
    CountBytesRead(bytes);  // the query's bytes_scanned
  }

 private:
  mutable std::atomic<uint64_t> bytes_read_{0};
};

// Opens a local file. Throws Error(kIoError) "cannot open <path>: <reason>".
std::unique_ptr<ParquetInput> OpenLocalParquetInput(std::string path);

}  // namespace tarn::format::parquet
