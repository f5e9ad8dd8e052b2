// COPY (query) TO 'file' [(FORMAT parquet|csv, COMPRESSION ..., ROW_GROUP_SIZE n, HEADER b,
// DELIMITER 'c')] and COPY table [(columns)] TO 'file': runs the query and writes its rows with
// the Parquet writer (format/parquet/parquet_writer.h) or as CSV. The format defaults to the file
// extension (.parquet / .parq -> parquet, else csv). Files are written atomically (temp + rename).
#pragma once

#include <functional>

#include "sql/parser/ast.h"
#include "sql/session/session.h"

namespace tarn::sql {

// Runs 'copy' (a COPY ... TO statement) using 'run_query' to execute its query. Returns a result
// whose status is "COPY <rows>". Throws Error(kInvalidArgument) at the option for a bad option,
// Error(kNotSupported) for COPY FROM, Error(kIoError) when the file cannot be written.
QueryResult ExecuteCopyTo(const CopyStatement& copy,
                          const std::function<QueryResult(const QueryNode&)>& run_query);

}  // namespace tarn::sql
