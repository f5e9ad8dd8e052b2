#include "cli/db_ingest_options.h"

#include <fmt/format.h>

#include <chrono>

#include "catalog/lake.h"
#include "common/error.h"
#include "format/database_scan.h"
#include "ingest/db/db_ingest.h"

namespace tarn::cli {

void AddDatabaseIngestOptions(CLI::App* command, DatabaseIngestArguments& arguments) {
  command->add_option("--source-table", arguments.source_table,
                      "database sources: the table to load (schema.table for PostgreSQL)");
  command->add_option(
      "--incremental-column", arguments.incremental_column,
      "database sources: load only rows above the last load's maximum of this column");
}

bool RunDatabaseIngest(const std::vector<std::string>& sources, const std::string& database,
                       const std::string& table, const std::string& zone,
                       const std::vector<std::string>& partition_by,
                       const DatabaseIngestArguments& arguments,
                       const storage::LakeOptions& lake_options) {
  bool is_url = sources.size() == 1 && format::IsDatabaseUrl(sources.front());
  if (!is_url) {
    if (!arguments.source_table.empty() || !arguments.incremental_column.empty()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "--source-table and --incremental-column apply to one database URL source "
                  "(postgresql://… or sqlite://…)");
    }
    return false;
  }
  if (arguments.source_table.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("a database source needs --source-table (loading from {})",
                            format::RedactUrl(sources.front())));
  }
  ingest::DatabaseIngestRequest request;
  request.url = sources.front();
  request.source_table = arguments.source_table;
  request.incremental_column = arguments.incremental_column;
  request.database = database;
  request.table = table;
  request.zone = zone;
  request.partition_by = partition_by;
  std::unique_ptr<catalog::Lake> lake = catalog::OpenLake(lake_options);
  auto start = std::chrono::steady_clock::now();
  ingest::DatabaseIngestResult result = ingest::IngestDatabase(*lake, request);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string target = database + "." + table;
  if (result.snapshot_id == 0) {
    fmt::print("no new rows in {} since {} = {}; {} unchanged\n", request.source_table,
               request.incremental_column, result.previous_watermark.value_or("(none)"), target);
    return true;
  }
  fmt::print("loaded {} rows from {} into {} in {:.2f} s ({})\n", result.rows, request.source_table,
             target, seconds,
             request.incremental_column.empty() ? "full load, replaces the table's rows"
             : result.previous_watermark
                 ? fmt::format("incremental, {} > {}", request.incremental_column,
                               *result.previous_watermark)
                 : "incremental, first load");
  fmt::print("snapshot {} ({} data file(s){}{})\n", result.snapshot_id, result.files_written,
             result.created_table ? ", table created" : "",
             result.schema_changed ? ", new schema version" : "");
  if (result.watermark) {
    fmt::print("watermark {} = {}\n", request.incremental_column, *result.watermark);
  }
  return true;
}

}  // namespace tarn::cli
