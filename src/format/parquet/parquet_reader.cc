#include "format/parquet/parquet_reader.h"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "common/error.h"
#include "format/parquet/parquet_column_reader.h"
#include "format/parquet/parquet_file.h"

namespace tarn::format::parquet {
namespace {

struct Morsel {
  uint32_t file = 0;
  uint32_t row_group = 0;
};

class ParquetLocalState : public ScanSource::LocalState {
 public:
  int64_t morsel_index = -1;
  int64_t rows_left = 0;
  std::vector<ColumnChunkReader> readers;  // one per projected column
};

class ParquetScan : public ScanSource {
 public:
  ParquetScan(std::vector<std::unique_ptr<ParquetFile>> files, std::vector<Morsel> morsels)
      : files_(std::move(files)), morsels_(std::move(morsels)) {
    for (const auto& column : files_.front()->columns()) schema_.push_back({column.name, column.type});
    for (size_t i = 0; i < schema_.size(); ++i) projection_.push_back(i);
    for (const auto& file : files_) total_rows_ += static_cast<uint64_t>(std::max<int64_t>(file->metadata().num_rows, 0));
  }

  const std::vector<ColumnSchema>& schema() const override { return schema_; }
  void SetProjection(std::vector<size_t> columns) override { projection_ = std::move(columns); }

  std::unique_ptr<LocalState> CreateLocalState() const override {
    auto state = std::make_unique<ParquetLocalState>();
    state->readers.resize(projection_.size());
    return state;
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<ParquetLocalState&>(base);
    size_t index = next_morsel_.fetch_add(1, std::memory_order_relaxed);
    if (index >= morsels_.size()) return false;
    const Morsel& morsel = morsels_[index];
    const ParquetFile& file = *files_[morsel.file];
    const RowGroup& group = file.metadata().row_groups[morsel.row_group];
    for (size_t i = 0; i < projection_.size(); ++i) {
      const ParquetColumn& column = file.columns()[projection_[i]];
      const ColumnChunk& chunk = group.columns[column.leaf_index];
      auto corrupt = [&](std::string_view what) {
        throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} of column {} in row group {} of {}", what,
                                                     column.name, morsel.row_group, file.path()));
      };
      if (chunk.file_path) {
        throw Error(ErrorCode::kNotSupported,
                    fmt::format("not supported: parquet column chunk in another file ({}) in {}",
                                *chunk.file_path, file.path()));
      }
      if (!chunk.meta_data) corrupt("missing column metadata");
      const ColumnMetaData& meta = *chunk.meta_data;
      if (meta.type != column.physical) corrupt("physical type differs from the schema");
      int64_t start = meta.data_page_offset;
      if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
          *meta.dictionary_page_offset < start) {
        start = *meta.dictionary_page_offset;
      }
      int64_t length = meta.total_compressed_size;
      if (start < 4 || length <= 0 || static_cast<uint64_t>(start) > file.data_end() ||
          static_cast<uint64_t>(length) > file.data_end() - static_cast<uint64_t>(start)) {
        corrupt(fmt::format("byte range {}+{} outside the data", start, length));
      }
      std::shared_ptr<Buffer> bytes = state.readers[i].ReleaseChunk();
      if (bytes == nullptr || bytes.use_count() > 1) bytes = std::make_shared<Buffer>();
      file.ReadAt(static_cast<uint64_t>(start), static_cast<uint64_t>(length), *bytes);
      state.readers[i].Start(column, meta, std::move(bytes), static_cast<uint64_t>(start), file.path(),
                             group.num_rows);
    }
    state.rows_left = group.num_rows;
    state.morsel_index = static_cast<int64_t>(index);
    morsel_index = state.morsel_index;
    return true;
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override {
    auto& state = static_cast<ParquetLocalState&>(base);
    chunk.Reset();
    if (state.rows_left <= 0) return false;
    size_t count = static_cast<size_t>(std::min<int64_t>(state.rows_left, exec::kVectorSize));
    for (size_t i = 0; i < state.readers.size(); ++i) state.readers[i].Read(count, chunk.column(i));
    state.rows_left -= static_cast<int64_t>(count);
    rows_read_.fetch_add(count, std::memory_order_relaxed);
    chunk.SetPhysicalSize(count);
    chunk.set_morsel_index(state.morsel_index);
    return true;
  }

  std::optional<uint64_t> EstimatedRows() const override { return total_rows_; }
  double Progress() const override {
    if (total_rows_ == 0) return 1.0;
    return std::min(1.0, static_cast<double>(rows_read_.load(std::memory_order_relaxed)) / total_rows_);
  }
  std::string Describe() const override {
    if (files_.size() == 1) return fmt::format("read_parquet('{}')", files_.front()->path());
    return fmt::format("read_parquet('{}', {} files)", files_.front()->path(), files_.size());
  }

 private:
  std::vector<std::unique_ptr<ParquetFile>> files_;
  std::vector<Morsel> morsels_;
  std::vector<ColumnSchema> schema_;
  std::vector<size_t> projection_;
  uint64_t total_rows_ = 0;
  mutable std::atomic<size_t> next_morsel_{0};
  mutable std::atomic<uint64_t> rows_read_{0};
};

}  // namespace

std::unique_ptr<ScanSource> OpenParquetScan(const std::vector<std::string>& paths, const ScanOptions& options) {
  for (const auto& [name, value] : options.values) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown read_parquet option '{}'", name));
  }
  std::vector<std::unique_ptr<ParquetFile>> files;
  std::vector<Morsel> morsels;
  for (const auto& path : paths) {
    auto file = std::make_unique<ParquetFile>(path);
    if (!files.empty()) {
      const auto& first = files.front()->columns();
      const auto& columns = file->columns();
      if (columns.size() != first.size()) {
        throw Error(ErrorCode::kInvalidInput,
                    fmt::format("parquet: {} has {} columns but {} has {}", path, columns.size(),
                                files.front()->path(), first.size()));
      }
      for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name != first[i].name || columns[i].type != first[i].type) {
          throw Error(ErrorCode::kInvalidInput,
                      fmt::format("parquet: column {} of {} is {} {} but {} {} in {}", i + 1, path,
                                  columns[i].name, columns[i].type.ToString(), first[i].name,
                                  first[i].type.ToString(), files.front()->path()));
        }
      }
    }
    const auto& groups = file->metadata().row_groups;
    for (size_t group = 0; group < groups.size(); ++group) {
      if (groups[group].num_rows > 0) {
        morsels.push_back({static_cast<uint32_t>(files.size()), static_cast<uint32_t>(group)});
      }
    }
    files.push_back(std::move(file));
  }
  if (files.empty()) throw Error(ErrorCode::kIoError, "read_parquet: no files");
  return std::make_unique<ParquetScan>(std::move(files), std::move(morsels));
}

}  // namespace tarn::format::parquet
