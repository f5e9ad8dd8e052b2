// libFuzzer entry for the Parquet footer and page decoders: the input is decoded as a FileMetaData
// and as a PageHeader, and then (as a whole file) scanned through the Parquet reader. Any
// tarn::Error other than an internal one is an acceptable answer; crashes, hangs, sanitizer
// reports and internal errors are bugs. Seeds: tests/data/parquet/*.parquet.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "exec/vector/data_chunk.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"
#include "format/format_registry.h"

namespace {

void Check(const tarn::Error& error) {
  if (error.code() == tarn::ErrorCode::kInternal) std::abort();
}

void ScanAll(const std::string& path) {
  auto source = tarn::format::OpenScan("parquet", {path}, {});
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
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tarn::format::parquet;
  try {
    FileMetaData metadata = DecodeFileMetaData(data, size, "fuzz", 0);
    (void)MapSchema(metadata, "fuzz");
  } catch (const tarn::Error& error) {
    Check(error);
  }
  try {
    size_t header_size = 0;
    (void)DecodePageHeader(data, size, "fuzz", 0, header_size);
    if (header_size > size) std::abort();
  } catch (const tarn::Error& error) {
    Check(error);
  }
  static const std::string path = [] {
    char pattern[] = "/tmp/tarn-parquet-fuzz-XXXXXX";
    int descriptor = mkstemp(pattern);
    if (descriptor < 0) std::abort();
    close(descriptor);
    return std::string(pattern);
  }();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0) std::fwrite(data, 1, size, file);
  std::fclose(file);
  try {
    ScanAll(path);
  } catch (const tarn::Error& error) {
    Check(error);
  }
  return 0;
}
