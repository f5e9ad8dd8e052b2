#include "catalog/table/table_scan.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "catalog/table/column_widening.h"
#include "catalog/table/object_parquet_io.h"
#include "catalog/table/value_text.h"
#include "common/error.h"
#include "common/read_counter.h"
#include "format/parquet/parquet_column_reader.h"
#include "format/parquet/parquet_file.h"
#include "format/parquet/parquet_row_group.h"
#include "format/parquet/parquet_statistics.h"
#include "format/scan_predicate.h"
#include "storage/lake_layout.h"

namespace tarn::catalog {
namespace {

using format::parquet::ParquetFile;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

struct FileEntry {
  DataFile data;
  std::vector<exec::Value> partition_values;  // per schema column (partition columns only)
  std::unique_ptr<ParquetFile> parquet;       // opened by Prepare unless the file is skipped
  std::vector<int64_t> file_columns;          // per schema column: index into parquet columns, or -1
};

struct Morsel {
  uint32_t file = 0;
  uint32_t row_group = 0;
};

class TableScanLocalState : public format::ScanSource::LocalState {
 public:
  int64_t morsel_index = -1;
  const FileEntry* file = nullptr;
  int64_t rows_left = 0;
  std::vector<format::parquet::ColumnChunkReader> readers;  // per projected column
  std::vector<exec::Vector> stored;  // per projected column: values of the file's type (widening)
  std::vector<bool> widen;           // per projected column: the file stores a narrower type
};

// Footers read at once when a scan starts (object stores answer each with one round trip).
constexpr size_t kFooterThreads = 8;

class LakeTableScan final : public format::ScanSource {
 public:
  LakeTableScan(storage::ObjectStore& store, const TableInfo& table, const SchemaVersion& schema,
                std::vector<DataFile> files)
      : store_(store), table_name_(table.database + "." + table.name) {
    for (const auto& column : schema.columns) schema_.push_back({column.name, column.type});
    for (size_t i = 0; i < schema_.size(); ++i) projection_.push_back(i);
    is_partition_.assign(schema_.size(), false);
    for (const auto& name : table.partition_columns) {
      auto found = std::find_if(schema_.begin(), schema_.end(),
                                [&](const format::ColumnSchema& column) { return SameName(column.name, name); });
      if (found == schema_.end()) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("partition column {} is not a column of {}", name, table_name_));
      }
      is_partition_[static_cast<size_t>(found - schema_.begin())] = true;
    }
    for (auto& data : files) {
      FileEntry entry;
      entry.partition_values.resize(schema_.size());
      for (size_t c = 0; c < schema_.size(); ++c) {
        if (!is_partition_[c]) continue;
        entry.partition_values[c] = PartitionValue(data, c);
      }
      total_rows_ += static_cast<uint64_t>(std::max<int64_t>(data.row_count, 0));
      entry.data = std::move(data);
      files_.push_back(std::move(entry));
    }
  }

  const std::vector<format::ColumnSchema>& schema() const override { return schema_; }
  void SetProjection(std::vector<size_t> columns) override { projection_ = std::move(columns); }
  void SetFilter(std::vector<format::ScanPredicate> predicates) override {
    predicates_ = std::move(predicates);
  }

