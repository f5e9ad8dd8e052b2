// Rule: an expression computed more than once by one projection or one aggregate (its groups and
// aggregate arguments) is computed once, by a projection inserted below it, and read back as a
// column. `SELECT a*b+1, (a*b+1)*2, sum(a*b), avg(a*b)` evaluates `a*b+1` and `a*b` once per batch.
//
// Only subexpressions evaluated for every row are counted: the first child of AND/OR/CASE and every
// child of the other kinds. A subexpression that only appears in lazily evaluated branches (e.g.
// `CASE WHEN b <> 0 THEN a / b END` twice) is not hoisted, because computing it for all rows could
// raise an error the query would not raise. Once an expression is hoisted (it has two eager
// occurrences, so it was computed for every row anyway), its lazy occurrences read the column too.
// Non-deterministic functions (random()) are never shared.
#include <algorithm>

#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

using exec::BoundExpression;
using exec::ExpressionKind;
using exec::ExpressionPtr;

// Column indexes at or above this mark name hoisted expressions while a rewrite is in progress.
constexpr size_t kSlotBase = size_t{1} << 40;

bool IsLeaf(const BoundExpression& expression) {
  return expression.kind == ExpressionKind::kColumnRef ||
         expression.kind == ExpressionKind::kConstant ||
         expression.kind == ExpressionKind::kParameter;
}

// True when 'expression' can be computed once and shared: every function in it is deterministic.
bool IsShareable(const BoundExpression& expression) {
  if (expression.kind == ExpressionKind::kFunction &&
      (expression.function == nullptr || !expression.function->deterministic)) {
    return false;
  }
  for (const auto& child : expression.children) {
    if (!IsShareable(*child)) return false;
  }
  return true;
}

size_t NodeCount(const BoundExpression& expression) {
  size_t count = 1;
  for (const auto& child : expression.children) count += NodeCount(*child);
  return count;
}

// Children evaluated for every row the parent is evaluated for.
size_t EagerChildCount(const BoundExpression& expression) {
  switch (expression.kind) {
    case ExpressionKind::kAnd:
    case ExpressionKind::kOr:
    case ExpressionKind::kCase: return expression.children.empty() ? 0 : 1;
    default: return expression.children.size();
  }
}

struct Candidate {
  const BoundExpression* expression;
  size_t size;
};

void CollectEager(const BoundExpression& expression, std::vector<Candidate>& out) {
  if (IsLeaf(expression)) return;
  out.push_back({&expression, NodeCount(expression)});
  size_t eager = EagerChildCount(expression);
  for (size_t i = 0; i < eager; ++i) CollectEager(*expression.children[i], out);
}

// The largest shareable expression with at least two eager occurrences, or null.
const BoundExpression* FindRepeated(const std::vector<ExpressionPtr*>& roots) {
  std::vector<Candidate> candidates;
  for (ExpressionPtr* root : roots) CollectEager(**root, candidates);
  // Largest first; among equal sizes the first occurrence wins (stable), so plans are deterministic.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.size > b.size; });
  for (size_t i = 0; i < candidates.size(); ++i) {
    const BoundExpression& expression = *candidates[i].expression;
    if (!IsShareable(expression)) continue;
    for (size_t j = i + 1; j < candidates.size() && candidates[j].size == candidates[i].size; ++j) {
      if (ExpressionEquals(expression, *candidates[j].expression)) return &expression;
    }
  }
  return nullptr;
}

// Replaces every occurrence (eager or lazy) of 'target' under 'slot' by a reference to 'column'.
void ReplaceOccurrences(ExpressionPtr& slot, const BoundExpression& target, size_t column,
                        bool keep_alias) {
  if (ExpressionEquals(*slot, target)) {
    std::string alias = keep_alias ? slot->alias : std::string();
    int64_t offset = slot->query_offset;
    slot = MakeColumnRef(column, slot->type, std::move(alias));
    slot->query_offset = offset;
    return;
  }
  for (auto& child : slot->children) ReplaceOccurrences(child, target, column, false);
}

