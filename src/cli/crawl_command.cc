#include "cli/crawl_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "catalog/crawler/crawler.h"
#include "catalog/lake.h"
#include "cli/help_formatter.h"
#include "cli/keys_command.h"
#include "common/error.h"

namespace tarn::cli {
namespace {

struct CrawlArguments {
  storage::LakeOptions lake;
  catalog::crawler::CrawlOptions crawl;
  bool managed = false;
};

void RunCrawl(const CrawlArguments& arguments) {
  if (arguments.managed) {
    // TODO: copy the datasets into managed tables through the ingest pipeline.
    throw Error(ErrorCode::kNotSupported,
                "not supported: --managed (crawl registers external tables; use 'tarn ingest' "
                "to copy data into managed tables)");
  }
  std::unique_ptr<catalog::Lake> lake = catalog::OpenLake(arguments.lake);
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
  SetCommandHelp(crawl, {
      "tarn crawl PATH [--database D] [--zone Z] [--data-dir DIR]",
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
      "then 1.",
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
                  "copy the data into managed tables instead (not supported yet)");
  AddLakeOptions(crawl, arguments->lake);
  crawl->callback([arguments]() { RunCrawl(*arguments); });
}

}  // namespace tarn::cli
