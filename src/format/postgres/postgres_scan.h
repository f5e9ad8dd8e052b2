// The PostgreSQL ScanSource, through libpq: read_postgres('postgresql://…', 'schema.table') and
// `tarn ingest postgresql://… --source-table …`. Opened through format::OpenDatabaseScan.
//
// The scan opens one connection, starts a REPEATABLE READ READ ONLY transaction (one snapshot for
// the schema, the watermark and the rows), and reads through a server-side cursor, FETCHing
// kVectorSize rows per batch in text format (session TimeZone UTC, DateStyle ISO, exact floats).
// One morsel: a single cursor is read by one thread.
#pragma once

#include <memory>
#include <string>

#include "format/database_scan.h"

namespace tarn::format::postgres {

// Connects and reads the table's schema (and the incremental upper bound). Throws as
// OpenDatabaseScan describes.
std::unique_ptr<DatabaseScan> OpenPostgresScan(const std::string& url,
                                               const DatabaseScanOptions& options);

}  // namespace tarn::format::postgres
