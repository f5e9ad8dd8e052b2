// The byte encodings the SQLite catalog stores in BLOB columns: string maps (partition values,
// snapshot summaries, partition column lists) and per-file column statistics, whose bounds are
// sealed with the catalog's ValueSealer so no table data is in plaintext in catalog.db.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace tarn::catalog {

std::string EncodeStringMap(const std::map<std::string, std::string>& values);
// Throws Error(kCorrupt) on truncated or malformed bytes.
std::map<std::string, std::string> DecodeStringMap(std::string_view bytes);

std::string EncodeStringList(const std::vector<std::string>& values);
std::vector<std::string> DecodeStringList(std::string_view bytes);

// Encodes a data file's statistics. With a sealer the whole record (column names, null counts,
// bounds) is sealed once, under the context "table <id> file <key> stats", so a record copied to
// another file or table fails to open; one seal per file keeps listing large tables cheap.
std::string EncodeStats(const std::map<std::string, ColumnStats>& stats, int64_t table_id,
                        std::string_view file_key, const storage::ValueSealer* sealer);
// Reverses EncodeStats. A sealed record needs the sealer (Error(kInvalidArgument) without one);
// what ValueSealer::Open throws passes through.
std::map<std::string, ColumnStats> DecodeStats(std::string_view bytes, int64_t table_id,
                                               std::string_view file_key,
                                               const storage::ValueSealer* sealer);

// The sealing context of a watermark: "table <id> watermark <source>".
std::string WatermarkContext(int64_t table_id, std::string_view source);

}  // namespace tarn::catalog
