// Picks the conjuncts of a scan's filter that a ScanSource can use to skip files and row groups
// (format::ScanPredicate: column <op> constant, IS [NOT] NULL, IN list). The filter itself still
// runs, so anything not recognized is simply not pushed.
#pragma once

#include <vector>

#include "exec/expression/bound_expression.h"
#include "format/scan_source.h"

namespace tarn::sql {

// 'filter' is over the scan's output columns; output column i is source column column_ids[i].
std::vector<format::ScanPredicate> ExtractScanPredicates(const exec::BoundExpression& filter,
                                                         const std::vector<size_t>& column_ids);

}  // namespace tarn::sql
