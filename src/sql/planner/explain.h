// EXPLAIN output: the physical plan as text, one operator per line with its estimated rows, its
// details indented below it.
#pragma once

#include <string>

#include "exec/operator/physical_operator.h"

namespace tarn::sql {

// "HASH_AGGREGATE  ~1000 rows" lines, children indented by two spaces, params by four.
// 'estimates' false: operator names without "~N rows" (the plan reads rows its reader may not
// see, and the estimates would count them).
std::string RenderPhysicalPlan(const exec::PhysicalOperator& root, bool estimates = true);

}  // namespace tarn::sql
