// libFuzzer entry for the NDJSON reader: the input becomes a file whose schema is inferred and that is scanned with
// several morsel sizes and options. Any tarn::Error is an acceptable answer; crashes, hangs,
// sanitizer reports and internal errors are bugs.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "exec/vector/data_chunk.h"
#include "format/format_registry.h"

namespace {

void ScanAll(const std::string& path, tarn::format::ScanOptions options) {
  auto source = tarn::format::OpenScan("ndjson", {path}, options);
  std::vector<tarn::LogicalType> types;
  for (const auto& column : source->schema()) types.push_back(column.type);
  auto state = source->CreateLocalState();
  tarn::exec::DataChunk chunk(types);
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    char pattern[] = "/tmp/tarn-ndjson-fuzz-XXXXXX";
    int descriptor = mkstemp(pattern);
    if (descriptor < 0) std::abort();
    close(descriptor);
    return std::string(pattern);
  }();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0) std::fwrite(data, 1, size, file);
  std::fclose(file);
  const int64_t morsel_sizes[] = {1 << 20, 7, 1};
  for (int64_t morsel_size : morsel_sizes) {
    for (bool ignore_errors : {false, true}) {
      tarn::format::ScanOptions options;
      options.values["morsel_size"] = tarn::exec::Value::Bigint(morsel_size);
      options.values["ignore_errors"] = tarn::exec::Value::Boolean(ignore_errors);
      try {
        ScanAll(path, options);
      } catch (const tarn::Error& error) {
        if (error.code() == tarn::ErrorCode::kInternal) std::abort();
      }
    }
  }
  return 0;
}
