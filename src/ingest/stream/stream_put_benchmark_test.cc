// Micro benchmark of StreamManager::Put alone (split, convert, WAL append, buffer insert; no
// delivery): batches of 500 ~200-byte records from several threads. Skipped unless
// TARN_STREAM_BENCH is set; TARN_STREAM_BENCH_SYNC=1 turns fdatasync on, TARN_STREAM_BENCH_THREADS
// and TARN_STREAM_BENCH_RECORDS size the run; TARN_STREAM_BENCH_DELIVER=1 keeps the default buffer
// limits, so deliveries run alongside (the steady state). Prints records/s and Put latency p50/p99.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/stream/stream_test_fixture.h"

namespace tarn::ingest {
namespace {

size_t EnvNumber(const char* name, size_t fallback) {
  const char* value = ::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

TEST_F(StreamTest, PutThroughputBenchmark) {
  if (::getenv("TARN_STREAM_BENCH") == nullptr) GTEST_SKIP() << "set TARN_STREAM_BENCH=1 to run";
  size_t threads = EnvNumber("TARN_STREAM_BENCH_THREADS", 4);
  size_t total_records = EnvNumber("TARN_STREAM_BENCH_RECORDS", 1'000'000);
  constexpr size_t kBatch = 500;
  StreamManagerOptions options = ManagerOptions();
  options.sync = EnvNumber("TARN_STREAM_BENCH_SYNC", 0) != 0;
  options.max_buffered_bytes = uint64_t{16} << 30;
  Open(options);
  StreamDefinition definition;
  definition.name = "bench";
  bool deliver = EnvNumber("TARN_STREAM_BENCH_DELIVER", 0) != 0;
  if (!deliver) {  // Put alone: no delivery while measuring
    definition.buffer_bytes = uint64_t{16} << 30;
    definition.buffer_seconds = 86400;
  }
  definition.columns = {Column("id", TypeId::kBigint),     Column("user", TypeId::kVarchar), Column("event", TypeId::kVarchar),
                        Column("url", TypeId::kVarchar),   Column("ts", TypeId::kTimestamp), Column("amount", TypeId::kDouble),
                        Column("ok", TypeId::kBoolean),    Column("country", TypeId::kVarchar)};
  manager_->Create(definition, "bench");
  size_t batches_per_thread = total_records / kBatch / threads;
  std::vector<std::vector<std::string>> bodies(threads);
  size_t body_bytes = 0;
  for (size_t thread = 0; thread < threads; ++thread) {
    for (size_t variant = 0; variant < 8; ++variant) {
      std::string body;
      for (size_t i = 0; i < kBatch; ++i) {
        size_t id = (thread * 8 + variant) * kBatch + i;
        body += fmt::format(
            "{{\"id\":{},\"user\":\"user-{:05}\",\"event\":\"page_view\",\"url\":\"https://example.com/products/"
            "{}?ref=campaign-{}\",\"ts\":\"2026-12-01 23:{:02}:{:02}\",\"amount\":{}.{:02},\"ok\":{},\"country\":\"DE\"}}\n",
            id, id % 100000, id % 9973, id % 17, id % 60, (id / 60) % 60, id % 1000, id % 100,
            id % 2 ? "true" : "false");
      }
      body_bytes = body.size();
      bodies[thread].push_back(std::move(body));
    }
  }
  std::vector<std::vector<double>> latencies(threads);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (size_t thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&, thread] {
      for (size_t put = 0; put < batches_per_thread; ++put) {
        auto begin = std::chrono::steady_clock::now();
        manager_->Put("bench", bodies[thread][put % 8], "bench");
        latencies[thread].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
      }
    });
  }
  for (auto& worker : workers) worker.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  size_t records = all.size() * kBatch;
  EXPECT_EQ(manager_->Status("bench").total_records, records);
  fmt::print("stream Put: {} records ({} B/record) from {} threads, sync {}, delivery {}: {:.0f} records/s, "
             "{:.1f} MB/s, Put p50 {:.2f} ms p99 {:.2f} ms\n",
             records, body_bytes / kBatch, threads, options.sync ? "on" : "off", deliver ? "on" : "off",
             records / seconds,
             records / seconds * (body_bytes / kBatch) / 1e6, all[all.size() / 2], all[all.size() * 99 / 100]);
}

}  // namespace
}  // namespace tarn::ingest
