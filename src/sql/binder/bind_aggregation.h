// Binder-internal: the state of binding the select list, HAVING and ORDER BY of an aggregating
// SELECT. Expressions there read the aggregate's output: its groups, then its aggregates.
#pragma once

#include <vector>

#include "sql/binder/binder.h"

namespace tarn::sql {

struct Binder::AggregateContext {
  const BindScope* input_scope = nullptr;  // the FROM scope (aggregate arguments, group keys)
  LogicalAggregate* aggregate = nullptr;   // groups bound over input_scope; aggregates appended
  // The GROUP BY expressions as written (null for ordinals), matched structurally first.
  std::vector<const ParsedExpression*> group_expressions;
};

}  // namespace tarn::sql
