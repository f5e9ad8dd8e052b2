// Reading one row group of a ParquetFile: fetch a column chunk's bytes and start a decoder on
// them, and decide from the footer statistics whether a filter can skip the row group. Shared by
// the Parquet scan (parquet_reader.cc) and the lake table scan (catalog/table/table_scan.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "format/parquet/parquet_column_reader.h"
#include "format/parquet/parquet_file.h"
#include "format/scan_source.h"

namespace tarn::format::parquet {

// Reads the bytes of 'column' (one of file.columns()) in row group 'row_group' and starts 'reader'
// on them, reusing the reader's previous chunk buffer when nothing else holds it. Throws
// Error(kCorrupt) naming the file, column and row group when the footer's byte range is bad,
// Error(kNotSupported) for chunks stored in another file.
void StartColumnChunk(const ParquetFile& file, uint32_t row_group, const ParquetColumn& column,
                      ColumnChunkReader& reader);

// Returns false when the statistics of row group 'row_group' prove that no row satisfies all of
// 'predicates'. 'file_columns[c]' is the index into file.columns() of predicate column c, or -1
// when the file lacks that column (its values are then all NULL).
bool RowGroupMayMatch(const ParquetFile& file, uint32_t row_group,
                      const std::vector<ScanPredicate>& predicates,
                      const std::vector<int64_t>& file_columns);

}  // namespace tarn::format::parquet
