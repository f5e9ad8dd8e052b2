#include "exec/function/function_resolution.h"

#include <climits>

#include "exec/function/cast/cast.h"

namespace tarn::exec {
namespace {

bool IsWildcardDecimal(LogicalType type) {
  return type.id() == TypeId::kDecimal && type.width() == 0;
}

// The concrete type an argument of type 'from' becomes when passed as 'parameter'.
LogicalType ConcreteTarget(LogicalType from, LogicalType parameter) {
  if (!IsWildcardDecimal(parameter)) return parameter;
  switch (from.id()) {
    case TypeId::kDecimal: return from;
    case TypeId::kInteger: return LogicalType::Decimal(10, 0);
    default: return LogicalType::Decimal(18, 0);
  }
}

// Sum of cast costs for 'arg_types' against 'arguments' (+ varargs), or -1 when impossible.
// Functions whose VARCHAR parameters accept any castable value, converted to text ('n=' || 42).
bool CoercesToText(const std::string& name) {
  return name == "||" || name == "concat" || name == "concat_ws";
}

constexpr int kTextCoercionCost = 20;

// Comparisons also parse strings as dates and timestamps ("d >= '2024-01-01'").
bool IsComparison(const std::string& name) {
  return name == "=" || name == "<>" || name == "!=" || name == "<" || name == "<=" ||
         name == ">" || name == ">=";
}

constexpr int kStringToTemporalCost = 10;

int MatchCost(const std::vector<LogicalType>& arguments, LogicalType varargs,
              const std::vector<LogicalType>& arg_types, std::vector<LogicalType>& targets,
              bool text_coercion, bool string_to_temporal) {
  bool has_varargs = varargs.id() != TypeId::kInvalid;
  if (arg_types.size() < arguments.size()) return -1;
  if (arg_types.size() > arguments.size() && !has_varargs) return -1;
  targets.resize(arg_types.size());
  int total = 0;
  for (size_t i = 0; i < arg_types.size(); ++i) {
    LogicalType parameter = i < arguments.size() ? arguments[i] : varargs;
    int cost = ImplicitCastCost(arg_types[i], parameter);
    if (cost < 0 && text_coercion && parameter.id() == TypeId::kVarchar &&
        CanCast(arg_types[i], parameter)) {
      cost = kTextCoercionCost;
    }
    if (cost < 0 && string_to_temporal && arg_types[i].id() == TypeId::kVarchar &&
        parameter.IsTemporal()) {
      cost = kStringToTemporalCost;
    }
    if (cost < 0) return -1;
    total += cost;
    targets[i] = ConcreteTarget(arg_types[i], parameter);
  }
  if (has_varargs) {
    // Unify wildcard decimals across the call so the kernel sees one type.
    LogicalType common = TypeId::kInvalid;
    bool any = false;
    for (size_t i = 0; i < targets.size(); ++i) {
      LogicalType parameter = i < arguments.size() ? arguments[i] : varargs;
      if (!IsWildcardDecimal(parameter)) continue;
      common = any ? CommonSuperType(common, targets[i]) : targets[i];
      any = true;
    }
    if (any) {
      if (common.id() != TypeId::kDecimal) return -1;
      for (size_t i = 0; i < targets.size(); ++i) {
        LogicalType parameter = i < arguments.size() ? arguments[i] : varargs;
        if (!IsWildcardDecimal(parameter)) continue;
        if (targets[i] != common) {
          targets[i] = common;
          total += 1;
        }
      }
    }
  }
  return total;
}

template <class F>
const F* Resolve(const std::vector<F>& overloads, const std::vector<LogicalType>& arg_types,
                 std::vector<LogicalType>& cast_to, bool distinct_filter, bool want_distinct) {
  const F* best = nullptr;
  int best_cost = INT_MAX;
  std::vector<LogicalType> targets;
  for (const F& overload : overloads) {
    if constexpr (std::is_same_v<F, AggregateFunction>) {
      if (distinct_filter && overload.distinct != want_distinct) continue;
    }
    LogicalType varargs = TypeId::kInvalid;
    if constexpr (std::is_same_v<F, ScalarFunction>) varargs = overload.varargs;
    int cost = MatchCost(overload.arguments, varargs, arg_types, targets,
                         CoercesToText(overload.name), IsComparison(overload.name));
    if (cost < 0 || cost >= best_cost) continue;
    best = &overload;
    best_cost = cost;
    cast_to = targets;
    if (cost == 0) break;
  }
  return best;
}

}  // namespace

const ScalarFunction* ResolveScalar(const FunctionRegistry& registry, const std::string& name,
                                    const std::vector<LogicalType>& arg_types,
                                    std::vector<LogicalType>& cast_to) {
  return Resolve(registry.ScalarOverloads(name), arg_types, cast_to, false, false);
}

const AggregateFunction* ResolveAggregate(const FunctionRegistry& registry,
                                          const std::string& name,
                                          const std::vector<LogicalType>& arg_types,
                                          std::vector<LogicalType>& cast_to, bool distinct) {
  const auto& overloads = registry.AggregateOverloads(name);
  const AggregateFunction* found = Resolve(overloads, arg_types, cast_to, true, distinct);
  if (found == nullptr && distinct) {
    const std::string& canonical = overloads.empty() ? name : overloads.front().name;
    if (canonical == "min" || canonical == "max" || canonical == "bool_and" ||
        canonical == "bool_or" || canonical == "any_value" || canonical == "first") {
      found = Resolve(overloads, arg_types, cast_to, true, false);
    }
  }
  return found;
}

LogicalType BindScalarFunction(const ScalarFunction& function,
                               const std::vector<LogicalType>& cast_arg_types,
                               std::shared_ptr<FunctionData>& bind_data) {
  LogicalType return_type = function.return_type;
  bind_data.reset();
  if (function.bind != nullptr) bind_data = function.bind(cast_arg_types, return_type);
  return return_type;
}

LogicalType BindAggregateFunction(const AggregateFunction& function,
                                  const std::vector<LogicalType>& cast_arg_types,
                                  std::shared_ptr<FunctionData>& bind_data) {
  LogicalType return_type = function.return_type;
  bind_data.reset();
  if (function.bind != nullptr) bind_data = function.bind(cast_arg_types, return_type);
  return return_type;
}

std::string SignatureTypeName(LogicalType type) {
  if (IsWildcardDecimal(type)) return "DECIMAL";
  return type.ToString();
}

}  // namespace tarn::exec
