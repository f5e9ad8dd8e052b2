// Detects a CSV file's dialect (delimiter, quote, header) and column types from a sample of its first
// rows. The reader (csv_reader.h) sniffs the first file of a scan and reads every file with the result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/csv/csv_options.h"
#include "format/scan_source.h"

namespace tarn::format::csv {

struct CsvSniffResult {
  CsvDialect dialect;
  std::vector<ColumnSchema> columns;
  // True when a sampled quoted field contains a line break: rows may then not start after every
  // '\n', so the reader does not split a file into byte ranges.
  bool quoted_newlines = false;
  int64_t sampled_rows = 0;    // data rows in the sample (header excluded)
  double bytes_per_row = 0;    // average size of a sampled row (0 when the sample has none)
};

// Rows of a sample split into unescaped fields.
struct CsvSampleRows {
  std::vector<std::vector<std::string>> rows;
  size_t consumed_bytes = 0;   // bytes of 'text' covered by 'rows'
  bool quoted_newlines = false;
};

// Splits 'text' into at most 'max_rows' rows with 'dialect'. A last row without its line break is
// kept only when 'at_end' (the text is the whole input); an unterminated quote ends the split there.
// Empty lines are skipped. Never throws on malformed text.
CsvSampleRows SplitCsvRows(std::string_view text, const CsvDialect& dialect, bool at_end,
                           int64_t max_rows);

// Sniffs 'sample' (the first bytes of a file, after any byte-order mark; 'at_end' when it is the
// whole file) honouring every option the user set. Columns without a header are named column0,
// column1, ...; empty or duplicate header names are made unique. Never throws on malformed text.
CsvSniffResult SniffCsv(std::string_view sample, bool at_end, const CsvOptions& options);

}  // namespace tarn::format::csv
