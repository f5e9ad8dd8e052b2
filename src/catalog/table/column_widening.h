// Reads data files written before a column was widened (schema evolution): converts a vector of
// the type stored in an older file to the table's current type.
#pragma once

#include <cstddef>

#include "common/logical_type.h"
#include "exec/vector/value.h"
#include "exec/vector/vector.h"

namespace tarn::catalog {

// True when values of 'from' convert to 'to' without loss of meaning: INTEGER -> BIGINT;
// INTEGER, BIGINT, DECIMAL -> DOUBLE; INTEGER, BIGINT, DECIMAL -> DECIMAL with at least as many
// integer digits and scale; DATE -> TIMESTAMP. Nothing widens to VARCHAR (catalog rule: text and
// numbers order differently, so statistics of older files would mislead skipping).
bool CanWiden(const LogicalType& from, const LogicalType& to);

// Writes rows [0, count) of 'from' (flat) converted to 'to''s type into 'to' (Reset first).
// Requires CanWiden(from.type(), to.type()).
void WidenColumn(const exec::Vector& from, size_t count, exec::Vector& to);

// Returns 'value' converted to 'to' the way WidenColumn converts it (statistics bounds of older
// files). Requires CanWiden(value.type(), to).
exec::Value WidenValue(const exec::Value& value, const LogicalType& to);

}  // namespace tarn::catalog
