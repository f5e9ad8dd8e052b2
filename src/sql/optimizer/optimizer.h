// Logical rewrites between binding and physical planning, one rule per file. Each rule takes and
// returns a plan; the column layout visible at the root never changes.
#pragma once

#include "sql/planner/logical_operator.h"

namespace tarn::sql {

// Runs every rule in order: constant folding, filter push-down, join key extraction, projection
// push-down, cardinality estimation, join ordering, projection merging, common-subexpression reuse.
// Throws what expression evaluation throws while folding (e.g. Error(kDivisionByZero) for 1/0).
LogicalOperatorPtr Optimize(LogicalOperatorPtr plan);

// The rules (each in its own .cc).
// Replaces foldable subexpressions with constants, evaluated once by the ExpressionExecutor.
void FoldConstants(LogicalOperator& plan);
// Moves filter conjuncts as close to the scans as possible: through projections, orders and into
// the sides of joins and below aggregates (conjuncts over group keys only).
LogicalOperatorPtr PushDownFilters(LogicalOperatorPtr plan);
// Rebuilds trees of 3+ inner joins (comma joins) left-deep along their join conditions.
LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr plan);
// Turns `left_expr = right_expr` join conjuncts into hash join keys.
void ExtractJoinKeys(LogicalOperator& plan);
// Removes columns nobody reads: scans read only the columns a query uses.
void PushDownProjections(LogicalOperator& plan);
// Sets estimated_cardinality bottom-up.
void EstimateCardinalities(LogicalOperator& plan);
// Fuses a projection over a projection (when no non-trivial expression would be duplicated).
LogicalOperatorPtr MergeProjections(LogicalOperatorPtr plan);
// Puts the smaller estimated side of inner equi-joins on the build (right) side.
LogicalOperatorPtr OrderJoins(LogicalOperatorPtr plan);
// Computes an expression repeated within one projection or aggregate once, in a projection below it.
LogicalOperatorPtr ReuseCommonSubexpressions(LogicalOperatorPtr plan);

// Evaluates an expression that reads no column (on a one-row batch) and returns its value.
exec::Value EvaluateConstant(const exec::BoundExpression& expression);

// Shared by the rules: the set of input columns an expression reads.
void CollectColumnRefs(const exec::BoundExpression& expression, std::vector<size_t>& columns);
// True when every column 'expression' reads lies in [begin, end).
bool ReferencesOnly(const exec::BoundExpression& expression, size_t begin, size_t end);
// Adds 'delta' to every column index of 'expression' (negative deltas shift left).
void ShiftColumns(exec::BoundExpression& expression, int64_t delta);
// Replaces each column ref #i with a copy of replacements[i].
exec::ExpressionPtr SubstituteColumns(const exec::BoundExpression& expression,
                                      const std::vector<exec::ExpressionPtr>& replacements);

}  // namespace tarn::sql
