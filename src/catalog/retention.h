// Snapshot retention: how long old snapshots stay readable (time travel) before VACUUM may expire
// them. A lake-wide default, overridable per table (the table property kept under
// kRetentionProperty) and per VACUUM call.
#pragma once

#include <chrono>
#include <string_view>

namespace tarn::catalog {

constexpr std::chrono::hours kDefaultSnapshotRetention{24 * 7};
// The TableInfo::properties key holding a table's retention text ("30d").
constexpr std::string_view kRetentionProperty = "snapshot_retention";

// Parses a retention: a whole number with unit d, h, m or s ("7d", "12h", "90s"), or "0". Throws
// Error(kInvalidArgument) naming the text otherwise.
std::chrono::microseconds ParseRetention(std::string_view text);

}  // namespace tarn::catalog
