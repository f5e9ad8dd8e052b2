// Binder-internal: correlated subqueries as joins. A correlated subquery is bound like any query,
// except that the enclosing query's columns it reads become references to "correlated columns"
// (kCorrelatedColumnBase + i). To join it onto the enclosing plan P, the subquery is evaluated once
// per distinct value of those columns: the domain D = DISTINCT(correlated columns of P) is pushed
// down the subquery plan (PushDomain) until no operator reads a correlated column, turning each
// correlated read into an ordinary column of D; aggregates group by D (a scalar aggregate is left
// joined from D so empty inputs still give one row: count() = 0); the result, keyed by D, is left
// joined back onto P on null-safe equality of the correlated columns. Equality correlation thus
// becomes a hash join of D with the subquery's input; other conditions a nested loop over D.
#pragma once

#include <functional>

#include "sql/binder/binder.h"

namespace tarn::sql {

enum class SubqueryKind : uint8_t { kScalar, kExists, kIn };

struct Binder::PendingSubquery {
  SubqueryKind kind = SubqueryKind::kScalar;
  bool negated = false;     // NOT IN
  LogicalOperatorPtr plan;  // reads correlated column i as kCorrelatedColumnBase + i
  LogicalType type;         // scalar: the value's type; IN: the common comparison type
  // Correlated column i as an expression over the enclosing clause's plan.
  std::vector<exec::ExpressionPtr> outer;
  exec::ExpressionPtr operand;  // IN: the left operand over that plan, cast to 'type'
  int64_t query_offset = -1;
  bool below_aggregate = false;  // bound in an aggregate's argument
};

// Renumbers correlated column i to mapping[i] throughout 'plan' (a derived table inside a
// correlated subquery reads the enclosing subquery's correlated columns).
void RenumberCorrelated(LogicalOperator& plan, const std::vector<size_t>& mapping);
// A deep copy of 'plan' (shares scanned sources and tables).
LogicalOperatorPtr CopyPlan(const LogicalOperator& plan);
// True when some expression of 'plan' or below reads a correlated column.
bool IsCorrelated(const LogicalOperator& plan);
// Rewrites 'plan' so it reads correlated column i from column i of the domain relations that
// 'make_domain' returns (each call a fresh copy, 'domain_types' wide). The result outputs plan's
// columns followed by the domain columns, for every domain row (grouped per domain row).
LogicalOperatorPtr PushDomain(LogicalOperatorPtr plan,
                              const std::function<LogicalOperatorPtr()>& make_domain,
                              const std::vector<LogicalType>& domain_types);

}  // namespace tarn::sql
