// The database side of `tarn ingest`: `tarn ingest postgresql://…|sqlite://… --source-table T
// --table db.t [--incremental-column C]` runs ingest::IngestDatabase (ingest/db/db_ingest.h)
// instead of the file ingest. ingest_command.cc calls these two functions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "storage/lake_store.h"

namespace tarn::cli {

struct DatabaseIngestArguments {
  std::string source_table;
  std::string incremental_column;
};

// Adds --source-table and --incremental-column to `tarn ingest`.
void AddDatabaseIngestOptions(CLI::App* command, DatabaseIngestArguments& arguments);

// When 'sources' is one database URL, loads it into database.table, prints a summary and returns
// true; returns false for file sources. Throws Error(kInvalidArgument) when --source-table is
// missing for a URL or given for files.
bool RunDatabaseIngest(const std::vector<std::string>& sources, const std::string& database,
                       const std::string& table, const std::string& zone,
                       const std::vector<std::string>& partition_by,
                       const DatabaseIngestArguments& arguments, const storage::LakeOptions& lake);

}  // namespace tarn::cli
