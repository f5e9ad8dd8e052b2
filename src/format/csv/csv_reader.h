// The CSV ScanSource: reads one or many CSV files (plain, .gz, .zst) into batches of the projected
// columns, in parallel morsels. Opened through format::OpenScan("csv", ...).
//
// Morsels (format/text_morsel_reader.h, shared with NDJSON). A plain file is cut into fixed byte
// ranges of CsvOptions::morsel_size (the cut depends only on the file size, never on the thread
// count). A morsel owns the rows that START inside its range: it begins at the first byte after the
// first '\n' at or after (range start - 1) and reads past its range end to finish its last row.
// Compressed files, and every file when parallel=false, are one morsel each (decompressed
// sequentially).
//
// Quoted line breaks. "A row starts after every '\n'" is wrong inside a quoted field that contains a
// line break. The sniffer checks its sample: if any quoted field there holds a line break, files are
// not split (one morsel per file, read sequentially: always correct). Otherwise files are split, and
// every morsel verifies its successor's guess: having parsed its own rows quote-aware from a correct
// start, it knows where the first row after its range truly starts and compares it with the first
// line start the next morsel assumed. By induction from the file's first morsel (which starts at a
// true row start), all morsels are correct when no check fails; a failed check (a quoted line break
// beyond the sample straddling a boundary) throws Error(kInvalidInput) suggesting parallel=false —
// never wrong rows silently.
//
// Parsing. RFC 4180: fields separated by the delimiter, rows by '\n' or "\r\n" ('\r' alone is data),
// quoted fields may hold delimiters, line breaks and doubled quotes (or escape-prefixed quotes when
// escape differs from quote). A quote inside an unquoted field is data. After a closing quote only a
// delimiter or line break may follow. Unquoted empty fields are NULL; a quoted empty field is '' for
// VARCHAR and NULL for other types. Empty lines are skipped when the file has more than one column.
// Bytes are read with pread (a morsel's range in 1 MiB pieces) into a reused per-thread buffer; only
// projected fields are converted, others are skipped; strings longer than 12 bytes are copied into
// the vector's arena. Plain rows (no quote at a field start, the schema's field count, every used
// value converting as it stands) take a fast path: field ends from a 64-byte separator bitmask,
// one typed conversion per used column (doubles via ParseDoublePadded). Any other row is redone by
// the general parser above, so both paths give the same rows, NULLs and errors.
//
// Errors. A malformed row (wrong field count, unterminated quote, text after a closing quote, a value
// that does not parse as its column type) throws Error(kInvalidInput) at file:line:column (1-based
// line of the offending field, column = field number), or with ignore_errors=true is skipped and
// counted in RejectedRows(). Line numbers are computed only when an error happens (by counting line
// breaks from the start of the file).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "format/csv/csv_options.h"
#include "format/scan_source.h"

namespace tarn::format::csv {

// Opens a CSV scan over 'files' (already expanded, see file_list.h) and sniffs the first non-empty
// one; all files are read with its dialect and schema. Throws Error(kIoError) for unreadable files.
std::unique_ptr<ScanSource> OpenCsvScan(const std::vector<std::string>& files, const CsvOptions& options);

}  // namespace tarn::format::csv
