#include "format/parquet/parquet_row_group.h"

#include <fmt/format.h>

#include "common/error.h"
#include "format/parquet/parquet_statistics.h"

namespace tarn::format::parquet {

void StartColumnChunk(const ParquetFile& file, uint32_t row_group, const ParquetColumn& column,
                      ColumnChunkReader& reader) {
  const RowGroup& group = file.metadata().row_groups[row_group];
  const ColumnChunk& chunk = group.columns[column.leaf_index];
  auto corrupt = [&](std::string_view what) {
    throw Error(ErrorCode::kCorrupt, fmt::format("parquet: {} of column {} in row group {} of {}", what,
                                                 column.name, row_group, file.path()));
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
  std::shared_ptr<Buffer> bytes = reader.ReleaseChunk();
  if (bytes == nullptr || bytes.use_count() > 1) bytes = std::make_shared<Buffer>();
  file.ReadAt(static_cast<uint64_t>(start), static_cast<uint64_t>(length), *bytes);
  reader.Start(column, meta, std::move(bytes), static_cast<uint64_t>(start), file.path(),
               group.num_rows);
}

bool RowGroupMayMatch(const ParquetFile& file, uint32_t row_group,
                      const std::vector<ScanPredicate>& predicates,
                      const std::vector<int64_t>& file_columns) {
  const RowGroup& group = file.metadata().row_groups[row_group];
  for (const auto& predicate : predicates) {
    if (predicate.column >= file_columns.size()) continue;
    int64_t index = file_columns[predicate.column];
    ValueStatistics statistics;
    if (index < 0) {
      statistics.null_count = group.num_rows;
      statistics.row_count = group.num_rows;
    } else {
      statistics = ColumnChunkStatistics(file.columns()[static_cast<size_t>(index)], group);
    }
    if (!MayMatch(predicate, statistics)) return false;
  }
  return true;
}

}  // namespace tarn::format::parquet
