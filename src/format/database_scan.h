// Scans of tables in external databases — PostgreSQL (format/postgres) and SQLite files
// (format/sqlite) — as ScanSources: read_postgres('url', 'schema.table'), read_sqlite('file',
// 'table'), and `tarn ingest <url> --source-table …` for full and incremental loads.
//
// A scan reads one consistent snapshot of the source table in batches (never the whole table in
// memory). With an incremental column it reads only rows whose value is greater than a lower bound
// (the watermark of the previous load) and reports the largest value it read, taken from the same
// snapshot, as the next watermark.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format/scan_source.h"

namespace tarn::format {

struct DatabaseScanOptions {
  // PostgreSQL: "schema.table" or "table" (resolved by the search path; unquoted names fold to
  // lower case as in SQL). SQLite: "table".
  std::string table;
  std::string incremental_column;  // empty: read every row
  // Read only rows with incremental_column > lower_bound (the bound in the source's text form).
  std::optional<std::string> lower_bound;
};

class DatabaseScan : public ScanSource {
 public:
  // The largest value of the incremental column among the rows this scan reads, as text the
  // source compares with the column (the next load's lower bound); nullopt when no incremental
  // column is set or no row qualifies. Known once the scan is opened.
  virtual const std::optional<std::string>& upper_bound() const = 0;
  // The type the incremental column maps to (kInvalid without one).
  virtual LogicalType incremental_type() const = 0;
};

// True for postgresql://, postgres:// and sqlite:// URLs.
bool IsDatabaseUrl(std::string_view source);

// Opens a scan of 'options.table' in the database at 'url': postgresql://[user[:password]@]host
// [:port]/database[?param=value…] (libpq URI syntax; the password may also come from PGPASSWORD or
// ~/.pgpass) or sqlite:///absolute/path.db (sqlite://relative/path.db). Throws Error(kIoError)
// when the database cannot be reached, Error(kNotFound) for an unknown table or column,
// Error(kNotSupported) for a column type tarn does not map. Messages never contain a password.
std::unique_ptr<DatabaseScan> OpenDatabaseScan(std::string_view url,
                                               const DatabaseScanOptions& options);

// Reads table=, incremental_column= and lower_bound= from a table function's options. Throws
// Error(kInvalidArgument) naming an unknown option.
DatabaseScanOptions ParseDatabaseScanOptions(const ScanOptions& options);

// The table functions read_postgres('postgresql://…', 'schema.table') and read_sqlite('file.db',
// 'table'): 'sources' is the one URL or path; the binder passes the second argument as option
// table=. Registered in format_registry.cc.
std::unique_ptr<ScanSource> OpenPostgresTableScan(const std::vector<std::string>& sources,
                                                  const ScanOptions& options);
std::unique_ptr<ScanSource> OpenSqliteTableScan(const std::vector<std::string>& sources,
                                                const ScanOptions& options);

// 'url' with its password (user:password@ or password=…) replaced by "***", for messages and logs.
std::string RedactUrl(std::string_view url);

}  // namespace tarn::format
