// libFuzzer entry for the NDJSON reader: the input becomes a file whose schema is inferred and that
// is scanned with several morsel sizes and options. Any tarn::Error is an acceptable answer;
// crashes, hangs, sanitizer reports and internal errors are bugs.
#include "scan_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tarn::fuzz::FuzzTextScan("ndjson", "tarn-ndjson-fuzz", data, size);
}
