#include "catalog/table/table_writer.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "catalog/table/object_parquet_io.h"
#include "common/error.h"
#include "format/parquet/parquet_column_writer.h"
#include "format/parquet/parquet_schema.h"
#include "format/parquet/parquet_statistics.h"
#include "format/parquet/parquet_writer.h"
#include "storage/encryption/encrypted_object_store.h"
#include "storage/lake_layout.h"

namespace tarn::catalog {

struct TableWriter::OpenFile {
  std::string key;
  std::unique_ptr<format::parquet::ParquetWriter> writer;
};

struct TableWriter::Partition {
  std::vector<storage::PartitionValue> values;   // in folder order
  std::map<std::string, std::string> partition;  // as DataFile::partition
  std::optional<OpenFile> file;
};

namespace {

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Appends the physical value of row 'row' of 'vector' to 'out' so equal values encode equally.
void EncodeValue(const exec::Vector& vector, uint32_t row, std::string& out) {
  size_t index = vector.IsConstant() ? 0 : row;
  if (vector.IsNull(row)) {
    out.push_back('\0');
    return;
  }
  out.push_back('\1');
  if (vector.type().id() == TypeId::kVarchar) {
    const StringRef& text = vector.data<StringRef>()[index];
    uint32_t length = text.size();
    out.append(reinterpret_cast<const char*>(&length), sizeof(length));
    out.append(text.data(), text.size());
    return;
  }
  size_t width = vector.type().PhysicalSize();
  out.append(reinterpret_cast<const char*>(vector.raw_data() + index * width), width);
}

// The stored size of 'key': the ciphertext size when 'store' encrypts.
int64_t StoredSize(storage::ObjectStore& store, const std::string& key) {
  storage::ObjectStore* base = &store;
  if (auto* encrypted = dynamic_cast<storage::EncryptedObjectStore*>(&store)) base = &encrypted->inner();
  auto info = base->Head(key);
  if (!info) throw Error(ErrorCode::kIoError, fmt::format("data file {} vanished after writing", key));
  return static_cast<int64_t>(info->size);
}

// Merges the row-group statistics of a finished file into file-level ColumnStats by column name.
std::map<std::string, ColumnStats> FileStatistics(const format::parquet::FileMetaData& metadata,
                                                  const std::string& key) {
  std::map<std::string, ColumnStats> out;
  for (const auto& column : format::parquet::MapSchema(metadata, key)) {
    ColumnStats stats;
    std::optional<exec::Value> min, max;
    bool bounded = true;
    for (const auto& group : metadata.row_groups) {
      format::ValueStatistics chunk = format::parquet::ColumnChunkStatistics(column, group);
      int64_t nulls = chunk.null_count.value_or(0);
      stats.null_count += nulls;
      if (nulls >= group.num_rows) continue;  // all NULL: no bounds to merge
      if (!chunk.min || !chunk.max) {
        bounded = false;
        continue;
      }
      if (!min || format::CompareValues(*chunk.min, *min) < 0) min = chunk.min;
      if (!max || format::CompareValues(*chunk.max, *max) > 0) max = chunk.max;
    }
    if (bounded && min && max) {
      stats.min = min->ToString();
      stats.max = max->ToString();
    }
    out.emplace(column.name, std::move(stats));
  }
  return out;
}

}  // namespace

TableWriter::TableWriter(storage::ObjectStore& store, const TableInfo& table,
                         std::vector<ColumnDef> columns, TableWriterOptions options)
    : store_(store), table_(table), columns_(std::move(columns)), options_(options) {
  prefix_ = table_.location.empty()
                ? storage::TablePrefix(storage::ParseZone(table_.zone), table_.database, table_.name)
                : table_.location;
  if (prefix_.back() != '/') prefix_ += '/';
  std::vector<bool> is_partition(columns_.size(), false);
  for (const auto& name : table_.partition_columns) {
    size_t found = columns_.size();
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (SameName(columns_[i].name, name)) found = i;
    }
    if (found == columns_.size()) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("partition column {} is not a column of {}.{}", name, table_.database,
                              table_.name));
    }
    partition_columns_.push_back(found);
    is_partition[found] = true;
  }
  std::vector<LogicalType> data_types;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (is_partition[i]) continue;
    data_columns_.push_back(i);
    data_types.push_back(columns_[i].type);
    format::parquet::WrittenSchemaElement(columns_[i].name, columns_[i].type);  // throws for bad types
  }
  view_.Initialize(data_types);
}

TableWriter::~TableWriter() {
  if (!done_) Abort();
}

