// Constructors for bound expressions, for the binder, the planner and tests. MakeFunctionCall does
// overload resolution and inserts the implicit casts, so callers never build kFunction nodes with
// mismatched argument types by hand.
#pragma once

#include <string>
#include <vector>

#include "exec/expression/bound_expression.h"

namespace tarn::exec {

ExpressionPtr MakeColumnRef(size_t column_index, LogicalType type, std::string alias = {});
// A constant of value.type(); pass 'type' to type an untyped NULL or retype a literal (the executor
// casts the literal at run time when the types differ).
ExpressionPtr MakeConstant(Value value);
ExpressionPtr MakeConstant(Value value, LogicalType type);
// CAST(child AS type); returns 'child' unchanged when it already has 'type'.
ExpressionPtr MakeCast(ExpressionPtr child, LogicalType type, bool try_cast = false,
                       int64_t query_offset = -1);
// Resolves scalar function 'name' for the children's types, casts the children where needed,
// binds, and returns the kFunction node. Throws Error(kTypeMismatch) "no function matches
// name(INTEGER, VARCHAR)" at 'query_offset' when no overload applies, or Error(kBinderError)
// "unknown function name" when the name is unknown (or is an aggregate).
ExpressionPtr MakeFunctionCall(const FunctionRegistry& registry, const std::string& name,
                               std::vector<ExpressionPtr> children, int64_t query_offset = -1);
// kAnd / kOr over BOOLEAN children (two or more), kNot, kIsNull, kIsNotNull. A non-BOOLEAN operand
// of AND/OR/NOT is Error(kTypeMismatch) "argument of AND must be type boolean" (PostgreSQL).
ExpressionPtr MakeBoolean(ExpressionKind kind, std::vector<ExpressionPtr> children);
// CASE: children = [when1, then1, ..., else?]; the THEN/ELSE children are cast to 'type'.
ExpressionPtr MakeCase(std::vector<ExpressionPtr> children, LogicalType type);
// left [NOT] IN (items): every operand is cast to their common super type.
ExpressionPtr MakeInList(ExpressionPtr left, std::vector<ExpressionPtr> items, bool negated,
                         int64_t query_offset = -1);

}  // namespace tarn::exec
