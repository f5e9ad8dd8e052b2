// `tarn catalog`: browse and curate the lake catalog (catalog/) from the command line: search,
// show a table's schema versions and snapshots, set business metadata, create empty tables, and
// vacuum old snapshots.
#pragma once

#include <CLI/CLI.hpp>

namespace tarn::cli {

// Registers `tarn catalog` and its subcommands.
void AddCatalogCommand(CLI::App& app);

}  // namespace tarn::cli
