// `tarn serve`: the HTTP API server (src/server) on a data directory.
#pragma once

#include <CLI/CLI.hpp>

namespace tarn::cli {

// Registers `tarn serve`.
void AddServeCommand(CLI::App& app);

}  // namespace tarn::cli
