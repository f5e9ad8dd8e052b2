#include "server/metrics/metrics_registry.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"

namespace tarn::server {

namespace {

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

void AppendLabels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                  std::string_view extra_name, std::string_view extra_value, std::string& out) {
  if (names.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!first) out += ',';
    first = false;
    out += names[i];
    out += "=\"";
    out += EscapeLabelValue(values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

size_t MetricsRegistry::AddCounter(std::string name, std::string help,
                                   std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>();
  family->name = std::move(name);
  family->help = std::move(help);
  family->type = "counter";
  family->label_names = std::move(label_names);
  families_.push_back(std::move(family));
  return families_.size() - 1;
}

size_t MetricsRegistry::AddHistogram(std::string name, std::string help,
                                     std::vector<std::string> label_names,
                                     std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>();
  family->name = std::move(name);
  family->help = std::move(help);
  family->type = "histogram";
  family->label_names = std::move(label_names);
  family->bounds = std::move(bounds);
  families_.push_back(std::move(family));
  return families_.size() - 1;
}

void MetricsRegistry::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>();
  family->name = std::move(name);
  family->help = std::move(help);
  family->type = "gauge";
  family->read = std::move(read);
  families_.push_back(std::move(family));
}

void MetricsRegistry::AddReadCounter(std::string name, std::string help,
                                     std::function<double()> read) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>();
  family->name = std::move(name);
  family->help = std::move(help);
  family->type = "counter";
  family->read = std::move(read);
  families_.push_back(std::move(family));
}

void MetricsRegistry::Increment(size_t family, const std::vector<std::string>& labels,
                                double delta) {
  std::lock_guard lock(mutex_);
  TARN_CHECK(family < families_.size() && labels.size() == families_[family]->label_names.size());
  families_[family]->series[labels].value += delta;
}

void MetricsRegistry::Observe(size_t family, const std::vector<std::string>& labels,
                              double value) {
  std::lock_guard lock(mutex_);
  TARN_CHECK(family < families_.size() && labels.size() == families_[family]->label_names.size());
  Family& histogram = *families_[family];
  Series& series = histogram.series[labels];
  if (series.counts.empty()) series.counts.assign(histogram.bounds.size() + 1, 0);
  size_t bucket = 0;
  while (bucket < histogram.bounds.size() && value > histogram.bounds[bucket]) ++bucket;
  ++series.counts[bucket];
  series.sum += value;
  ++series.count;
}

std::string MetricsRegistry::RenderText() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& family : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family->name, family->help, family->name,
                       family->type);
    if (family->type == "gauge" || family->read) {
      out += family->name + ' ' + FormatNumber(family->read ? family->read() : 0) + '\n';
      continue;
    }
    for (const auto& [labels, series] : family->series) {
      if (family->type == "counter") {
        out += family->name;
        AppendLabels(family->label_names, labels, {}, {}, out);
        out += ' ' + FormatNumber(series.value) + '\n';
        continue;
      }
      uint64_t cumulative = 0;
      for (size_t bucket = 0; bucket <= family->bounds.size(); ++bucket) {
        cumulative += series.counts[bucket];
        std::string bound = bucket < family->bounds.size() ? FormatNumber(family->bounds[bucket])
                                                           : std::string("+Inf");
        out += family->name + "_bucket";
        AppendLabels(family->label_names, labels, "le", bound, out);
        out += ' ' + std::to_string(cumulative) + '\n';
      }
      out += family->name + "_sum";
      AppendLabels(family->label_names, labels, {}, {}, out);
      out += ' ' + FormatNumber(series.sum) + '\n';
      out += family->name + "_count";
      AppendLabels(family->label_names, labels, {}, {}, out);
      out += ' ' + std::to_string(series.count) + '\n';
    }
  }
  return out;
}

}  // namespace tarn::server
