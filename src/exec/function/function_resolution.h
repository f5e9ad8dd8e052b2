// Overload resolution for the binder: picks the function overload that matches argument types
// exactly, else the one reachable with the cheapest implicit casts, and reports the casts needed.
//
// || and concat() also accept any castable argument for a VARCHAR parameter (converted to text,
// as PostgreSQL's anynonarray || text does); comparisons accept VARCHAR for a DATE/TIMESTAMP
// operand (the string is cast, "d >= '2024-01-01'").
//
// Signature conventions: an argument type of DECIMAL with width 0 (LogicalType(TypeId::kDecimal))
// accepts any DECIMAL(p,s); such functions have a 'bind' callback that computes the real return
// type. For overloads with 'varargs', every argument that lands on a wildcard DECIMAL is unified
// to one common DECIMAL type (so coalesce/greatest see one type).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/function/function.h"

namespace tarn::exec {

// Returns the best overload of scalar function 'name' for 'arg_types', or nullptr when none
// applies (the binder then throws kTypeMismatch naming the function and types). On success
// 'cast_to' has one entry per argument: the type that argument must be cast to (equal to
// arg_types[i] when no cast is needed). Ties go to the overload registered first.
const ScalarFunction* ResolveScalar(const FunctionRegistry& registry, const std::string& name,
                                    const std::vector<LogicalType>& arg_types,
                                    std::vector<LogicalType>& cast_to);

// The same for aggregates. 'distinct' selects the DISTINCT variants (count(DISTINCT x)); for
// functions where DISTINCT does not change the result (min, max, bool_and, bool_or, any_value)
// the plain overload is returned.
const AggregateFunction* ResolveAggregate(const FunctionRegistry& registry,
                                          const std::string& name,
                                          const std::vector<LogicalType>& arg_types,
                                          std::vector<LogicalType>& cast_to,
                                          bool distinct = false);

// Runs the overload's bind callback (if any) on the argument types after casting and returns the
// call's result type; 'bind_data' receives the callback's data (null when none).
LogicalType BindScalarFunction(const ScalarFunction& function,
                               const std::vector<LogicalType>& cast_arg_types,
                               std::shared_ptr<FunctionData>& bind_data);
LogicalType BindAggregateFunction(const AggregateFunction& function,
                                  const std::vector<LogicalType>& cast_arg_types,
                                  std::shared_ptr<FunctionData>& bind_data);

// "DECIMAL" for a wildcard decimal, else type.ToString(); for error messages.
std::string SignatureTypeName(LogicalType type);

}  // namespace tarn::exec
