// `tarn crawl`: walks a directory tree, groups its files into datasets (dataset_grouping.h),
// infers their schemas (dataset_schema.h) and registers them in the catalog as external tables —
// the data stays where it is; the table's location is a glob over its files.
//
// Per dataset, against the catalog:
//   - no table of that name: create it (TableKind::kExternal, location, partition columns, schema
//     version 1) and commit a snapshot listing the files ("crawl");
//   - the same external table: add a schema version when columns were added or types widened
//     (schema_evolution.h rules), and commit a snapshot when files were added, removed or changed
//     size; nothing at all when nothing changed, so a second crawl of an unchanged tree is a no-op;
//   - a column whose type would narrow or change kind, changed partition keys, or a table of that
//     name that is managed or elsewhere: a conflict, reported; that table is left untouched.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/crawler/dataset_grouping.h"

namespace tarn::catalog::crawler {

struct CrawlOptions {
  std::string root;               // the directory to walk
  std::string database = "main";  // where tables are registered
  std::string zone = "raw";       // recorded on the tables
};

enum class CrawlAction : uint8_t { kCreated, kUpdated, kUnchanged, kConflict, kFailed };
std::string_view CrawlActionName(CrawlAction action);  // "created", "updated", ...

struct CrawlTableResult {
  std::string table;  // database.table
  CrawlAction action = CrawlAction::kUnchanged;
  std::string format;
  std::string location;
  int64_t files = 0;
  std::vector<std::string> details;  // one line each: columns, changes, the conflict's cause
};

struct CrawlReport {
  int64_t files_seen = 0;  // data files found
  std::vector<CrawlTableResult> tables;
  std::vector<std::pair<std::string, std::string>> skipped;  // path, reason
  bool changed() const;
};

// Walks 'root' and groups its data files into datasets (no catalog access). Throws
// Error(kIoError) when the root is not a readable directory.
DatasetGrouping DiscoverDatasets(const std::string& root);

// Crawls 'options.root' into 'catalog'. A dataset whose files cannot be read is reported as
// kFailed (with the error) and the crawl goes on. Throws Error(kIoError) when the root is not a
// readable directory.
CrawlReport Crawl(Catalog& catalog, const CrawlOptions& options);

// The report as text, one block per table, then a summary line.
std::string FormatCrawlReport(const CrawlReport& report);

}  // namespace tarn::catalog::crawler
