// `tarn gen seed`: writes the deterministic seed dataset the benchmarks and tests read
// (id,value1,value2,value3,category).
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace tarn::cli {

// Registers `tarn gen seed --rows N --out FILE [--seed S] [--threads T]`.
void AddGenCommand(CLI::App& app);

// Writes 'rows' seed rows to 'path' atomically (temp file + rename). Row i depends only on
// (seed, i): the bytes are identical for any 'threads' (0 = all cores). Throws Error(kIoError).
void WriteSeedFile(const std::string& path, uint64_t rows, uint64_t seed, size_t threads = 0);

}  // namespace tarn::cli
