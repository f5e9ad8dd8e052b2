#include "catalog/crawler/crawler.h"

#include <fmt/format.h>
#include <strings.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "catalog/crawler/dataset_grouping.h"
#include "catalog/crawler/dataset_schema.h"
#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace tarn::catalog::crawler {
namespace {

namespace fs = std::filesystem;

std::vector<FoundFile> WalkTree(const std::string& root) {
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    throw Error(ErrorCode::kIoError, fmt::format("not a directory: '{}'", root));
  }
  std::vector<FoundFile> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  if (error) {
    throw Error(ErrorCode::kIoError, fmt::format("cannot list '{}': {}", root, error.message()));
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) {
      throw Error(ErrorCode::kIoError,
                  fmt::format("cannot list '{}': {}", it->path().string(), error.message()));
    }
    std::string name = it->path().filename().string();
    // Hidden and underscore folders (.git, _temporary, _delta_log) are not data, nor is a tarn
    // data directory (its objects are the lake's own, encrypted).
    if (it->is_directory(error) && (name.empty() || name[0] == '.' || name[0] == '_' ||
                                    fs::exists(it->path() / "catalog.db", error))) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error) || FormatOfFile(name).empty()) continue;
    FoundFile file;
    file.relative_path = fs::relative(it->path(), root).generic_string();
    file.size_bytes = static_cast<int64_t>(it->file_size(error));
    files.push_back(std::move(file));
  }
  return files;
}

