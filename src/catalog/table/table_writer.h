// Writes rows of a lake table as Parquet data files in the object store: one file per Hive
// partition (<zone>/<db>/<table>/<k>=<v>/part-<uuid>.parquet, partition columns not stored in the
// file), zstd pages, ~1M-row row groups, a new file every ~256 MB. Finish() returns the
// catalog::DataFile list with row counts, stored sizes and per-column statistics; nothing is
// visible to readers until the caller commits those files in a catalog snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "exec/vector/data_chunk.h"
#include "format/parquet/parquet_metadata.h"
#include "storage/object_store/object_store.h"

namespace tarn::catalog {

struct TableWriterOptions {
  format::parquet::Codec codec = format::parquet::Codec::kZstd;
  uint64_t row_group_size = 1'000'000;             // rows per row group
  // A file is closed once its estimated stored size reaches this: bytes written plus the buffered
  // row group scaled by the compression ratio of the files closed before (1 for the first).
  uint64_t target_file_bytes = uint64_t{256} << 20;
};

// Not thread-safe (one writer per writing thread; their files can be committed together).
// Destroying a writer that was neither finished nor aborted aborts it. Object-store failures
// throw what the store throws (Error(kIoError) naming the key).
class TableWriter {
 public:
  // 'columns' are the columns of the table (the schema version being written), partition columns
  // included; 'store' must outlive the writer. Throws Error(kInvalidArgument) when a partition
  // column of 'table' is not among 'columns' or a column type cannot be stored.
  TableWriter(storage::ObjectStore& store, const TableInfo& table, std::vector<ColumnDef> columns,
              TableWriterOptions options = {});
  ~TableWriter();
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  // Appends the live rows of 'chunk', whose columns are 'columns' in order.
  void Append(const exec::DataChunk& chunk);
  // Closes every open file and returns all files written, in the order they were closed.
  std::vector<DataFile> Finish();
  // Deletes every object written so far and discards open files. Never throws.
  void Abort() noexcept;

  uint64_t rows_appended() const { return rows_appended_; }

 private:
  struct OpenFile;
  struct Partition;

  // Returns the partition of physical row 'row' of 'chunk', creating it on first sight.
  size_t PartitionOf(const exec::DataChunk& chunk, uint32_t row);
  void AppendToPartition(size_t partition, const exec::DataChunk& chunk, const uint32_t* rows,
                         size_t count);
  void CloseFile(Partition& partition);

  storage::ObjectStore& store_;
  TableInfo table_;
  std::vector<ColumnDef> columns_;
  TableWriterOptions options_;
  std::string prefix_;                      // the table's key prefix, ending in '/'
  std::vector<size_t> partition_columns_;   // indexes into columns_, in folder order
  std::vector<size_t> data_columns_;        // the others: the columns stored in files

  std::vector<std::unique_ptr<Partition>> partitions_;
  std::unordered_map<std::string, size_t> partition_index_;  // by encoded partition values
  std::string row_key_;                     // reused encoding buffer
  std::vector<std::vector<uint32_t>> selections_;  // per partition: rows of the current chunk
  std::vector<size_t> touched_;             // partitions with rows in the current chunk
  exec::DataChunk view_;                    // the data columns of the current chunk

  std::vector<DataFile> finished_;
  std::vector<std::string> written_keys_;   // committed objects (deleted by Abort)
  uint64_t rows_appended_ = 0;
  double stored_ratio_ = 1.0;               // stored bytes / estimated bytes of closed files
  bool done_ = false;
};

}  // namespace tarn::catalog
