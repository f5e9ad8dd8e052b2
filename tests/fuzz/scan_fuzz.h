// What the scan fuzzers share (included by tests/fuzz/*_fuzz.cc): the input written to a file, a
// full scan of it through format::OpenScan that reads every value, and the rule that any
// tarn::Error except an internal one is an acceptable answer.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "exec/vector/data_chunk.h"
#include "format/format_registry.h"

namespace tarn::fuzz {

// An internal error is a bug: abort so that the fuzzer reports the input.
inline void CheckError(const Error& error) {
  if (error.code() == ErrorCode::kInternal) std::abort();
}

// Writes the input to one temporary file per process (named after 'prefix') and returns its path.
inline const std::string& WriteInputFile(const char* prefix, const uint8_t* data, size_t size) {
  static const std::string path = [prefix] {
    std::string pattern = std::string("/tmp/") + prefix + "-XXXXXX";
    int descriptor = mkstemp(pattern.data());
    if (descriptor < 0) std::abort();
    close(descriptor);
    return pattern;
  }();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0) std::fwrite(data, 1, size, file);
  std::fclose(file);
  return path;
}

// Scans every morsel of 'path' as 'format', reading each value.
inline void ScanAll(const char* format, const std::string& path,
                    const format::ScanOptions& options) {
  auto source = format::OpenScan(format, {path}, options);
  std::vector<LogicalType> types;
  for (const auto& column : source->schema()) types.push_back(column.type);
  auto state = source->CreateLocalState();
  exec::DataChunk chunk(types);
  int64_t morsel = 0;
  while (source->NextMorsel(*state, morsel)) {
    while (source->ReadChunk(*state, chunk)) {
      for (size_t column = 0; column < chunk.column_count(); ++column) {
        for (size_t row = 0; row < chunk.size(); ++row) (void)chunk.column(column).GetValue(row);
      }
    }
  }
  (void)source->Progress();
  (void)source->EstimatedRows();
}

// A line-oriented text format (csv, ndjson): the input scanned with several morsel sizes, with and
// without ignore_errors.
inline int FuzzTextScan(const char* format, const char* prefix, const uint8_t* data, size_t size) {
  const std::string& path = WriteInputFile(prefix, data, size);
  const int64_t morsel_sizes[] = {1 << 20, 7, 1};
  for (int64_t morsel_size : morsel_sizes) {
    for (bool ignore_errors : {false, true}) {
      format::ScanOptions options;
      options.values["morsel_size"] = exec::Value::Bigint(morsel_size);
      options.values["ignore_errors"] = exec::Value::Boolean(ignore_errors);
      try {
        ScanAll(format, path, options);
      } catch (const Error& error) {
        CheckError(error);
      }
    }
  }
  return 0;
}

}  // namespace tarn::fuzz
