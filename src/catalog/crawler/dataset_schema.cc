#include "catalog/crawler/dataset_schema.h"

#include <strings.h>

#include "common/error.h"
#include "format/format_registry.h"
#include "format/type_detection.h"

namespace tarn::catalog::crawler {
namespace {

// Hive writes NULL partition values as this folder value.
constexpr std::string_view kHiveNull = "__HIVE_DEFAULT_PARTITION__";

size_t FindColumn(const std::vector<ColumnDef>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (strcasecmp(columns[i].name.c_str(), name.c_str()) == 0) return i;
  }
  return columns.size();
}

void MergeColumn(std::vector<ColumnDef>& columns, const std::string& name, LogicalType type) {
  size_t index = FindColumn(columns, name);
  if (index == columns.size()) {
    ColumnDef column;
    column.name = name;
    column.type = type;
    columns.push_back(std::move(column));
    return;
  }
  LogicalType merged = CommonSuperType(columns[index].type, type, /*allow_varchar=*/true);
  columns[index].type = merged.id() == TypeId::kInvalid ? LogicalType(TypeId::kVarchar) : merged;
}

}  // namespace

InferredSchema InferDatasetSchema(const Dataset& dataset) {
  InferredSchema result;
  result.file_rows.assign(dataset.files.size(), -1);
  std::vector<ColumnDef> columns;
  size_t count = dataset.files.size();
  for (size_t i = 0; i < count; ++i) {
    if (i >= kMaxSchemaFiles - 1 && i + 1 != count) continue;  // the first ones and the last
    const DatasetFile& file = dataset.files[i];
    std::unique_ptr<format::ScanSource> scan =
        format::OpenScan(dataset.format, {file.path}, format::ScanOptions{});
    for (const auto& column : scan->schema()) MergeColumn(columns, column.name, column.type);
    if (dataset.format == "parquet" && scan->EstimatedRows()) {
      result.file_rows[i] = static_cast<int64_t>(*scan->EstimatedRows());  // exact for Parquet
    }
  }
  // Partition columns come last, in folder order; their values are typed like CSV fields.
  for (size_t key = 0; key < dataset.partition_keys.size(); ++key) {
    format::ColumnTypeDetector detector;
    for (const auto& file : dataset.files) {
      const std::string& value = file.partition[key].second;
      if (value != kHiveNull) detector.Observe(value);
    }
    size_t existing = FindColumn(columns, dataset.partition_keys[key]);
    if (existing != columns.size())
      columns.erase(columns.begin() + static_cast<ptrdiff_t>(existing));
    ColumnDef column;
    column.name = dataset.partition_keys[key];
    column.type = detector.Result();
    columns.push_back(std::move(column));
  }
  result.columns = std::move(columns);
  return result;
}

}  // namespace tarn::catalog::crawler
