// Reads a lake table: a ScanSource over a snapshot's data files (Parquet objects in the lake's
// store). Partition columns come from DataFile::partition, columns an older file lacks read as
// NULL, columns widened since a file was written are converted. Files whose partition values or
// statistics rule out a pushed filter are never opened; row groups are skipped by their footer
// statistics. Morsels are row groups, in file order then row-group order.
#pragma once

#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "format/scan_source.h"
#include "storage/object_store/object_store.h"

namespace tarn::catalog {

// 'store' must outlive the scan. Footers are read when scanning starts (or when EXPLAIN asks how
// much was skipped), not here. Throws Error(kInvalidArgument) when a partition column of 'table' is
// not in 'schema'. Scanning throws Error(kNotFound) for a missing data file, Error(kCorrupt) for a
// malformed one, Error(kInvalidInput) for a partition value or file column that does not convert
// to the column's type (naming the file and column).
std::unique_ptr<format::ScanSource> OpenTableScan(storage::ObjectStore& store,
                                                  const TableInfo& table,
                                                  const SchemaVersion& schema,
                                                  std::vector<DataFile> files);

}  // namespace tarn::catalog
