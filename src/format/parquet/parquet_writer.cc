#include "format/parquet/parquet_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"
#include "format/parquet/parquet_column_writer.h"

namespace tarn::format::parquet {

struct ParquetWriter::ColumnBuffer {
  ColumnBuffer(std::string name, LogicalType type) : writer(std::move(name), type) {}
  ColumnWriter writer;
};

namespace {

std::atomic<uint64_t> temporary_counter{0};

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIoError, fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

ParquetWriter::ParquetWriter(std::string path, std::vector<ColumnSchema> columns, ParquetWriterOptions options)
    : path_(std::move(path)), columns_(std::move(columns)), options_(options) {
  if (options_.row_group_size == 0) options_.row_group_size = 1;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns_.size());
  metadata_.schema.push_back(root);
  for (const auto& column : columns_) {
    metadata_.schema.push_back(WrittenSchemaElement(column.name, column.type));  // throws for bad types
    buffers_.push_back(std::make_unique<ColumnBuffer>(column.name, column.type));
  }
  temporary_path_ = fmt::format("{}.tmp-{}-{}", path_, getpid(), temporary_counter.fetch_add(1));
  descriptor_ = ::open(temporary_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (descriptor_ < 0) ThrowIo("cannot create", temporary_path_);
  WriteBytes("PAR1");
}

ParquetWriter::~ParquetWriter() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (!finished_) ::unlink(temporary_path_.c_str());
}

void ParquetWriter::WriteBytes(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t written = ::write(descriptor_, bytes.data() + done, bytes.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      ThrowIo("cannot write", temporary_path_);
    }
    done += static_cast<size_t>(written);
  }
  file_position_ += bytes.size();
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
  if (::fsync(descriptor_) != 0) ThrowIo("cannot sync", temporary_path_);
  if (::close(descriptor_) != 0) {
    descriptor_ = -1;
    ThrowIo("cannot close", temporary_path_);
  }
  descriptor_ = -1;
  if (std::rename(temporary_path_.c_str(), path_.c_str()) != 0) ThrowIo("cannot rename to", path_);
  finished_ = true;
  int directory = ::open(DirectoryOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
}

}  // namespace tarn::format::parquet
