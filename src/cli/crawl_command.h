// `tarn crawl PATH`: registers the datasets found under a directory as external lake tables
// (catalog/crawler/crawler.h).
#pragma once

#include <CLI/CLI.hpp>

namespace tarn::cli {

// Registers `tarn crawl PATH [--database D] [--zone Z] [--managed]` with the lake options.
void AddCrawlCommand(CLI::App& app);

}  // namespace tarn::cli
