#include "format/parquet/parquet_reader.h"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "common/error.h"
#include "format/parquet/parquet_column_reader.h"
#include "format/parquet/parquet_file.h"
#include "format/parquet/parquet_row_group.h"

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
      : files_(std::move(files)), morsels_(std::move(morsels)), active_(morsels_) {
    for (const auto& column : files_.front()->columns()) schema_.push_back({column.name, column.type});
    for (size_t i = 0; i < schema_.size(); ++i) projection_.push_back(i);
    for (const auto& file : files_) total_rows_ += static_cast<uint64_t>(std::max<int64_t>(file->metadata().num_rows, 0));
    files_scanned_ = files_.size();
    active_rows_ = total_rows_;
  }

  const std::vector<ColumnSchema>& schema() const override { return schema_; }
  void SetProjection(std::vector<size_t> columns) override { projection_ = std::move(columns); }

  std::unique_ptr<LocalState> CreateLocalState() const override {
    auto state = std::make_unique<ParquetLocalState>();
    state->readers.resize(projection_.size());
    return state;
  }

  void SetFilter(std::vector<ScanPredicate> predicates) override {
    // Skipping is decided here, before scanning, so EXPLAIN shows it and morsel indexes stay dense
    // and independent of the thread count.
    std::vector<int64_t> identity(schema_.size());
    for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int64_t>(i);
    active_.clear();
    active_rows_ = 0;
    std::vector<bool> file_scanned(files_.size(), false);
    for (const Morsel& morsel : morsels_) {
      if (RowGroupMayMatch(*files_[morsel.file], morsel.row_group, predicates, identity)) {
        active_.push_back(morsel);
        file_scanned[morsel.file] = true;
        active_rows_ += static_cast<uint64_t>(files_[morsel.file]->metadata().row_groups[morsel.row_group].num_rows);
      }
    }
    files_scanned_ = 0;
    for (bool scanned : file_scanned) files_scanned_ += scanned ? 1 : 0;
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<ParquetLocalState&>(base);
    size_t index = next_morsel_.fetch_add(1, std::memory_order_relaxed);
    if (index >= active_.size()) return false;
    const Morsel& morsel = active_[index];
    const ParquetFile& file = *files_[morsel.file];
    for (size_t i = 0; i < projection_.size(); ++i) {
      StartColumnChunk(file, morsel.row_group, file.columns()[projection_[i]], state.readers[i]);
    }
    state.rows_left = file.metadata().row_groups[morsel.row_group].num_rows;
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
    if (active_rows_ == 0) return 1.0;
    return std::min(1.0, static_cast<double>(rows_read_.load(std::memory_order_relaxed)) / active_rows_);
  }
  std::string Describe() const override {
    if (files_.size() == 1) return fmt::format("read_parquet('{}')", files_.front()->path());
    return fmt::format("read_parquet('{}', {} files)", files_.front()->path(), files_.size());
  }
  std::string PruningSummary() const override {
    return fmt::format("files: scanned {} of {}, row groups: scanned {} of {}", files_scanned_,
                       files_.size(), active_.size(), morsels_.size());
  }

 private:
  std::vector<std::unique_ptr<ParquetFile>> files_;
  std::vector<Morsel> morsels_;  // every non-empty row group
  std::vector<Morsel> active_;   // the ones the filter may match: the scan's morsels
  size_t files_scanned_ = 0;     // files with an active row group
  std::vector<ColumnSchema> schema_;
  std::vector<size_t> projection_;
  uint64_t total_rows_ = 0;
  uint64_t active_rows_ = 0;  // rows of the active row groups
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
