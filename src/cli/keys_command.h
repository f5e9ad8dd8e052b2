// `tarn keys init|rotate|status`: the master keys behind encryption at rest (storage/encryption),
// and the data-directory options every lake-touching command shares.
#pragma once

#include <CLI/CLI.hpp>

#include "storage/lake_store.h"

namespace tarn::cli {

// Registers `tarn keys` and its subcommands.
void AddKeysCommand(CLI::App& app);

// Adds --data-dir DIR, --key-file FILE and --no-encryption to 'command', filling 'options' (which
// must outlive parsing). Every command that reads or writes the lake calls this, so the flags mean
// the same everywhere; open the lake with storage::LakeStore::Open(options).
void AddLakeOptions(CLI::App* command, storage::LakeOptions& options);

}  // namespace tarn::cli
