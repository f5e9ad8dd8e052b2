// CAST between every pair of SQL types, a vector at a time, and the rules for which casts the
// binder may insert on its own (implicit casts). Used by the executor for kCast nodes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/logical_type.h"
#include "exec/vector/vector.h"

namespace tarn::exec {

// DOUBLE -> INTEGER/BIGINT rounds ties to even (PostgreSQL rint); DECIMAL -> integer and
// DOUBLE -> DECIMAL round ties away from zero (PostgreSQL numeric).
// Casts rows [0, count) of 'source' (flat or constant) into 'result', whose type is the target
// type (set by the caller, e.g. result.Reset(target)). The result is constant when the source is.
// A value that does not convert throws Error(kInvalidCast) ("could not convert string 'abc' to
// INTEGER") or Error(kOutOfRange) ("value 3000000000 is out of range for INTEGER") at
// 'query_offset' for the first bad row; with 'try_cast' such rows become NULL instead.
void CastVector(const Vector& source, Vector& result, size_t count, bool try_cast,
                int64_t query_offset);

// True when CAST(x AS to) exists for values of type 'from' (it may still fail per value).
bool CanCast(LogicalType from, LogicalType to);
// True when the binder may insert the cast silently (INTEGER->BIGINT->DECIMAL->DOUBLE,
// DATE->TIMESTAMP, NULL->anything). Overload resolution adds VARCHAR->DATE/TIMESTAMP for
// comparisons (see function_resolution.h).
bool CanImplicitCast(LogicalType from, LogicalType to);
// Cost of an implicit cast (0 = same type); -1 when there is none. A 'to' of DECIMAL with width 0
// stands for "any DECIMAL" (function signatures); see function_resolution.h.
int ImplicitCastCost(LogicalType from, LogicalType to);

}  // namespace tarn::exec
