// Values of lake table columns as text and back: partition values (object keys, DataFile::partition)
// and statistics bounds (ColumnStats) are kept in Value::ToString form; scans parse them back into
// typed values to fill partition columns and to skip files.
#pragma once

#include <optional>
#include <string_view>

#include "common/logical_type.h"
#include "exec/vector/value.h"

namespace tarn::catalog {

// Parses 'text' (Value::ToString form) as a value of 'type'; nullopt when it is not one.
std::optional<exec::Value> ParseValueText(std::string_view text, const LogicalType& type);

}  // namespace tarn::catalog
