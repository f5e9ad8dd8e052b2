#include "catalog/crawler/external_table_scan.h"

#include <fmt/format.h>
#include <strings.h>

#include <atomic>

#include "catalog/table/column_widening.h"
#include "common/error.h"
#include "common/string_ref.h"
#include "format/database_value.h"
#include "format/format_registry.h"

namespace tarn::catalog::crawler {
namespace {

constexpr std::string_view kHiveNull = "__HIVE_DEFAULT_PARTITION__";

// Where an output column comes from in the current file.
struct ColumnSource {
  enum Kind : uint8_t { kFileColumn, kConstant } kind = kConstant;
  size_t file_column = 0;  // index into the file scan's projection (kFileColumn)
  exec::Value constant;    // partition value or NULL (kConstant)
};

struct ExternalLocalState : format::ScanSource::LocalState {
  std::unique_ptr<format::ScanSource> file_scan;
  std::unique_ptr<format::ScanSource::LocalState> file_state;
  bool file_morsel_open = false;
  std::vector<ColumnSource> sources;
  exec::DataChunk file_chunk;
  size_t file_index = 0;
};

class ExternalTableScan final : public format::ScanSource {
 public:
  ExternalTableScan(const TableInfo& table, const SchemaVersion& schema,
                    std::vector<DataFile> files)
      : table_(table), files_(std::move(files)) {
    for (const auto& column : schema.columns) schema_.push_back({column.name, column.type});
    for (size_t i = 0; i < schema_.size(); ++i) projection_.push_back(i);
    for (const auto& file : files_)
      total_rows_ += static_cast<uint64_t>(std::max<int64_t>(0, file.row_count));
  }

  const std::vector<format::ColumnSchema>& schema() const override { return schema_; }
  void SetProjection(std::vector<size_t> columns) override { projection_ = std::move(columns); }
  std::unique_ptr<LocalState> CreateLocalState() const override {
    return std::make_unique<ExternalLocalState>();
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<ExternalLocalState&>(base);
    size_t index = next_file_.fetch_add(1, std::memory_order_relaxed);
    if (index >= files_.size()) return false;
    OpenFile(state, index);
    morsel_index = static_cast<int64_t>(index);
    return true;
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override {
    auto& state = static_cast<ExternalLocalState&>(base);
    chunk.Reset();
    while (true) {
      if (!state.file_morsel_open) {
        int64_t inner = 0;
        if (!state.file_scan->NextMorsel(*state.file_state, inner)) {
          files_done_.fetch_add(1, std::memory_order_relaxed);
          return false;
        }
        state.file_morsel_open = true;
      }
      if (state.file_scan->ReadChunk(*state.file_state, state.file_chunk)) break;
      state.file_morsel_open = false;
    }
    state.file_chunk.Compact();
    size_t count = state.file_chunk.size();
    for (size_t i = 0; i < projection_.size(); ++i) {
      exec::Vector& target = chunk.column(i);
      const ColumnSource& source = state.sources[i];
      if (source.kind == ColumnSource::kConstant) {
        target.SetConstant(source.constant);
        target.Flatten(count);
        continue;
      }
      exec::Vector& from = state.file_chunk.column(source.file_column);
      if (from.IsConstant()) from.Flatten(count);
      if (from.type() == target.type()) {
        target.Reference(from);
      } else if (CanWiden(from.type(), target.type())) {
        WidenColumn(from, count, target);
      } else {  // to VARCHAR: the value's text
        for (size_t row = 0; row < count; ++row) {
          if (from.IsNull(row)) {
            target.validity().SetInvalid(row);
          } else {
            target.data<StringRef>()[row] = target.AddString(from.GetValue(row).ToString());
          }
        }
      }
    }
    chunk.SetPhysicalSize(count);
    chunk.set_morsel_index(static_cast<int64_t>(state.file_index));
    return true;
  }

  std::optional<uint64_t> EstimatedRows() const override {
    if (total_rows_ == 0) return std::nullopt;
    return total_rows_;
  }
  double Progress() const override {
    if (files_.empty()) return 1.0;
    return static_cast<double>(files_done_.load(std::memory_order_relaxed)) /
           static_cast<double>(files_.size());
  }
  std::string Describe() const override {
    return fmt::format("external table {}.{} ({}, {} files)", table_.database, table_.name,
                       table_.format, files_.size());
  }

 private:
  void OpenFile(ExternalLocalState& state, size_t index) const {
    const DataFile& file = files_[index];
    state.file_index = index;
    state.file_scan = format::OpenScan(table_.format, {file.key}, format::ScanOptions{});
    const auto& file_schema = state.file_scan->schema();
    std::vector<size_t> file_projection;
    std::vector<LogicalType> file_types;
    state.sources.clear();
    for (size_t column : projection_) {
      const format::ColumnSchema& wanted = schema_[column];
      ColumnSource source;
      source.constant = exec::Value::Null(wanted.type);
      auto partition = file.partition.find(wanted.name);
      if (partition != file.partition.end()) {
        source.constant = PartitionValue(partition->second, wanted, file.key);
      } else {
        for (size_t i = 0; i < file_schema.size(); ++i) {
          if (strcasecmp(file_schema[i].name.c_str(), wanted.name.c_str()) != 0) continue;
          const LogicalType& type = file_schema[i].type;
          if (type != wanted.type && !CanWiden(type, wanted.type) &&
              wanted.type.id() != TypeId::kVarchar) {
            throw Error(ErrorCode::kInvalidInput,
                        fmt::format("column '{}' is {} in this file but {} in table {}.{}; crawl "
                                    "again to see the conflict",
                                    wanted.name, type.ToString(), wanted.type.ToString(),
                                    table_.database, table_.name))
                .At({file.key});
          }
          source.kind = ColumnSource::kFileColumn;
          source.file_column = file_projection.size();
          file_projection.push_back(i);
          file_types.push_back(type);
          break;
        }
      }
      state.sources.push_back(std::move(source));
    }
    state.file_scan->SetProjection(file_projection);
    state.file_state = state.file_scan->CreateLocalState();
    state.file_chunk.Initialize(file_types);
    state.file_morsel_open = false;
  }

  static exec::Value PartitionValue(const std::string& text, const format::ColumnSchema& column,
                                    const std::string& path) {
    if (text == kHiveNull) return exec::Value::Null(column.type);
    exec::Vector slot(column.type);
    if (!format::StoreTextValue(text, slot, 0)) {
      throw Error(ErrorCode::kInvalidInput,
                  fmt::format("partition value of '{}' does not convert to {}", column.name,
                              column.type.ToString()))
          .At({path});
    }
    return slot.GetValue(0);
  }

  TableInfo table_;
  std::vector<DataFile> files_;
  std::vector<format::ColumnSchema> schema_;
  std::vector<size_t> projection_;
  uint64_t total_rows_ = 0;
  mutable std::atomic<size_t> next_file_{0};
  mutable std::atomic<size_t> files_done_{0};
};

}  // namespace

std::unique_ptr<format::ScanSource> OpenExternalTableScan(const TableInfo& table,
                                                          const SchemaVersion& schema,
                                                          std::vector<DataFile> files) {
  return std::make_unique<ExternalTableScan>(table, schema, std::move(files));
}

}  // namespace tarn::catalog::crawler
