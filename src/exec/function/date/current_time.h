// The clock behind now(), current_timestamp and current_date: the binder reads it once per
// statement and turns every such call into a constant, so all of them agree within a statement.
#pragma once

#include <cstdint>

#include "common/logical_type.h"
#include "exec/vector/value.h"

namespace tarn::exec {

// Microseconds since 1970-01-01 00:00:00 UTC, now.
int64_t CurrentTimeMicros();

// The value of a statement-time function returning 'type' (TIMESTAMP or DATE) at 'micros'.
Value StatementTimeValue(LogicalType type, int64_t micros);

}  // namespace tarn::exec
