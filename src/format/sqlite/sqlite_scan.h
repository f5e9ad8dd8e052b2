// The SQLite ScanSource: read_sqlite('file.db', 'table') and `tarn ingest sqlite:///file.db
// --source-table …`. Opened through format::OpenDatabaseScan.
//
// The file is opened read-only; one read transaction covers the schema, the watermark and the
// rows, which are stepped kVectorSize at a time (one morsel, read by one thread).
#pragma once

#include <memory>
#include <string>

#include "format/database_scan.h"

namespace tarn::format::sqlite {

// Opens 'path' and reads the table's schema (and the incremental upper bound). Throws as
// OpenDatabaseScan describes.
std::unique_ptr<DatabaseScan> OpenSqliteScan(const std::string& path,
                                             const DatabaseScanOptions& options);

}  // namespace tarn::format::sqlite
