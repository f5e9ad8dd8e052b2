// The NDJSON ScanSource: reads newline-delimited JSON (one object per line; plain, .gz, .zst) into
// batches of the projected columns, in parallel morsels. Opened through format::OpenScan("ndjson"
// or "json", ...): read_ndjson('x'), read_json('x'), FROM 'x.ndjson' / 'x.jsonl' / 'x.json'.
//
// Schema. Inferred from the first sample_size lines of the input (json_schema.h: one column per
// key in order of first appearance; nested objects/arrays kept as VARCHAR JSON text), or declared
// with columns={...}. Keys not in the schema are skipped; a missing key is NULL. A file that starts
// with '[' (a JSON array document) is not supported: tarn reads one object per line.
//
// Morsels. JSON strings cannot hold a raw line break, so every '\n' ends a record and a plain file
// is cut into fixed byte ranges of JsonOptions::morsel_size: a morsel owns the lines that START in
// its range (it begins after the first '\n' at or after range start - 1 and reads past its end to
// finish its last line). Compressed files, and every file when parallel=false, are one morsel.
// The cut depends only on the file sizes, never on the thread count.
//
// Values. Each line is parsed with simdjson's On-Demand API (one parser per thread, values decoded
// straight into the column vectors). A value converts to its column type: numbers to BIGINT /
// INTEGER / DOUBLE / DECIMAL, strings to any type by its text parser (DATE, TIMESTAMP, numbers),
// anything to VARCHAR (scalars by their text, objects and arrays as minified JSON text).
//
// Errors. A malformed line (bad JSON, not an object, text after the object) or a value that does
// not convert throws Error(kInvalidInput) at file:line:column (column = 1-based byte in the line),
// or with ignore_errors=true is skipped, counted in RejectedRows() and handed to the reject handler.
// Line numbers are computed only when an error is thrown.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "format/json/json_options.h"
#include "format/scan_source.h"

namespace tarn::format::json {

// Opens an NDJSON scan over 'files' (already expanded, see file_list.h) and infers the schema from
// the first lines. Throws Error(kIoError) for unreadable files, Error(kInvalidInput) at
// file:line:column for a malformed sampled line, Error(kNotSupported) for a JSON array document.
std::unique_ptr<ScanSource> OpenNdjsonScan(const std::vector<std::string>& files,
                                           const JsonOptions& options);

}  // namespace tarn::format::json
