// The Parquet ScanSource: reads one or many Parquet files into batches of the projected columns.
// Opened through format::OpenScan("parquet", ...) — FROM 'x.parquet', read_parquet('dir/*.parquet').
//
// Morsels are row groups, numbered in file order then row-group order, so they are dense and
// independent of the thread count. A thread that claims a morsel reads the column chunks of the
// projected columns only (one pread each) and decodes them page by page (parquet_column_reader.h).
// All files must have the same column names and types as the first.
//
// Not yet: skipping row groups by min/max statistics (they are decoded and kept for it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "format/scan_source.h"

namespace tarn::format::parquet {

// Opens a scan over 'files' (already expanded) and reads every footer. Throws Error(kIoError) for
// unreadable files, Error(kCorrupt) for malformed ones, Error(kNotSupported) for nested or
// unsupported columns, Error(kInvalidInput) when a file's schema differs from the first file's.
std::unique_ptr<ScanSource> OpenParquetScan(const std::vector<std::string>& files, const ScanOptions& options);

}  // namespace tarn::format::parquet
