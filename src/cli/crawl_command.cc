#include "cli/crawl_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "catalog/crawler/crawler.h"
#include "catalog/lake.h"
#include "cli/help_formatter.h"
#include "cli/keys_command.h"
#include "common/error.h"
#include "ingest/file_ingest.h"

namespace tarn::cli {
namespace {

struct CrawlArguments {
  storage::LakeOptions lake;
  catalog::crawler::CrawlOptions crawl;
  bool managed = false;
};

// --managed: each dataset is ingested into a managed table (files copied into the lake as
// encrypted Parquet) through the file ingest; files already ingested are skipped by checksum, so
// crawling again only loads new files. Returns false when a dataset failed.
bool RunManagedCrawl(catalog::Lake& lake, const CrawlArguments& arguments) {
  catalog::crawler::DatasetGrouping grouping =
      catalog::crawler::DiscoverDatasets(arguments.crawl.root);
  bool ok = true;
  for (const auto& dataset : grouping.datasets) {
    std::string name = arguments.crawl.database + "." + dataset.name;
    std::optional<catalog::TableInfo> existing =
        lake.catalog->FindTable(arguments.crawl.database, dataset.name);
    std::string problem;
    if (!dataset.partition_keys.empty()) {
      problem =
          "not supported: --managed for Hive-partitioned datasets (crawl without --managed "
          "to register them as external tables)";
    } else if (existing && existing->kind != catalog::TableKind::kManaged) {
      problem = "an external table of this name exists";
    }
    if (!problem.empty()) {
      fmt::print("{:<9} {} ({}, {} files): {}\n", "failed", name, dataset.format,
                 dataset.files.size(), problem);
      ok = false;
      continue;
    }
    ingest::IngestRequest request;
    for (const auto& file : dataset.files) request.sources.push_back(file.path);
    request.database = arguments.crawl.database;
    request.table = dataset.name;
    request.zone = arguments.crawl.zone;
    request.format = dataset.format;
    try {
      ingest::IngestResult result = ingest::IngestFiles(lake, request);
      if (result.snapshot_id == 0) {
        fmt::print("{:<9} {} ({}, {} files already ingested)\n", "unchanged", name, dataset.format,
                   result.skipped_files.size());
      } else {
        fmt::print(
            "{:<9} {} ({}, {} files, {} rows) snapshot {}{}\n",
            result.created_table ? "created" : "updated", name, dataset.format,
            result.ingested_files.size(), result.rows, result.snapshot_id,
            result.schema_changed ? fmt::format(", schema version {}", result.schema_version) : "");
      }
    } catch (const Error& error) {
      fmt::print("{:<9} {} ({}): {}\n", "failed", name, dataset.format, error.what());
      ok = false;
    }
  }
  for (const auto& [path, reason] : grouping.skipped)
    fmt::print("skipped   {}: {}\n", path, reason);
  return ok;
}

void RunCrawl(const CrawlArguments& arguments) {
  std::unique_ptr<catalog::Lake> lake = catalog::OpenLake(arguments.lake);
  if (arguments.managed) {
    bool ok = RunManagedCrawl(*lake, arguments);
    std::fflush(stdout);
    if (!ok) throw CLI::RuntimeError(1);
    return;
  }
  catalog::crawler::CrawlReport report = catalog::crawler::Crawl(*lake->catalog, arguments.crawl);
  fmt::print("{}", catalog::crawler::FormatCrawlReport(report));
  std::fflush(stdout);
  for (const auto& table : report.tables) {
    if (table.action == catalog::crawler::CrawlAction::kConflict ||
        table.action == catalog::crawler::CrawlAction::kFailed) {
      throw CLI::RuntimeError(1);  // the report says why
    }
  }
}

}  // namespace

void AddCrawlCommand(CLI::App& app) {
  CLI::App* crawl = app.add_subcommand("crawl", "register the datasets under a folder as tables");
  SetCommandHelp(
      crawl,
      {
          "tarn crawl PATH [--database D] [--zone Z] [--managed] [--data-dir DIR]",
          "Walks PATH and registers every dataset it finds as an external table in the lake's\n"
          "catalog; the data stays where it is. A dataset is a folder of CSV, NDJSON or Parquet\n"
          "files of one format, with optional Hive partition folders (key=value) below it; the\n"
          "table is named after the folder, its columns are inferred from the files (the CSV\n"
          "sniffer, NDJSON sampling, Parquet footers) and the partition columns from the folder\n"
          "names.\n"
          "\n"
          "Crawling again updates the tables: new columns or widened types add a schema version,\n"
          "new, removed or rewritten files a snapshot; an unchanged tree changes nothing. A type\n"
          "that would narrow (or change kind), changed partition keys, or a managed table of the\n"
          "same name is reported as a conflict and that table is left alone; the exit code is\n"
          "then 1.\n"
          "\n"
          "--managed copies each dataset into a managed table instead (the file ingest: encrypted\n"
          "Parquet in the lake, one snapshot per dataset); files already ingested are skipped, so\n"
          "crawling again loads only new files. Hive-partitioned datasets are not supported there.",
          "tarn crawl /data/landing\n"
          "tarn crawl /data/landing --database landing --zone raw\n"
          "tarn sql --data-dir tarn-data -c \"SELECT count(*) FROM landing.sales\"",
      });
  auto arguments = std::make_shared<CrawlArguments>();
  crawl->add_option("path", arguments->crawl.root, "the folder to crawl")->required();
  crawl->add_option("--database", arguments->crawl.database,
                    "database the tables are registered in (default main)");
  crawl->add_option("--zone", arguments->crawl.zone, "zone recorded on the tables (default raw)")
      ->check(CLI::IsMember({"raw", "cleaned", "curated"}));
  crawl->add_flag("--managed", arguments->managed,
                  "copy the data into managed tables (tarn ingest per dataset) instead");
  AddLakeOptions(crawl, arguments->lake);
  crawl->callback([arguments]() { RunCrawl(*arguments); });
}

}  // namespace tarn::cli
