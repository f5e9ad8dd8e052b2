// Binder-internal: the window function calls of one SELECT block, collected while its select list
// and ORDER BY are bound and laid out as LogicalWindow operators after GROUP BY / HAVING.
#pragma once

#include <vector>

#include "exec/operator/window.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

// Column index of the placeholder for window call i: kWindowColumnBase + i (never a real column).
constexpr size_t kWindowColumnBase = size_t{1} << 50;

// One bound window call: its OVER clause (over the window operator's input) and the function.
struct BoundWindowCall {
  std::vector<exec::ExpressionPtr> partitions;
  std::vector<exec::SortKey> orders;
  exec::WindowExpression function;
};

struct Binder::WindowBinding {
  // 'select' is the select list's context: calls' arguments, PARTITION BY and ORDER BY are bound
  // there (so they may read aggregates and group keys), without further window calls.
  WindowBinding(const QueryNode& node, const ExpressionContext& select)
      : node(node), input(select) {
    input.window = nullptr;
    input.subquery_joins = false;  // their joins would not reach the window's input
    input.clause = "window functions";
  }

  const QueryNode& node;     // its WINDOW clause names windows
  ExpressionContext input;
  // A call returns a placeholder column reference kWindowColumnBase + index into 'calls';
  // PlanWindows points it at the window operator's output column.
  std::vector<BoundWindowCall> calls;
};

}  // namespace tarn::sql
