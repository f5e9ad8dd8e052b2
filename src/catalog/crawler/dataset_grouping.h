// The crawler's first step: which files of a directory tree form one dataset (one table). A
// dataset is a folder of files of one format, with optional Hive partition folders (key=value)
// below it: sales/year=2024/region=eu/part-0.parquet belongs to dataset "sales", partitioned by
// year and region. Pure functions over paths; reading the files is dataset_schema.h's job.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn::catalog::crawler {

// A data file found under the crawl root.
struct FoundFile {
  std::string relative_path;  // below the crawl root, '/'-separated: "sales/year=2024/a.csv"
  int64_t size_bytes = 0;
};

struct DatasetFile {
  std::string path;  // root + "/" + relative_path
  int64_t size_bytes = 0;
  // Partition values in folder order, percent-decoded: {{"year", "2024"}, {"region", "eu"}}.
  std::vector<std::pair<std::string, std::string>> partition;
};

struct Dataset {
  std::string name;       // table name: the folder's name, lower case, [a-z0-9_]
  std::string directory;  // the dataset folder (root + relative folder, no trailing '/')
  std::string format;     // "csv", "ndjson" or "parquet"
  // The glob that matches exactly the dataset's files: "<directory>/year=*/region=*/*.parquet".
  std::string location;
  std::vector<std::string> partition_keys;  // folder order
  std::vector<DatasetFile> files;           // sorted by path
};

struct DatasetGrouping {
  std::vector<Dataset> datasets;  // sorted by directory, then format
  // Files left out, with the reason ("partition keys year/month differ from year in this dataset").
  std::vector<std::pair<std::string, std::string>> skipped;
};

// Returns the format tarn reads a file with, chosen by extension (.csv .tsv [.gz .zst], .ndjson
// .jsonl .json, .parquet .parq), or "" when the file is not data (hidden files, _SUCCESS, …).
std::string_view FormatOfFile(std::string_view path);

// Groups 'files' (found below 'root') into datasets. Files directly in a folder belong to that
// folder's dataset; key=value folders directly below a dataset folder are its partitions. A folder
// holding several formats yields one dataset per format, named <folder>_<format>. Datasets whose
// names collide are named after their whole relative path (a/events -> a_events). Files whose
// partition keys differ from the dataset's (those of its first file) are skipped.
DatasetGrouping GroupDatasets(const std::string& root, std::vector<FoundFile> files);

// A folder name as a table name: lower case, characters outside [a-z0-9_] become '_', a leading
// digit gets a "t_" prefix.
std::string TableNameOf(std::string_view folder);

}  // namespace tarn::catalog::crawler
