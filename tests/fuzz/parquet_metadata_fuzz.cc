// libFuzzer entry for the Parquet footer and page decoders: the input is decoded as a FileMetaData
// and as a PageHeader, and then (as a whole file) scanned through the Parquet reader. Any
// tarn::Error other than an internal one is an acceptable answer; crashes, hangs, sanitizer
// reports and internal errors are bugs. Seeds: tests/data/parquet/*.parquet.
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"
#include "scan_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tarn::format::parquet;
  using tarn::fuzz::CheckError;
  try {
    FileMetaData metadata = DecodeFileMetaData(data, size, "fuzz", 0);
    (void)MapSchema(metadata, "fuzz");
  } catch (const tarn::Error& error) {
    CheckError(error);
  }
  try {
    size_t header_size = 0;
    (void)DecodePageHeader(data, size, "fuzz", 0, header_size);
    if (header_size > size) std::abort();
  } catch (const tarn::Error& error) {
    CheckError(error);
  }
  const std::string& path = tarn::fuzz::WriteInputFile("tarn-parquet-fuzz", data, size);
  try {
    tarn::fuzz::ScanAll("parquet", path, {});
  } catch (const tarn::Error& error) {
    CheckError(error);
  }
  return 0;
}