std::string ColumnList(const std::vector<ColumnDef>& columns) {
  std::string text;
  for (const auto& column : columns) {
    text += (text.empty() ? "" : ", ") + column.name + " " + column.type.ToString();
  }
  return text;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

const ColumnDef* FindColumn(const std::vector<ColumnDef>& columns, const std::string& name) {
  for (const auto& column : columns) {
    if (strcasecmp(column.name.c_str(), name.c_str()) == 0) return &column;
  }
  return nullptr;
}

std::vector<DataFile> DataFilesOf(const Dataset& dataset, const InferredSchema& schema) {
  std::vector<DataFile> files;
  for (size_t i = 0; i < dataset.files.size(); ++i) {
    const DatasetFile& found = dataset.files[i];
    DataFile file;
    file.key = found.path;  // external tables: the file's path, not an object key
    for (const auto& [key, value] : found.partition) file.partition[key] = value;
    file.row_count = std::max<int64_t>(0, schema.file_rows[i]);  // 0: unknown (CSV, NDJSON)
    file.size_bytes = found.size_bytes;
    files.push_back(std::move(file));
  }
  return files;
}

class DatasetRegistration {
 public:
  DatasetRegistration(Catalog& catalog, const CrawlOptions& options, const Dataset& dataset,
                      CrawlTableResult& result)
      : catalog_(catalog), options_(options), dataset_(dataset), result_(result) {}

  void Run() {
    InferredSchema schema = InferDatasetSchema(dataset_);
    std::vector<DataFile> files = DataFilesOf(dataset_, schema);
    std::optional<TableInfo> existing = catalog_.FindTable(options_.database, dataset_.name);
    if (!existing) {
      Create(schema, files);
    } else {
      Update(*existing, schema, files);
    }
  }

 private:
  void Create(const InferredSchema& schema, const std::vector<DataFile>& files) {
    TableInfo info;
    info.database = options_.database;
    info.name = dataset_.name;
    info.kind = TableKind::kExternal;
    info.zone = options_.zone;
    info.format = dataset_.format;
    info.location = dataset_.location;
    info.partition_columns = dataset_.partition_keys;
    info.description = "crawled from " + dataset_.directory;
    TableInfo created = catalog_.CreateTable(info, schema.columns, /*if_not_exists=*/false);
    SnapshotChange change;
    change.operation = "crawl";
    change.added_files = files;
    change.summary["source"] = dataset_.directory;
    catalog_.CommitSnapshot(created.id, change);
    result_.action = CrawlAction::kCreated;
    result_.details.push_back("columns: " + ColumnList(schema.columns));
    if (!dataset_.partition_keys.empty()) {
      result_.details.push_back("partitioned by " + JoinNames(dataset_.partition_keys));
    }
  }

  void Conflict(std::string why) {
    result_.action = CrawlAction::kConflict;
    result_.details.push_back(std::move(why));
  }

  void Update(const TableInfo& table, const InferredSchema& schema,
              const std::vector<DataFile>& files) {
    if (table.kind != TableKind::kExternal) {
      return Conflict("a managed table of this name exists; the dataset is not registered");
    }
    if (table.location != dataset_.location) {
      return Conflict(
          fmt::format("the table is registered for {}; this dataset is not", table.location));
    }
    if (table.partition_columns != dataset_.partition_keys) {
      return Conflict(fmt::format("partition keys changed from ({}) to ({})",
                                  JoinNames(table.partition_columns),
                                  JoinNames(dataset_.partition_keys)));
    }
    SchemaVersion current = catalog_.CurrentSchema(table.id);
    // Columns: keep every current column (dropping is never allowed), widen, append new ones.
    std::vector<ColumnDef> proposed = current.columns;
    std::vector<std::string> schema_changes;
    bool conflict = false;
    for (const ColumnDef& inferred : schema.columns) {
      const ColumnDef* known = FindColumn(current.columns, inferred.name);
      if (known == nullptr) {
        proposed.push_back(inferred);
        schema_changes.push_back("added column " + inferred.name + " " + inferred.type.ToString());
      } else if (known->type != inferred.type) {
        if (IsWidening(known->type, inferred.type)) {
          proposed[static_cast<size_t>(known - current.columns.data())].type = inferred.type;
          schema_changes.push_back(fmt::format("widened column {} {} -> {}", known->name,
                                               known->type.ToString(), inferred.type.ToString()));
        } else {
          conflict = true;
          Conflict(fmt::format(
              "column '{}' is {} in the table but {} in the files: {} (types are "
              "never narrowed; rewrite or rename the data)",
              known->name, known->type.ToString(), inferred.type.ToString(),
              IsWidening(inferred.type, known->type) ? "a narrower type" : "an incompatible type"));
        }
      }
    }
    if (conflict) return;
    for (const ColumnDef& column : current.columns) {
      if (FindColumn(schema.columns, column.name) == nullptr) {
        result_.details.push_back("column " + column.name + " is no longer in the files (kept)");
      }
    }
    std::optional<std::vector<ColumnDef>> new_columns = EvolveSchema(current.columns, proposed);

    // Files: added, removed, or rewritten (size changed: removed and added again).
    std::optional<Snapshot> base = catalog_.FindSnapshot(table.id);
    std::map<std::string, int64_t> old_sizes;
    if (base) {
      for (const DataFile& file : catalog_.SnapshotFiles(table.id, base->id))
        old_sizes[file.key] = file.size_bytes;
    }
    SnapshotChange change;
    change.base_snapshot_id = base ? base->id : 0;
    change.operation = "crawl";
    change.summary["source"] = dataset_.directory;
    std::map<std::string, bool> present;
    int64_t changed = 0;
    for (const DataFile& file : files) {
      present[file.key] = true;
      auto old = old_sizes.find(file.key);
      if (old == old_sizes.end()) {
        change.added_files.push_back(file);
      } else if (old->second != file.size_bytes) {
        change.removed_keys.push_back(file.key);
        change.added_files.push_back(file);
        ++changed;
      }
    }
    for (const auto& [key, size] : old_sizes) {
      if (!present.count(key)) change.removed_keys.push_back(key);
    }
    if (!new_columns && change.added_files.empty() && change.removed_keys.empty()) return;
    change.new_columns = new_columns;
    Snapshot committed = catalog_.CommitSnapshot(table.id, change);
    result_.action = CrawlAction::kUpdated;
    if (new_columns) {
      SchemaVersion version = catalog_.CurrentSchema(table.id);
      result_.details.push_back(
          fmt::format("schema version {}: {}", version.version, JoinNames(schema_changes)));
    }
    int64_t added = static_cast<int64_t>(change.added_files.size()) - changed;
    int64_t removed = static_cast<int64_t>(change.removed_keys.size()) - changed;
    if (added != 0 || removed != 0 || changed != 0) {
      result_.details.push_back(fmt::format("files: {} added, {} removed, {} changed (snapshot {})",
                                            added, removed, changed, committed.id));
    }
  }

  Catalog& catalog_;
  const CrawlOptions& options_;
  const Dataset& dataset_;
  CrawlTableResult& result_;
};

}  // namespace

