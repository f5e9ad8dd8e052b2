// Binder-internal: small expression builders for the joins that correlated subqueries and set
// operations turn into (null-safe keys, count defaults).
#pragma once

#include <string>
#include <vector>

#include "exec/expression/bound_expression.h"

namespace tarn::sql {

// A call of built-in scalar 'name' (implicit casts added); throws kTypeMismatch if none matches.
exec::ExpressionPtr CallBuiltin(const std::string& name, std::vector<exec::ExpressionPtr> arguments);
exec::ExpressionPtr MakeConstantExpression(exec::Value value);
exec::ExpressionPtr MakeExpressionNode(exec::ExpressionKind kind, LogicalType type);
// Appends join conditions meaning 'a IS NOT DISTINCT FROM b' (same types): when the type has a
// sentinel, coalesce(a, s) = coalesce(b, s) (a hash key) and (a IS NULL) = (b IS NULL).
void AddNullSafeEquality(exec::ExpressionPtr a, exec::ExpressionPtr b,
                         std::vector<exec::ExpressionPtr>& conditions);
// coalesce(value, 0) for a count() column of a row a left join may have left empty.
exec::ExpressionPtr CoalesceZero(exec::ExpressionPtr value);

}  // namespace tarn::sql
