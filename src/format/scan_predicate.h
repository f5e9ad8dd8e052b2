// Evaluates a ScanPredicate (scan_source.h) against statistics of a set of rows — a file, a row
// group, a partition — to decide whether the rows can be skipped. Used by the Parquet scan and the
// lake table scan.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "exec/vector/value.h"
#include "format/scan_source.h"

namespace tarn::format {

// What is known about one column over some rows. Bounds are values of the column's type
// (inclusive; they may be looser than the true minimum and maximum, never tighter).
struct ValueStatistics {
  std::optional<exec::Value> min;
  std::optional<exec::Value> max;
  std::optional<int64_t> null_count;  // absent when unknown
  std::optional<int64_t> row_count;   // absent when unknown
};

// Orders two non-NULL values of the same type (VARCHAR byte-wise): negative, zero or positive.
int CompareValues(const exec::Value& left, const exec::Value& right);

// Returns false only when 'statistics' prove that no row satisfies 'predicate' (NaN bounds or
// values prove nothing).
bool MayMatch(const ScanPredicate& predicate, const ValueStatistics& statistics);

// Returns false when some predicate on 'column' is proven false by 'statistics'.
bool MayMatchColumn(const std::vector<ScanPredicate>& predicates, size_t column,
                    const ValueStatistics& statistics);

}  // namespace tarn::format