  std::unique_ptr<LocalState> CreateLocalState() const override {
    Prepare();
    auto state = std::make_unique<TableScanLocalState>();
    state->readers.resize(projection_.size());
    state->stored.resize(projection_.size());
    state->widen.resize(projection_.size());
    return state;
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<TableScanLocalState&>(base);
    size_t index = next_morsel_.fetch_add(1, std::memory_order_relaxed);
    if (index >= morsels_.size()) return false;
    const Morsel& morsel = morsels_[index];
    const FileEntry& file = files_[morsel.file];
    for (size_t i = 0; i < projection_.size(); ++i) {
      int64_t column = file.file_columns[projection_[i]];
      state.widen[i] = false;
      if (column < 0) continue;
      const auto& parquet_column = file.parquet->columns()[static_cast<size_t>(column)];
      format::parquet::StartColumnChunk(*file.parquet, morsel.row_group, parquet_column, state.readers[i]);
      if (parquet_column.type != schema_[projection_[i]].type) {
        state.widen[i] = true;
        state.stored[i].Reset(parquet_column.type);
      }
    }
    state.file = &file;
    state.rows_left = file.parquet->metadata().row_groups[morsel.row_group].num_rows;
    state.morsel_index = static_cast<int64_t>(index);
    morsel_index = state.morsel_index;
    return true;
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override {
    auto& state = static_cast<TableScanLocalState&>(base);
    chunk.Reset();
    if (state.rows_left <= 0) return false;
    size_t count = static_cast<size_t>(std::min<int64_t>(state.rows_left, exec::kVectorSize));
    const FileEntry& file = *state.file;
    for (size_t i = 0; i < projection_.size(); ++i) {
      size_t column = projection_[i];
      exec::Vector& out = chunk.column(i);
      int64_t file_column = file.file_columns[column];
      if (file_column < 0) {
        // A partition value, or NULL for a column the file predates.
        out.SetConstant(is_partition_[column] ? file.partition_values[column]
                                              : exec::Value::Null(schema_[column].type));
        out.Flatten(count);
      } else if (!state.widen[i]) {
        state.readers[i].Read(count, out);
      } else {
        state.stored[i].Reset();
        state.readers[i].Read(count, state.stored[i]);
        WidenColumn(state.stored[i], count, out);
      }
    }
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
    return fmt::format("{} ({} files)", table_name_, files_.size());
  }
  std::string PruningSummary() const override {
    Prepare();
    return fmt::format("files: scanned {} of {}, row groups: scanned {} of {}", files_scanned_,
                       files_.size(), morsels_.size(), row_groups_seen_);
  }

 private:
  // The typed value of partition column 'column' in 'file' (NULL when absent or Hive's NULL).
  exec::Value PartitionValue(const DataFile& file, size_t column) const {
    const auto& type = schema_[column].type;
    auto found = file.partition.end();
    for (auto it = file.partition.begin(); it != file.partition.end(); ++it) {
      if (SameName(it->first, schema_[column].name)) found = it;
    }
    if (found == file.partition.end() || found->second == storage::kHiveNullPartition) {
      return exec::Value::Null(type);
    }
    auto value = ParseValueText(found->second, type);
    if (!value) {
      throw Error(ErrorCode::kInvalidInput,
                  fmt::format("partition value '{}' of column {} in {} is not a {}", found->second,
                              schema_[column].name, file.key, type.ToString()));
    }
    return *value;
  }

  // False when the file's partition values or catalog statistics rule out a predicate.
  bool FileMayMatch(const FileEntry& file) const {
    for (const auto& predicate : predicates_) {
      if (predicate.column >= schema_.size()) continue;
      format::ValueStatistics statistics;
      statistics.row_count = file.data.row_count;
      if (is_partition_[predicate.column]) {
        const exec::Value& value = file.partition_values[predicate.column];
        statistics.null_count = value.is_null() ? file.data.row_count : 0;
        if (!value.is_null()) statistics.min = statistics.max = value;
      } else {
        const auto& name = schema_[predicate.column].name;
        const auto& type = schema_[predicate.column].type;
        auto found = file.data.stats.find(name);
        if (found == file.data.stats.end()) continue;  // unknown
        statistics.null_count = found->second.null_count;
        if (found->second.min && found->second.max) {
          statistics.min = ParseValueText(*found->second.min, type);
          statistics.max = ParseValueText(*found->second.max, type);
        }
      }
      if (!format::MayMatch(predicate, statistics)) return false;
    }
    return true;
  }

  // Opens the footers of the files the filter may match and lists the row groups to scan. Runs
  // once, on the first thread that needs it.
  void Prepare() const {
    std::call_once(prepared_, [this] {
      std::vector<format::ScanPredicate> data_predicates;
      for (const auto& predicate : predicates_) {
        if (predicate.column < schema_.size() && !is_partition_[predicate.column]) {
          data_predicates.push_back(predicate);
        }
      }
      std::vector<size_t> candidates;
      for (size_t f = 0; f < files_.size(); ++f) {
        if (FileMayMatch(files_[f])) candidates.push_back(f);
      }
      OpenFiles(candidates);
      for (size_t f : candidates) {
        FileEntry& file = files_[f];
        const auto& groups = file.parquet->metadata().row_groups;
        row_groups_seen_ += groups.size();
        bool scanned = false;
        for (size_t g = 0; g < groups.size(); ++g) {
          if (groups[g].num_rows <= 0) continue;
          if (!RowGroupMayMatch(file, groups[g], data_predicates)) continue;
          morsels_.push_back({static_cast<uint32_t>(f), static_cast<uint32_t>(g)});
          active_rows_ += static_cast<uint64_t>(groups[g].num_rows);
          scanned = true;
        }
        files_scanned_ += scanned ? 1 : 0;
      }
    });
  }

  // False when the footer statistics of 'group' rule out a predicate. Bounds of a column stored
  // with a narrower type are widened first.
  bool RowGroupMayMatch(const FileEntry& file, const format::parquet::RowGroup& group,
                        const std::vector<format::ScanPredicate>& predicates) const {
    for (const auto& predicate : predicates) {
      int64_t index = file.file_columns[predicate.column];
      format::ValueStatistics statistics;
      if (index < 0) {  // the file predates the column: all NULL
        statistics.null_count = group.num_rows;
        statistics.row_count = group.num_rows;
      } else {
        const auto& column = file.parquet->columns()[static_cast<size_t>(index)];
        statistics = format::parquet::ColumnChunkStatistics(column, group);
        const LogicalType& type = schema_[predicate.column].type;
        if (column.type != type && statistics.min && statistics.max) {
          statistics.min = WidenValue(*statistics.min, type);
          statistics.max = WidenValue(*statistics.max, type);
        }
      }
      if (!format::MayMatch(predicate, statistics)) return false;
    }
    return true;
  }

  // Reads the footers of files_[candidates] (a round trip each, so several at once).
  void OpenFiles(const std::vector<size_t>& candidates) const {
    size_t thread_count = std::min<size_t>(kFooterThreads, (candidates.size() + 3) / 4);
    if (thread_count <= 1) {
      for (size_t f : candidates) OpenFile(files_[f]);
      return;
    }
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::exception_ptr error;
    std::vector<std::thread> threads;
    std::atomic<uint64_t>* read_counter = CurrentReadCounter();  // the query's bytes_scanned
    for (size_t t = 0; t < thread_count; ++t) {
      threads.emplace_back([&] {
        ScopedReadCounter counting(read_counter);
        for (size_t i = next.fetch_add(1); i < candidates.size(); i = next.fetch_add(1)) {
          try {
            OpenFile(files_[candidates[i]]);
          } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!error) error = std::current_exception();
            next.store(candidates.size());
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    if (error) std::rethrow_exception(error);
  }

  void OpenFile(FileEntry& file) const {
    file.parquet = std::make_unique<ParquetFile>(OpenObjectParquetInput(store_, file.data.key));
    const auto& columns = file.parquet->columns();
    file.file_columns.assign(schema_.size(), -1);
    for (size_t c = 0; c < schema_.size(); ++c) {
      if (is_partition_[c]) continue;
      for (size_t i = 0; i < columns.size(); ++i) {
        if (!SameName(columns[i].name, schema_[c].name)) continue;
        if (!CanWiden(columns[i].type, schema_[c].type)) {
          throw Error(ErrorCode::kInvalidInput,
                      fmt::format("column {} of {} is {}, which does not read as {}", schema_[c].name,
                                  file.data.key, columns[i].type.ToString(), schema_[c].type.ToString()));
        }
        file.file_columns[c] = static_cast<int64_t>(i);
        break;
      }
    }
  }

  storage::ObjectStore& store_;
  std::string table_name_;
  std::vector<format::ColumnSchema> schema_;
  std::vector<bool> is_partition_;
  std::vector<size_t> projection_;
  std::vector<format::ScanPredicate> predicates_;
  uint64_t total_rows_ = 0;

  // Filled once by Prepare().
  mutable std::once_flag prepared_;
  mutable std::vector<FileEntry> files_;
  mutable std::vector<Morsel> morsels_;
  mutable size_t files_scanned_ = 0;
  mutable size_t row_groups_seen_ = 0;  // row groups of the files whose footer was read
  mutable uint64_t active_rows_ = 0;

  mutable std::atomic<size_t> next_morsel_{0};
  mutable std::atomic<uint64_t> rows_read_{0};
};

}  // namespace

std::unique_ptr<format::ScanSource> OpenTableScan(storage::ObjectStore& store, const TableInfo& table,
                                                  const SchemaVersion& schema,
                                                  std::vector<DataFile> files) {
  return std::make_unique<LakeTableScan>(store, table, schema, std::move(files));
}

}  // namespace tarn::catalog