std::string_view CrawlActionName(CrawlAction action) {
  switch (action) {
    case CrawlAction::kCreated:
      return "created";
    case CrawlAction::kUpdated:
      return "updated";
    case CrawlAction::kUnchanged:
      return "unchanged";
    case CrawlAction::kConflict:
      return "conflict";
    case CrawlAction::kFailed:
      return "failed";
  }
  return "unknown";
}

bool CrawlReport::changed() const {
  for (const auto& table : tables) {
    if (table.action == CrawlAction::kCreated || table.action == CrawlAction::kUpdated) return true;
  }
  return false;
}

DatasetGrouping DiscoverDatasets(const std::string& root) {
  std::vector<FoundFile> found = WalkTree(root);
  return GroupDatasets(fs::absolute(root).lexically_normal().string(), std::move(found));
}

CrawlReport Crawl(Catalog& catalog, const CrawlOptions& options) {
  DatasetGrouping grouping = DiscoverDatasets(options.root);
  CrawlReport report;
  for (const Dataset& dataset : grouping.datasets) {
    report.files_seen += static_cast<int64_t>(dataset.files.size());
  }
  report.files_seen += static_cast<int64_t>(grouping.skipped.size());
  report.skipped = std::move(grouping.skipped);
  for (const Dataset& dataset : grouping.datasets) {
    CrawlTableResult result;
    result.table = options.database + "." + dataset.name;
    result.format = dataset.format;
    result.location = dataset.location;
    result.files = static_cast<int64_t>(dataset.files.size());
    try {
      DatasetRegistration(catalog, options, dataset, result).Run();
    } catch (const Error& error) {
      // One unreadable dataset or a lost race does not stop the crawl of the others.
      result.action =
          error.code() == ErrorCode::kConflict ? CrawlAction::kConflict : CrawlAction::kFailed;
      result.details.push_back(error.what());
    }
    report.tables.push_back(std::move(result));
  }
  return report;
}

std::string FormatCrawlReport(const CrawlReport& report) {
  std::string text;
  std::map<CrawlAction, int> counts;
  for (const auto& table : report.tables) {
    ++counts[table.action];
    text +=
        fmt::format("{:<9} {} ({}, {} file{}) at {}\n", CrawlActionName(table.action), table.table,
                    table.format, table.files, table.files == 1 ? "" : "s", table.location);
    for (const auto& detail : table.details) text += "          " + detail + "\n";
  }
  for (const auto& [path, reason] : report.skipped) {
    text += fmt::format("skipped   {}: {}\n", path, reason);
  }
  text += fmt::format(
      "{} data files in {} datasets: {} created, {} updated, {} unchanged, "
      "{} conflicts, {} failed\n",
      report.files_seen, report.tables.size(), counts[CrawlAction::kCreated],
      counts[CrawlAction::kUpdated], counts[CrawlAction::kUnchanged],
      counts[CrawlAction::kConflict], counts[CrawlAction::kFailed]);
  return text;
}

}  // namespace tarn::catalog::crawler