// Hoists the repeated subexpressions of 'roots' (expressions over the output of 'child') into
// projections over 'child', rewrites 'roots' to read them, and returns the top projection (or 'child'
// unchanged when nothing repeats). Largest expressions are hoisted first; a smaller one repeated in
// what is left (including inside hoisted expressions: (a*b)+1 and a*b) is hoisted next and computed
// one level lower, so every shared expression is evaluated once. Level L computes the hoisted
// expressions that read level L-1; each level passes the columns below it through (zero-copy).
LogicalOperatorPtr HoistRepeated(const std::vector<ExpressionPtr*>& roots,
                                 LogicalOperatorPtr child) {
  std::vector<ExpressionPtr> hoisted;
  std::vector<ExpressionPtr*> all = roots;
  while (const BoundExpression* repeated = FindRepeated(all)) {
    ExpressionPtr copy = repeated->Copy();
    copy->alias.clear();
    size_t slot = kSlotBase + hoisted.size();
    for (ExpressionPtr* root : all) ReplaceOccurrences(*root, *copy, slot, true);
    hoisted.push_back(std::move(copy));
    // push_back may move the vector's buffer: rebuild the pointers into 'hoisted'.
    all.resize(roots.size());
    for (auto& expression : hoisted) all.push_back(&expression);
  }
  if (hoisted.empty()) return child;

  // level[k]: 0 when hoisted[k] reads only input columns, else 1 + the deepest slot it reads.
  std::vector<size_t> level(hoisted.size(), 0);
  std::vector<std::vector<size_t>> reads(hoisted.size());
  for (size_t k = 0; k < hoisted.size(); ++k) {
    std::vector<size_t> columns;
    CollectColumnRefs(*hoisted[k], columns);
    for (size_t column : columns) {
      if (column >= kSlotBase) reads[k].push_back(column - kSlotBase);
    }
  }
  // The slots form a DAG; relax until stable (at most hoisted.size() rounds).
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < hoisted.size(); ++k) {
      for (size_t j : reads[k]) {
        if (level[k] < level[j] + 1) {
          level[k] = level[j] + 1;
          changed = true;
        }
      }
    }
  }
  size_t top_level = *std::max_element(level.begin(), level.end());
  // Output layout of every level: the input columns read above level 0, then the hoisted
  // expressions by (level, slot).
  std::vector<size_t> used;  // level-0 expressions read the input directly
  for (ExpressionPtr* root : roots) CollectColumnRefs(**root, used);
  for (size_t k = 0; k < hoisted.size(); ++k) {
    if (level[k] > 0) CollectColumnRefs(*hoisted[k], used);
  }
  used.erase(std::remove_if(used.begin(), used.end(), [](size_t c) { return c >= kSlotBase; }),
             used.end());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::vector<size_t> order(hoisted.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return level[x] < level[y]; });
  std::vector<size_t> slot_position(hoisted.size());
  for (size_t rank = 0; rank < order.size(); ++rank) slot_position[order[rank]] = used.size() + rank;
  auto remap = [&](BoundExpression& expression) {
    VisitColumnRefs(expression, [&](BoundExpression& ref) {
      if (ref.column_index >= kSlotBase) {
        ref.column_index = slot_position[ref.column_index - kSlotBase];
      } else {
        ref.column_index = static_cast<size_t>(
            std::lower_bound(used.begin(), used.end(), ref.column_index) - used.begin());
      }
    });
  };

  LogicalOperatorPtr below = std::move(child);
  size_t rank = 0;
  for (size_t current = 0; current <= top_level; ++current) {
    auto projection = std::make_unique<LogicalProjection>();
    projection->estimated_cardinality = below->estimated_cardinality;
    if (current == 0) {
      for (size_t column : used) {
        projection->expressions.push_back(MakeColumnRef(column, below->types[column]));
      }
    } else {
      for (size_t column = 0; column < below->types.size(); ++column) {
        projection->expressions.push_back(MakeColumnRef(column, below->types[column]));
      }
    }
    for (; rank < order.size() && level[order[rank]] == current; ++rank) {
      ExpressionPtr& expression = hoisted[order[rank]];
      if (current > 0) remap(*expression);  // level 0 reads the input columns as they are
      projection->expressions.push_back(std::move(expression));
    }
    for (const auto& expression : projection->expressions) {
      projection->types.push_back(expression->type);
    }
    projection->children.push_back(std::move(below));
    below = std::move(projection);
  }
  for (ExpressionPtr* root : roots) remap(**root);
  return below;
}

// Applies the rule to 'plan' itself (its children are done).
LogicalOperatorPtr ReuseInNode(LogicalOperatorPtr plan) {
  std::vector<ExpressionPtr*> roots;
  if (plan->type == LogicalOperatorType::kProjection) {
    for (auto& expression : static_cast<LogicalProjection&>(*plan).expressions) {
      roots.push_back(&expression);
    }
  } else if (plan->type == LogicalOperatorType::kAggregate) {
    auto& aggregate = static_cast<LogicalAggregate&>(*plan);
    for (auto& group : aggregate.groups) roots.push_back(&group);
    for (auto& call : aggregate.aggregates) {
      for (auto& argument : call.arguments) roots.push_back(&argument);
    }
  } else {
    return plan;
  }
  plan->children[0] = HoistRepeated(roots, std::move(plan->children[0]));
  return plan;
}

}  // namespace

LogicalOperatorPtr ReuseCommonSubexpressions(LogicalOperatorPtr plan) {
  for (auto& child : plan->children) child = ReuseCommonSubexpressions(std::move(child));
  return ReuseInNode(std::move(plan));
}

}  // namespace tarn::sql
