// The options of read_csv (delimiter, quoting, header, declared columns, error handling) parsed
// from the generic ScanOptions of a table-function call. Unset fields are sniffed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/logical_type.h"
#include "format/scan_source.h"

namespace tarn::format::csv {

// How rows and fields are written. quote == '\0' disables quoting; escape == quote means RFC 4180
// doubled quotes ("a""b").
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';
  bool header = true;
};

struct CsvOptions {
  std::optional<char> delimiter;  // delim= / sep=
  std::optional<char> quote;      // quote= ('' disables quoting)
  std::optional<char> escape;     // escape=
  std::optional<bool> header;     // header=
  // columns={'name': 'TYPE', ...}: the schema, in order; sniffing then only finds the dialect.
  std::vector<std::pair<std::string, LogicalType>> columns;
  bool ignore_errors = false;    // skip and count malformed rows instead of failing
  int64_t sample_size = 20480;   // rows the sniffer reads to detect types (-1 = a large sample)
  bool all_varchar = false;      // every sniffed column is VARCHAR
  bool auto_detect = true;       // false: no sniffing (delimiter ',', quote '"', header false)
  bool parallel = true;          // false: one morsel per file (never splits a file)
  uint64_t morsel_size = 16u << 20;  // bytes per morsel of a plain file (tuning and tests)
};

// Reads the csv options out of 'options'. Throws Error(kInvalidArgument) naming an unknown option,
// a value of the wrong kind or an unknown type name in columns={...}.
CsvOptions ParseCsvOptions(const ScanOptions& options);

}  // namespace tarn::format::csv
