// Microbenchmark, disabled by default (run with --gtest_also_run_disabled_tests
// --gtest_filter='*Throughput*'): encrypt+write and read+decrypt MB/s on one core. Rates are per
// second of this thread's CPU time (steady on a shared, loaded machine); fsync waits and page
// cache I/O done by the kernel on other threads are not in it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>

#include "storage/encryption/encrypted_object_store.h"
#include "storage/object_store/local_object_store.h"
#include "storage/object_store/memory_object_store.h"

namespace tarn::storage {
namespace {

constexpr size_t kBytes = 256 << 20;
constexpr int kRepeats = 3;

using Clock = std::chrono::time_point<std::chrono::steady_clock, std::chrono::nanoseconds>;

// This thread's CPU time.
Clock Now() {
  struct timespec time;
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
  return Clock(std::chrono::nanoseconds(int64_t{time.tv_sec} * 1000000000 + time.tv_nsec));
}

double Seconds(Clock start) { return std::chrono::duration<double>(Now() - start).count(); }

void Report(const char* what, double best_seconds) {
  std::printf("%-44s %8.0f MB/s\n", what, kBytes / best_seconds / 1e6);
}

TEST(EncryptionThroughputTest, DISABLED_Throughput) {
  Buffer plain(kBytes);
  plain.Resize(kBytes);
  for (size_t i = 0; i < kBytes; ++i) plain.data()[i] = static_cast<uint8_t>(i * 131 + (i >> 12));
  auto keyring = Keyring::FromText(std::string(64, '5'));

  // The cipher alone: 64 KiB segments sealed and opened in place.
  {
    DataKey key{};
    uint8_t header[kObjectHeaderSize] = {};
    SegmentCipher cipher(key, header, "bench/object");
    Buffer sealed(kBytes + kBytes / kDefaultSegmentSize * kGcmTagSize);
    double seal = 1e9, open = 1e9;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      auto start = Now();
      for (size_t i = 0; i < kBytes / kDefaultSegmentSize; ++i) {
        cipher.Seal(i, false, {plain.data() + i * kDefaultSegmentSize, kDefaultSegmentSize},
                    sealed.data() + i * (kDefaultSegmentSize + kGcmTagSize));
      }
      seal = std::min(seal, Seconds(start));
      Buffer out(kDefaultSegmentSize);
      start = Now();
      for (size_t i = 0; i < kBytes / kDefaultSegmentSize; ++i) {
        ASSERT_TRUE(cipher.Open(i, false,
                                {sealed.data() + i * (kDefaultSegmentSize + kGcmTagSize),
                                 kDefaultSegmentSize + kGcmTagSize},
                                out.data()));
      }
      open = std::min(open, Seconds(start));
    }
    Report("AES-256-GCM seal (64 KiB segments)", seal);
    Report("AES-256-GCM open (64 KiB segments)", open);
  }

  // Through the decorator, over memory (crypto + copies) and over the local store (plus the file
  // system: page cache writes, fsync, reads).
  char pattern[] = "/tmp/tarn-throughput-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  for (bool local : {false, true}) {
    std::unique_ptr<ObjectStore> inner;
    if (local) {
      inner = std::make_unique<LocalObjectStore>(std::string(pattern) + "/lake");
    } else {
      inner = std::make_unique<MemoryObjectStore>();
    }
    EncryptedObjectStore store(std::move(inner), *keyring);
    double write = 1e9, read = 1e9;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      auto start = Now();
      store.Put("bench/object", {plain.data(), plain.size()});
      write = std::min(write, Seconds(start));
      start = Now();
      auto back = store.Get("bench/object");
      read = std::min(read, Seconds(start));
      ASSERT_EQ(back->size(), kBytes);
    }
    Report(local ? "encrypt+write, local store (incl. fsync)" : "encrypt+write, memory store",
           write);
    Report(local ? "read+decrypt, local store (page cache)" : "read+decrypt, memory store", read);
  }
  std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace tarn::storage