size_t TableWriter::PartitionOf(const exec::DataChunk& chunk, uint32_t row) {
  row_key_.clear();
  for (size_t column : partition_columns_) EncodeValue(chunk.column(column), row, row_key_);
  auto found = partition_index_.find(row_key_);
  if (found != partition_index_.end()) return found->second;
  auto partition = std::make_unique<Partition>();
  for (size_t column : partition_columns_) {
    exec::Value value = chunk.column(column).GetValue(row);
    std::optional<std::string> text;
    if (!value.is_null()) text = value.ToString();
    partition->values.push_back({columns_[column].name, text});
    partition->partition[columns_[column].name] =
        text ? *text : std::string(storage::kHiveNullPartition);
  }
  size_t index = partitions_.size();
  partitions_.push_back(std::move(partition));
  selections_.emplace_back();
  partition_index_.emplace(row_key_, index);
  return index;
}

void TableWriter::Append(const exec::DataChunk& chunk) {
  TARN_CHECK(!done_ && chunk.column_count() == columns_.size());
  size_t count = chunk.size();
  if (count == 0) return;
  rows_appended_ += count;
  if (partition_columns_.empty()) {
    if (partitions_.empty()) {
      partitions_.push_back(std::make_unique<Partition>());
      selections_.emplace_back();
    }
    AppendToPartition(0, chunk, chunk.selection(), count);
    return;
  }
  touched_.clear();
  for (size_t i = 0; i < count; ++i) {
    uint32_t row = chunk.RowIndex(i);
    size_t partition = PartitionOf(chunk, row);
    if (selections_[partition].empty()) touched_.push_back(partition);
    selections_[partition].push_back(row);
  }
  for (size_t partition : touched_) {
    AppendToPartition(partition, chunk, selections_[partition].data(), selections_[partition].size());
    selections_[partition].clear();
  }
}

void TableWriter::AppendToPartition(size_t index, const exec::DataChunk& chunk, const uint32_t* rows,
                                    size_t count) {
  Partition& partition = *partitions_[index];
  if (!partition.file) {
    OpenFile file;
    file.key = prefix_ + storage::PartitionPath(partition.values) + "part-" + storage::NewPartId() +
               ".parquet";
    std::vector<format::ColumnSchema> schema;
    for (size_t column : data_columns_) schema.push_back({columns_[column].name, columns_[column].type});
    format::parquet::ParquetWriterOptions writer_options;
    writer_options.codec = options_.codec;
    writer_options.row_group_size = options_.row_group_size;
    file.writer = std::make_unique<format::parquet::ParquetWriter>(
        OpenObjectParquetOutput(store_, file.key), std::move(schema), writer_options);
    partition.file = std::move(file);
  }
  for (size_t i = 0; i < data_columns_.size(); ++i) {
    view_.column(i).Reference(chunk.column(data_columns_[i]));
  }
  view_.SetPhysicalSize(chunk.physical_size());
  if (rows != nullptr) {
    view_.SetSelection(rows, count);
  } else {
    view_.ClearSelection();
  }
  const auto& writer = *partition.file->writer;
  partition.file->writer->Append(view_);
  double buffered = static_cast<double>(writer.EstimatedSize() - writer.bytes_written());
  if (static_cast<double>(writer.bytes_written()) + buffered * stored_ratio_ >=
      static_cast<double>(options_.target_file_bytes)) {
    CloseFile(partition);
  }
}

void TableWriter::CloseFile(Partition& partition) {
  OpenFile file = std::move(*partition.file);
  partition.file.reset();
  uint64_t estimated = file.writer->EstimatedSize();
  file.writer->Finish();
  if (estimated > 0) {
    stored_ratio_ = std::min(1.0, static_cast<double>(file.writer->bytes_written()) / static_cast<double>(estimated));
  }
  written_keys_.push_back(file.key);
  DataFile data_file;
  data_file.key = file.key;
  data_file.partition = partition.partition;
  data_file.row_count = static_cast<int64_t>(file.writer->rows_written());
  data_file.size_bytes = StoredSize(store_, file.key);
  data_file.stats = FileStatistics(file.writer->metadata(), file.key);
  finished_.push_back(std::move(data_file));
}

std::vector<DataFile> TableWriter::Finish() {
  TARN_CHECK(!done_);
  try {
    for (auto& partition : partitions_) {
      if (partition->file) CloseFile(*partition);
    }
  } catch (...) {
    Abort();
    throw;
  }
  done_ = true;
  return std::move(finished_);
}

void TableWriter::Abort() noexcept {
  done_ = true;
  for (auto& partition : partitions_) {
    if (partition->file) partition->file->writer->Abort();
    partition->file.reset();
  }
  for (const auto& key : written_keys_) {
    try {
      store_.Delete(key);
    } catch (const std::exception&) {
      // Best effort: an object left behind is an orphan no snapshot references; VACUUM sweeps it.
    }
  }
  written_keys_.clear();
  finished_.clear();
}

}  // namespace tarn::catalog
