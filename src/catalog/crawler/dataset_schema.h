// The crawler's second step: the columns of a dataset, inferred from its files through the
// format readers (the CSV sniffer, the NDJSON reader's sampling, Parquet footers) plus its Hive
// partition columns, typed by the same detection the CSV sniffer uses (format/type_detection.h).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/crawler/dataset_grouping.h"

namespace tarn::catalog::crawler {

// How many files of a dataset are opened to infer its schema (the first ones by path, and the
// last): enough to see columns added by newer files without opening thousands.
constexpr size_t kMaxSchemaFiles = 64;

struct InferredSchema {
  std::vector<ColumnDef> columns;  // file columns in first-seen order, then partition columns
  std::vector<int64_t> file_rows;  // rows per file when the format knows them (Parquet), else -1
};

// Infers the columns of 'dataset'. Files that disagree widen a column to the common type
// (CommonSuperType, VARCHAR as the last resort); columns missing in some files are nullable
// anyway. A partition key that is also a file column is taken from the folder. Throws what
// format::OpenScan throws (naming the file) when a file cannot be read.
InferredSchema InferDatasetSchema(const Dataset& dataset);

}  // namespace tarn::catalog::crawler
