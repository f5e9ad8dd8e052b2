// The options of read_json / read_ndjson (declared columns, sampling, error handling, splitting)
// parsed from the generic ScanOptions of a table-function call.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/logical_type.h"
#include "format/scan_source.h"

namespace tarn::format::json {

struct JsonOptions {
  // columns={'name': 'TYPE', ...}: the schema, in order; no inference.
  std::vector<std::pair<std::string, LogicalType>> columns;
  bool ignore_errors = false;        // skip and count malformed lines instead of failing
  int64_t sample_size = 20480;       // lines read to infer the schema (-1 = every sampled byte)
  bool parallel = true;              // false: one morsel per file
  uint64_t morsel_size = 16u << 20;  // bytes per morsel of a plain file (tuning and tests)
};

// Reads the JSON options out of 'options' ('function' names read_json or read_ndjson in errors).
// Accepts format='newline_delimited'|'auto' (anything else is not supported). Throws
// Error(kInvalidArgument) naming an unknown option, a value of the wrong kind or an unknown type.
JsonOptions ParseJsonOptions(const ScanOptions& options, std::string_view function);

}  // namespace tarn::format::json
