// The explicit list of file formats tarn reads. Adding a format = one folder under format/ and one
// line in format_registry.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "format/scan_source.h"

namespace tarn::format {

// Opens a scan over 'paths' (files, directories or globs such as 'dir/*.csv'; .gz and .zst are
// decompressed). 'format' is "csv", ... or empty to choose by file extension. Throws Error(kIoError)
// naming the path when nothing matches or a file is unreadable, Error(kInvalidArgument) for a bad
// option (naming it), Error(kNotSupported) for an unknown format.
std::unique_ptr<ScanSource> OpenScan(std::string_view format, const std::vector<std::string>& paths,
                                     const ScanOptions& options);

// Formats by name, for the binder's table functions: read_csv -> "csv".
bool IsKnownFormat(std::string_view format);

}  // namespace tarn::format
