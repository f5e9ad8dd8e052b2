// Microbenchmark, disabled by default (run with --gtest_also_run_disabled_tests
// --gtest_filter='*WalThroughput*'): 4 threads each append 500 records of 200 bytes per call with
// fdatasync on; prints records/s (wall clock and per CPU second), flushes per call and the
// p50/p99 call latency.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "storage/wal/wal_test_fixture.h"

namespace tarn::storage {
namespace {

class WalThroughputTest : public WalTestBase {};

TEST_F(WalThroughputTest, DISABLED_FourThreadsOf500RecordCalls) {
  constexpr int kThreads = 4, kCalls = 100, kRecords = 500;
  auto wal = OpenWal();
  std::vector<std::string> payloads;
  for (int i = 0; i < kRecords; ++i)
    payloads.push_back(std::string(190, 'a' + i % 26) + std::to_string(1000000 + i));
  std::vector<std::string_view> views(payloads.begin(), payloads.end());
  std::vector<std::vector<double>> latencies(kThreads);
  auto cpu_seconds = [] {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  };
  double cpu_start = cpu_seconds();
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        auto begin = std::chrono::steady_clock::now();
        wal->Append(views);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
                .count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = cpu_seconds() - cpu_start;
  std::vector<double> all;
  for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  WalStats stats = wal->stats();
  std::printf("%d records in %.3f s: %.0f records/s, %.1f MB/s of payload\n",
              kThreads * kCalls * kRecords, seconds, kThreads * kCalls * kRecords / seconds,
              kThreads * kCalls * kRecords * 200 / seconds / 1e6);
  std::printf("%llu calls, %llu flushes (fdatasync); call latency p50 %.2f ms, p99 %.2f ms\n",
              static_cast<unsigned long long>(stats.appends),
              static_cast<unsigned long long>(stats.flushes), all[all.size() / 2],
              all[all.size() * 99 / 100]);
  std::printf("process CPU %.3f s: %.0f records per CPU second (machine load shared)\n", cpu,
              kThreads * kCalls * kRecords / cpu);
  EXPECT_EQ(stats.records, static_cast<uint64_t>(kThreads * kCalls * kRecords));
}

}  // namespace
}  // namespace tarn::storage
