// `tarn ingest SOURCE... --table db.t`: batch ingestion of files into a lake table (ingest/).
#pragma once

#include <CLI/CLI.hpp>

namespace tarn::cli {

// Registers `tarn ingest` (see its --help).
void AddIngestCommand(CLI::App& app);

}  // namespace tarn::cli
