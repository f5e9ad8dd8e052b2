// The server's metrics: counters and latency histograms keyed by label values, rendered in the
// Prometheus text exposition format (version 0.0.4) for GET /metrics.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::server {

// Thread-safe. Families are declared once (at start-up), then updated from request threads; an
// update takes one short mutex (per family), not per row.
class MetricsRegistry {
 public:
  // Declares a counter family 'name' with the given label names; returns its index.
  size_t AddCounter(std::string name, std::string help, std::vector<std::string> label_names);
  // Declares a histogram family with cumulative 'bounds' (seconds, ascending; +Inf is implicit).
  size_t AddHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                      std::vector<double> bounds);
  // Declares a gauge family read by 'read' at render time (no labels).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // Declares a counter family whose total is kept elsewhere and read by 'read' at render time (no
  // labels); 'read' must never decrease.
  void AddReadCounter(std::string name, std::string help, std::function<double()> read);

  // Adds 'delta' to the counter of 'family' with these label values (in declaration order).
  void Increment(size_t family, const std::vector<std::string>& labels, double delta = 1);
  // Records one observation in the histogram of 'family' with these label values.
  void Observe(size_t family, const std::vector<std::string>& labels, double value);

  // Returns every family in the text format, families in declaration order, series sorted by label.
  std::string RenderText() const;

 private:
  struct Series {
    double value = 0;             // counter
    std::vector<uint64_t> counts;  // histogram: one per bound, plus +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    std::string name;
    std::string help;
    std::string type;  // "counter", "histogram", "gauge"
    std::vector<std::string> label_names;
    std::vector<double> bounds;
    std::function<double()> read;
    std::map<std::vector<std::string>, Series> series;
  };

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
};

// Escapes a label value for the text format: backslash, double quote and line feed.
std::string EscapeLabelValue(std::string_view value);

}  // namespace tarn::server
