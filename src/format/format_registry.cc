#include "format/format_registry.h"

#include <fmt/format.h>

#include "common/error.h"
#include "format/csv/csv_options.h"
#include "format/csv/csv_reader.h"
#include "format/database_scan.h"
#include "format/file_list.h"
#include "format/json/json_options.h"
#include "format/json/ndjson_reader.h"
#include "format/parquet/parquet_reader.h"

namespace tarn::format {
namespace {

// The explicit list of formats: name, extensions it is chosen for, and how to open a scan.
struct FormatEntry {
  std::string_view name;
  std::vector<std::string_view> extensions;
  std::unique_ptr<ScanSource> (*open)(const std::vector<std::string>& files, const ScanOptions& options);
};

std::unique_ptr<ScanSource> OpenCsv(const std::vector<std::string>& files, const ScanOptions& options) {
  return csv::OpenCsvScan(files, csv::ParseCsvOptions(options));
}

std::unique_ptr<ScanSource> OpenNdjson(const std::vector<std::string>& files, const ScanOptions& options) {
  return json::OpenNdjsonScan(files, json::ParseJsonOptions(options, "read_ndjson"));
}

std::unique_ptr<ScanSource> OpenJson(const std::vector<std::string>& files, const ScanOptions& options) {
  return json::OpenNdjsonScan(files, json::ParseJsonOptions(options, "read_json"));
}

const std::vector<FormatEntry>& Formats() {
  static const std::vector<FormatEntry> formats = {
      {"csv", {".csv", ".tsv", ".txt", ".csv.gz", ".csv.zst", ".tsv.gz", ".tsv.zst"}, &OpenCsv},
      {"parquet", {".parquet", ".parq"}, &parquet::OpenParquetScan},
      {"ndjson", {".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz", ".ndjson.zst", ".jsonl.zst"}, &OpenNdjson},
      {"json", {".json", ".json.gz", ".json.zst"}, &OpenJson},
      // Databases: no extensions, the one "path" is a URL or a database file (database_scan.h).
      {"postgres", {}, &OpenPostgresTableScan},
      {"sqlite", {}, &OpenSqliteTableScan},
  };
  return formats;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

const FormatEntry* FormatByExtension(std::string_view path) {
  for (const auto& entry : Formats()) {
    for (std::string_view extension : entry.extensions) {
      if (EndsWith(path, extension)) return &entry;
    }
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<ScanSource> OpenScan(std::string_view format, const std::vector<std::string>& paths,
                                     const ScanOptions& options) {
  const FormatEntry* entry = nullptr;
  if (!format.empty()) {
    for (const auto& candidate : Formats()) {
      if (candidate.name == format) entry = &candidate;
    }
    if (entry == nullptr) {
      throw Error(ErrorCode::kNotSupported, fmt::format("unknown file format '{}'", format));
    }
  }
  if (entry != nullptr && entry->extensions.empty()) return entry->open(paths, options);
  std::vector<std::string> files = ExpandPaths(paths);
  if (entry == nullptr) {
    entry = FormatByExtension(files.front());
    // Plain-text files without a known extension are read as CSV, the format tarn sniffs best.
    if (entry == nullptr) entry = &Formats().front();
  }
  return entry->open(files, options);
}

bool IsKnownFormat(std::string_view format) {
  for (const auto& entry : Formats()) {
    if (entry.name == format) return true;
  }
  return false;
}

}  // namespace tarn::format
