// Reads an external table — data a crawl registered where it lies (crawler.h) — as a ScanSource
// with the table's schema: each DataFile of the snapshot (key = the file's path) is opened with
// format::OpenScan in the table's format, its columns matched to the schema by name, partition
// columns filled from DataFile::partition.
//
// Morsels are files, in snapshot order; a file's own morsels (CSV ranges, Parquet row groups) are
// read one after another by the thread that claimed it.
#pragma once

#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "format/scan_source.h"

namespace tarn::catalog::crawler {

// Columns a file lacks (added in a later schema version) read as NULL; a file column narrower
// than the schema's (the CSV sniffer saw only integers in a DOUBLE column) is widened; any column
// read as text when the schema says VARCHAR. Scanning throws what format::OpenScan throws for a
// missing or malformed file, and Error(kInvalidInput) naming the file, column and both types when
// a file column does not convert to the schema's type.
std::unique_ptr<format::ScanSource> OpenExternalTableScan(const TableInfo& table,
                                                          const SchemaVersion& schema,
                                                          std::vector<DataFile> files);

}  // namespace tarn::catalog::crawler
