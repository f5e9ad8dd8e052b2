#include "server/metrics/metrics_registry.h"

#include <gtest/gtest.h>

namespace tarn::server {
namespace {

TEST(MetricsRegistryTest, RendersCountersWithSortedLabels) {
  MetricsRegistry registry;
  size_t requests = registry.AddCounter("http_requests_total", "Requests.", {"route", "status"});
  registry.Increment(requests, {"/v1/query", "200"});
  registry.Increment(requests, {"/v1/query", "200"});
  registry.Increment(requests, {"/healthz", "200"}, 3);
  EXPECT_EQ(registry.RenderText(),
            "# HELP http_requests_total Requests.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/healthz\",status=\"200\"} 3\n"
            "http_requests_total{route=\"/v1/query\",status=\"200\"} 2\n");
}

TEST(MetricsRegistryTest, RendersCumulativeHistogramBuckets) {
  MetricsRegistry registry;
  size_t latency = registry.AddHistogram("latency_seconds", "Latency.", {}, {0.25, 0.5, 1});
  for (double value : {0.125, 0.25, 0.375, 0.75, 7.0}) registry.Observe(latency, {}, value);
  // Bucket le=0.25 holds 0.125 and 0.25 (le is inclusive); +Inf holds all five.
  EXPECT_EQ(registry.RenderText(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"0.25\"} 2\n"
            "latency_seconds_bucket{le=\"0.5\"} 3\n"
            "latency_seconds_bucket{le=\"1\"} 4\n"
            "latency_seconds_bucket{le=\"+Inf\"} 5\n"
            "latency_seconds_sum 8.5\n"
            "latency_seconds_count 5\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndReadsGauges) {
  MetricsRegistry registry;
  size_t errors = registry.AddCounter("errors_total", "Errors.", {"path"});
  registry.Increment(errors, {"a\"b\\c\nd"});
  registry.AddGauge("running", "Running.", [] { return 4.0; });
  EXPECT_EQ(registry.RenderText(),
            "# HELP errors_total Errors.\n"
            "# TYPE errors_total counter\n"
            "errors_total{path=\"a\\\"b\\\\c\\nd\"} 1\n"
            "# HELP running Running.\n"
            "# TYPE running gauge\n"
            "running 4\n");
}

TEST(MetricsRegistryTest, ReadCountersRenderAsCounters) {
  MetricsRegistry registry;
  double total = 7;
  registry.AddReadCounter("records_total", "Records.", [&total] { return total; });
  total = 12;
  EXPECT_EQ(registry.RenderText(),
            "# HELP records_total Records.\n"
            "# TYPE records_total counter\n"
            "records_total 12\n");
}

}  // namespace
}  // namespace tarn::server
