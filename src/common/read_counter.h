// Bytes a query reads from storage (bytes_scanned in query results and the audit log). The readers
// count where the bytes come off the disk — format/byte_stream.cc (CSV, NDJSON, compressed or not)
// and format/parquet/parquet_input.h (Parquet files and lake objects) — into the counter of the
// query the current thread works for. The session installs one per statement on its thread, and
// the executor on every worker while a pipeline of that statement runs.
#pragma once

#include <atomic>
#include <cstdint>

namespace tarn {

// Makes 'counter' the current thread's counter for its lifetime (then restores the previous one).
// null = reads on this thread are not counted.
class ScopedReadCounter {
 public:
  explicit ScopedReadCounter(std::atomic<uint64_t>* counter);
  ~ScopedReadCounter();
  ScopedReadCounter(const ScopedReadCounter&) = delete;
  ScopedReadCounter& operator=(const ScopedReadCounter&) = delete;

 private:
  std::atomic<uint64_t>* previous_;
};

// The current thread's counter, or null: hand it to threads that read for the same query.
std::atomic<uint64_t>* CurrentReadCounter();

// Adds 'bytes' to the current thread's counter, if it has one (one thread-local load otherwise).
void CountBytesRead(uint64_t bytes);

}  // namespace tarn
