// Column chunk statistics (min / max / null count in the footer) decoded into values of the
// column's tarn type: for skipping row groups (parquet_reader.cc, catalog/table) and for the file
// statistics the lake catalog keeps.
#pragma once

#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"
#include "format/scan_predicate.h"

namespace tarn::format::parquet {

// Returns what row group 'group' records about 'column'. Bounds are left out when absent, of an
// unsigned or legacy type whose order differs from tarn's, or malformed; a reader must then not
// skip on them.
ValueStatistics ColumnChunkStatistics(const ParquetColumn& column, const RowGroup& group);

}  // namespace tarn::format::parquet
