#include "format/parquet/parquet_writer.h"

#include <fmt/format.h>

#include "common/error.h"
#include "format/parquet/parquet_column_writer.h"

namespace tarn::format::parquet {

struct ParquetWriter::ColumnBuffer {
  ColumnBuffer(std::string name, LogicalType type) : writer(std::move(name), type) {}
  ColumnWriter writer;
};

ParquetWriter::ParquetWriter(std::string path, std::vector<ColumnSchema> columns,
                             ParquetWriterOptions options)
    : ParquetWriter(OpenLocalParquetOutput(std::move(path)), std::move(columns), options) {}

ParquetWriter::ParquetWriter(std::unique_ptr<ParquetOutput> output, std::vector<ColumnSchema> columns,
                             ParquetWriterOptions options)
    : output_(std::move(output)), columns_(std::move(columns)), options_(options) {
  if (options_.row_group_size == 0) options_.row_group_size = 1;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns_.size());
  metadata_.schema.push_back(root);
  for (const auto& column : columns_) {
    metadata_.schema.push_back(WrittenSchemaElement(column.name, column.type));  // throws for bad types
    buffers_.push_back(std::make_unique<ColumnBuffer>(column.name, column.type));
  }
  WriteBytes("PAR1");
}

ParquetWriter::~ParquetWriter() { Abort(); }

void ParquetWriter::Abort() noexcept {
  if (!finished_) output_->Abort();
  finished_ = true;
}

void ParquetWriter::WriteBytes(const std::string& bytes) {
  output_->Write(bytes);
  file_position_ += bytes.size();
}

uint64_t ParquetWriter::EstimatedSize() const {
  uint64_t size = file_position_;
  for (const auto& buffer : buffers_) size += buffer->writer.BufferedBytes();
  return size;
}

void ParquetWriter::Append(const exec::DataChunk& chunk) {
  TARN_CHECK(chunk.column_count() == columns_.size());
  size_t offset = 0;
  size_t total = chunk.size();
  while (offset < total) {
    size_t take = std::min<uint64_t>(total - offset, options_.row_group_size - group_rows_);
    // Rows [offset, offset + take) of the live rows: a slice of the selection or of 0..n.
    std::vector<uint32_t> slice;
    const uint32_t* sel = nullptr;
    if (chunk.selection() != nullptr) {
      sel = chunk.selection() + offset;
    } else if (offset != 0) {
      slice.resize(take);
      for (size_t i = 0; i < take; ++i) slice[i] = static_cast<uint32_t>(offset + i);
      sel = slice.data();
    }
    for (size_t column = 0; column < columns_.size(); ++column) {
      buffers_[column]->writer.Append(chunk.column(column), sel, take);
    }
    group_rows_ += take;
    offset += take;
    if (group_rows_ >= options_.row_group_size) FlushRowGroup();
  }
}

void ParquetWriter::FlushRowGroup() {
  if (group_rows_ == 0) return;
  RowGroup group;
  group.num_rows = static_cast<int64_t>(group_rows_);
  group.file_offset = static_cast<int64_t>(file_position_);
  int64_t compressed = 0;
  std::string bytes;
  for (auto& buffer : buffers_) {
    bytes.clear();
    ColumnChunk chunk;
    chunk.file_offset = static_cast<int64_t>(file_position_);
    chunk.meta_data = buffer->writer.Flush(options_.codec, file_position_, bytes);
    group.total_byte_size += chunk.meta_data->total_uncompressed_size;
    compressed += chunk.meta_data->total_compressed_size;
    WriteBytes(bytes);
    group.columns.push_back(std::move(chunk));
  }
  group.total_compressed_size = compressed;
  metadata_.num_rows += group.num_rows;
  metadata_.row_groups.push_back(std::move(group));
  rows_written_ += group_rows_;
  group_rows_ = 0;
}

void ParquetWriter::Finish() {
  FlushRowGroup();
  metadata_.version = 1;
  metadata_.created_by = "tarn";
  metadata_.column_orders = static_cast<uint32_t>(columns_.size());
  std::string footer;
  EncodeFileMetaData(metadata_, footer);
  uint32_t length = static_cast<uint32_t>(footer.size());
  footer.append(reinterpret_cast<const char*>(&length), 4);
  footer.append("PAR1");
  WriteBytes(footer);
  output_->Commit();
  finished_ = true;
}

}  // namespace tarn::format::parquet
