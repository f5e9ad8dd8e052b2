// Writes query results to a Parquet file: flat schema, every column OPTIONAL; PLAIN or dictionary
// (RLE_DICTIONARY, falling back to PLAIN when the dictionary grows too big) values, RLE definition
// levels, data pages v1, min / max / null-count statistics per column chunk, one codec for all
// pages. Used by COPY ... TO 'x.parquet' (local file) and by catalog/table's TableWriter (object).
//
// Type mapping: BOOLEAN -> BOOLEAN; INTEGER -> INT32; BIGINT -> INT64; DOUBLE -> DOUBLE;
// DECIMAL(p,s) -> INT32 (p <= 9) or INT64 with the DECIMAL logical type; VARCHAR -> BYTE_ARRAY
// STRING; DATE -> INT32 DATE; TIMESTAMP -> INT64 TIMESTAMP(MICROS, not adjusted to UTC).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exec/vector/data_chunk.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_output.h"
#include "format/scan_source.h"

namespace tarn::format::parquet {

struct ParquetWriterOptions {
  Codec codec = Codec::kSnappy;
  uint64_t row_group_size = 1'000'000;  // rows per row group
};

// Not thread-safe. The file appears at 'path' only when Finish() succeeds: rows go to a temporary
// file beside it, which is fsynced and renamed. Destroying an unfinished writer removes the
// temporary file. I/O failures throw Error(kIoError) naming the path.
class ParquetWriter {
 public:
  ParquetWriter(std::string path, std::vector<ColumnSchema> columns, ParquetWriterOptions options);
  // Writes into 'output' instead; Finish() commits it, destroying an unfinished writer aborts it.
  ParquetWriter(std::unique_ptr<ParquetOutput> output, std::vector<ColumnSchema> columns,
                ParquetWriterOptions options);
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  // Appends the live rows of 'chunk' (its columns match the schema given at construction).
  void Append(const exec::DataChunk& chunk);
  // Writes the last row group and the footer, then publishes the file.
  void Finish();

  // Discards the file. Never throws.
  void Abort() noexcept;

  // Rows in finished row groups (all rows after Finish()).
  uint64_t rows_written() const { return rows_written_; }
  // Rows appended so far, buffered ones included.
  uint64_t rows_appended() const { return rows_written_ + group_rows_; }
  // Bytes written so far (the file size after Finish()).
  uint64_t bytes_written() const { return file_position_; }
  // bytes_written() plus the buffered row group before compression: what the file would at most
  // grow to if finished now (roll files on it).
  uint64_t EstimatedSize() const;
  // The footer: row groups with their column statistics (complete after Finish()).
  const FileMetaData& metadata() const { return metadata_; }

  struct ColumnBuffer;

 private:
  void FlushRowGroup();
  void WriteBytes(const std::string& bytes);

  std::unique_ptr<ParquetOutput> output_;
  uint64_t file_position_ = 0;
  std::vector<ColumnSchema> columns_;
  ParquetWriterOptions options_;
  std::vector<std::unique_ptr<ColumnBuffer>> buffers_;
  uint64_t group_rows_ = 0;
  uint64_t rows_written_ = 0;
  FileMetaData metadata_;
  bool finished_ = false;
};

}  // namespace tarn::format::parquet
