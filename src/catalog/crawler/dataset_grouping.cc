#include "catalog/crawler/dataset_grouping.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/hex.h"

namespace tarn::catalog::crawler {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Hive escapes special characters in partition values as %XX.
std::string PercentDecode(std::string_view text) {
  std::string result;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigitValue(text[i + 1]) >= 0 &&
        HexDigitValue(text[i + 2]) >= 0) {
      result += static_cast<char>(HexDigitValue(text[i + 1]) * 16 + HexDigitValue(text[i + 2]));
      i += 2;
    } else {
      result += text[i];
    }
  }
  return result;
}

// "key=value" with a non-empty key; false for anything else.
bool SplitPartition(std::string_view folder, std::string& key, std::string& value) {
  size_t equals = folder.find('=');
  if (equals == std::string_view::npos || equals == 0) return false;
  key = PercentDecode(folder.substr(0, equals));
  value = PercentDecode(folder.substr(equals + 1));
  return true;
}

// The extension shared by every file ("*.csv"), or "*" when they differ.
std::string FilePattern(const std::vector<DatasetFile>& files) {
  auto extension = [](const std::string& path) -> std::string {
    size_t slash = path.rfind('/');
    std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    size_t dot = name.find('.', 1);  // .csv.gz counts as one extension
    return dot == std::string::npos ? "" : name.substr(dot);
  };
  std::string common = extension(files.front().path);
  for (const auto& file : files) {
    if (extension(file.path) != common) return "*";
  }
  return common.empty() ? "*" : "*" + common;
}

}  // namespace

std::string_view FormatOfFile(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  if (name.empty() || name[0] == '.' || name[0] == '_') return "";
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view suffix : {".csv", ".tsv", ".csv.gz", ".csv.zst", ".tsv.gz", ".tsv.zst"}) {
    if (EndsWith(lower, suffix)) return "csv";
  }
  for (std::string_view suffix : {".ndjson", ".jsonl", ".json"}) {
    if (EndsWith(lower, suffix)) return "ndjson";
  }
  for (std::string_view suffix : {".parquet", ".parq"}) {
    if (EndsWith(lower, suffix)) return "parquet";
  }
  return "";
}

std::string TableNameOf(std::string_view folder) {
  std::string name;
  for (char c : folder) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name +=
        (std::isalnum(static_cast<unsigned char>(lower)) && static_cast<unsigned char>(lower) < 128)
            ? lower
            : '_';
  }
  if (name.empty()) name = "data";
  if (std::isdigit(static_cast<unsigned char>(name[0]))) name = "t_" + name;
  return name;
}

DatasetGrouping GroupDatasets(const std::string& root, std::vector<FoundFile> files) {
  std::sort(files.begin(), files.end(), [](const FoundFile& a, const FoundFile& b) {
    return a.relative_path < b.relative_path;
  });
  std::string base = root;
  while (base.size() > 1 && base.back() == '/') base.pop_back();

  // (dataset folder relative to root, format) -> partition key list -> files.
  using KeyList = std::vector<std::string>;
  std::map<std::pair<std::string, std::string>, std::map<KeyList, std::vector<DatasetFile>>>
      found_by_folder;
  for (const FoundFile& found : files) {
    std::string_view format = FormatOfFile(found.relative_path);
    if (format.empty()) continue;
    std::vector<std::string> parts = SplitPath(found.relative_path);
    parts.pop_back();  // the file name
    // Trailing key=value folders are partitions; the folder above them is the dataset.
    std::vector<std::pair<std::string, std::string>> partition;
    while (!parts.empty()) {
      std::string key;
      std::string value;
      if (!SplitPartition(parts.back(), key, value)) break;
      partition.insert(partition.begin(), {key, value});
      parts.pop_back();
    }
    std::string folder;
    for (const auto& part : parts) folder += (folder.empty() ? "" : "/") + part;
    KeyList keys;
    for (const auto& entry : partition) keys.push_back(entry.first);
    found_by_folder[{folder, std::string(format)}][keys].push_back(
        {base + "/" + found.relative_path, found.size_bytes, std::move(partition)});
  }

  // A dataset's partition keys are those most of its files have; the other files are skipped.
  DatasetGrouping grouping;
  std::map<std::pair<std::string, std::string>, Dataset> by_folder;
  auto join = [](const KeyList& list) {
    std::string text;
    for (const auto& item : list) text += (text.empty() ? "" : "/") + item;
    return text.empty() ? std::string("none") : text;
  };
  for (auto& [key, by_keys] : found_by_folder) {
    auto chosen = by_keys.begin();
    for (auto it = by_keys.begin(); it != by_keys.end(); ++it) {
      if (it->second.size() > chosen->second.size()) chosen = it;
    }
    Dataset& dataset = by_folder[key];
    dataset.directory = key.first.empty() ? base : base + "/" + key.first;
    dataset.format = key.second;
    dataset.partition_keys = chosen->first;
    dataset.files = std::move(chosen->second);
    for (auto& [keys, others] : by_keys) {
      if (keys == dataset.partition_keys) continue;
      for (auto& file : others) {
        grouping.skipped.push_back({file.path, "partition keys " + join(keys) + " differ from " +
                                                   join(dataset.partition_keys) + " in dataset " +
                                                   dataset.directory});
      }
    }
  }
  std::sort(grouping.skipped.begin(), grouping.skipped.end());

  // Names: the folder's name; <folder>_<format> when a folder holds several formats; the whole
  // relative path when two folders share a name.
  std::map<std::string, int> formats_per_folder;
  for (const auto& [key, dataset] : by_folder) ++formats_per_folder[key.first];
  std::map<std::string, int> name_count;
  auto short_name = [&](const std::pair<std::string, std::string>& key) {
    std::string folder = key.first;
    size_t slash = folder.rfind('/');
    std::string last = folder.empty() ? base.substr(base.rfind('/') + 1) : folder.substr(slash + 1);
    std::string name = TableNameOf(last);
    if (formats_per_folder[key.first] > 1) name += "_" + key.second;
    return name;
  };
  for (const auto& [key, dataset] : by_folder) ++name_count[short_name(key)];
  for (auto& [key, dataset] : by_folder) {
    std::string name = short_name(key);
    if (name_count[name] > 1 && !key.first.empty()) {
      name = TableNameOf(key.first);
      if (formats_per_folder[key.first] > 1) name += "_" + key.second;
    }
    dataset.name = name;
    dataset.location = dataset.directory + "/";
    for (const auto& partition_key : dataset.partition_keys) {
      dataset.location += partition_key + "=*/";
    }
    dataset.location += FilePattern(dataset.files);
    grouping.datasets.push_back(std::move(dataset));
  }
  return grouping;
}

}  // namespace tarn::catalog::crawler
