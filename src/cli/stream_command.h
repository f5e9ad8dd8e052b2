// `tarn stream list|create|status|flush`: the durable streams of a running `tarn serve`, managed
// over its HTTP API (stream_command.cc).
#pragma once

#include <CLI/CLI.hpp>

namespace tarn::cli {

void AddStreamCommand(CLI::App& app);

}  // namespace tarn::cli
