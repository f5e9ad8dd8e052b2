// Binding of function calls: overload resolution with implicit casts, aggregates (collected into the
// query's LogicalAggregate) and matching of select-list expressions against GROUP BY keys.

#include <algorithm>
#include <fmt/format.h>

#include "common/error.h"
#include "exec/function/date/current_time.h"
#include "exec/function/function_resolution.h"
#include "exec/function/string/secret_function.h"
#include "sql/binder/bind_aggregation.h"
#include "sql/binder/binder.h"

namespace tarn::sql {

namespace {

std::string TypeList(const std::vector<exec::ExpressionPtr>& arguments) {
  std::string text;
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) text += ", ";
    text += arguments[i]->type.ToString();
  }
  return text;
}

std::string DidYouMean(const exec::FunctionRegistry& registry, const std::string& name) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& candidate : registry.Names()) {
    if (candidate.empty() || !std::isalpha(static_cast<unsigned char>(candidate[0]))) continue;
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best.empty() || best_distance > std::max<size_t>(2, name.size() / 3)) return {};
  return "; did you mean \"" + best + "\"?";
}

}  // namespace

exec::ExpressionPtr Binder::CallScalar(const std::string& name,
                                       std::vector<exec::ExpressionPtr> arguments, int64_t offset,
                                       bool is_operator) {
  std::vector<LogicalType> types;
  for (const auto& argument : arguments) types.push_back(argument->type);
  std::vector<LogicalType> cast_to;
  const exec::ScalarFunction* function = exec::ResolveScalar(registry_, name, types, cast_to);
  if (function == nullptr) {
    if (!is_operator && registry_.ScalarOverloads(name).empty()) {
      if (registry_.IsAggregate(name)) {
        throw Error(ErrorCode::kBinderError,
                    "aggregate function " + name + " is not allowed here")
            .AtQueryOffset(offset);
      }
      throw Error(ErrorCode::kBinderError,
                  "function " + name + " does not exist" + DidYouMean(registry_, name))
          .AtQueryOffset(offset);
    }
    if (is_operator && name == "-" && types.size() == 2 && types[0].id() == TypeId::kTimestamp &&
        types[1].id() == TypeId::kTimestamp) {
      throw Error(ErrorCode::kNotSupported,
                  "not supported: TIMESTAMP - TIMESTAMP (an INTERVAL); use "
                  "date_part('epoch', a) - date_part('epoch', b)")
          .AtQueryOffset(offset);
    }
    if (is_operator && arguments.size() == 2) {
      throw Error(ErrorCode::kTypeMismatch,
                  fmt::format("no operator matches {} {} {}", types[0].ToString(), name,
                              types[1].ToString()))
          .AtQueryOffset(offset);
    }
    if (is_operator && arguments.size() == 1) {
      throw Error(ErrorCode::kTypeMismatch,
                  fmt::format("no operator matches {} {}", name, types[0].ToString()))
          .AtQueryOffset(offset);
    }
    throw Error(ErrorCode::kTypeMismatch,
                fmt::format("no function matches {}({})", name, TypeList(arguments)))
        .AtQueryOffset(offset);
  }
  if (function->statement_time) {
    // now(), current_date...: one value for the whole statement (PostgreSQL), taken by the
    // statement's root binder the first time one is bound.
    const Binder* root = this;
    while (root->parent_ != nullptr) root = root->parent_;
    if (!root->statement_time_) root->statement_time_ = exec::CurrentTimeMicros();
    auto node = std::make_unique<exec::BoundExpression>();
    node->kind = exec::ExpressionKind::kConstant;
    node->query_offset = offset;
    node->constant = exec::StatementTimeValue(function->return_type, *root->statement_time_);
    node->type = node->constant.type();
    return node;
  }
  std::vector<LogicalType> cast_types;
  for (size_t i = 0; i < arguments.size(); ++i) {
    LogicalType target = i < cast_to.size() ? cast_to[i] : arguments[i]->type;
    if (target.id() == TypeId::kNull) target = TypeId::kInteger;
    arguments[i] = AddCast(std::move(arguments[i]), target);
    cast_types.push_back(target);
  }
  auto node = std::make_unique<exec::BoundExpression>();
  node->kind = exec::ExpressionKind::kFunction;
  node->function = function;
  if (function->name == "secret") {
    // BindSecretValue: secret('name') gets its value now, as bind data (never a constant).
    const exec::BoundExpression& name = *arguments[0];
    if (name.kind != exec::ExpressionKind::kConstant || name.constant.is_null()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "secret() takes a constant name, e.g. secret('pseudonym_key')")
          .AtQueryOffset(offset);
    }
    if (catalog_.access != nullptr && !catalog_.access->CanUseSecret(name.constant.string())) {
      // Before the lookup: whether a secret one may not use exists is not revealed either.
      throw Error(ErrorCode::kPermissionDenied,
                  "permission denied: USAGE on secret " + name.constant.string())
          .AtQueryOffset(offset);
    }
    if (!catalog_.secret_lookup) {
      throw Error(ErrorCode::kPermissionDenied,
                  "secret() is only available to the local administrator of a data directory "
                  "(tarn sql --data-dir DIR)")
          .AtQueryOffset(offset);
    }
    std::optional<std::string> value = catalog_.secret_lookup(name.constant.string());
    if (!value) {
      throw Error(ErrorCode::kNotFound, "secret '" + name.constant.string() + "' does not exist")
          .AtQueryOffset(offset);
    }
    if (!value->empty() && std::find(catalog_.bound_secrets.begin(), catalog_.bound_secrets.end(),
                                     *value) == catalog_.bound_secrets.end()) {
      catalog_.bound_secrets.push_back(*value);
    }
    node->bind_data = std::make_unique<exec::SecretValue>(std::move(*value));
    node->query_offset = offset;
    node->type = function->return_type;
    node->children = std::move(arguments);
    return node;
  }
  node->query_offset = offset;
  node->type = exec::BindScalarFunction(*function, cast_types, node->bind_data);
  node->children = std::move(arguments);
  return node;
}

bool Binder::ContainsAggregate(const ParsedExpression& expression) const {
  if (expression.kind == ExpressionKind::kFunction && expression.window == nullptr &&
      registry_.IsAggregate(expression.function_name)) {
    return true;
  }
  for (const auto& child : expression.children) {
    if (ContainsAggregate(*child)) return true;
  }
  if (expression.case_operand != nullptr && ContainsAggregate(*expression.case_operand)) {
    return true;
  }
  for (const auto& branch : expression.case_branches) {
    if (ContainsAggregate(*branch.when) || ContainsAggregate(*branch.then)) return true;
  }
  if (expression.else_expression != nullptr && ContainsAggregate(*expression.else_expression)) {
    return true;
  }
  if (expression.window != nullptr) {  // rank() OVER (ORDER BY sum(x)) aggregates too
    for (const auto& partition : expression.window->partition_by) {
      if (ContainsAggregate(*partition)) return true;
    }
    for (const auto& item : expression.window->order_by) {
      if (ContainsAggregate(*item.expression)) return true;
    }
  }
  return false;
}

exec::ExpressionPtr Binder::BindFunction(const ParsedExpression& expression,
                                         ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  if (expression.window != nullptr) return BindWindowCall(expression, context);
  if (!expression.function_schema.empty()) {
    throw Error(ErrorCode::kNotSupported, "not supported: schema-qualified functions")
        .AtQueryOffset(offset);
  }
  const std::string& name = expression.function_name;
  if (registry_.IsAggregate(name) && registry_.ScalarOverloads(name).empty()) {
    if (context.aggregation == nullptr) {
      throw Error(ErrorCode::kBinderError,
                  std::string("aggregate functions are not allowed in ") + context.clause)
          .AtQueryOffset(offset);
    }
    return BindAggregateCall(expression, context);
  }
  if (expression.distinct || expression.filter != nullptr || !expression.order_by.empty() ||
      expression.star_argument) {
    throw Error(ErrorCode::kBinderError,
                "DISTINCT, FILTER, ORDER BY or * specified, but " + name +
                    " is not an aggregate function")
        .AtQueryOffset(offset);
  }
  if (!expression.argument_names.empty()) {
    for (const auto& argument_name : expression.argument_names) {
      if (!argument_name.empty()) {
        throw Error(ErrorCode::kBinderError,
                    "function " + name + " does not accept named arguments")
            .AtQueryOffset(offset);
      }
    }
  }
  std::vector<exec::ExpressionPtr> arguments;
  for (const auto& child : expression.children) arguments.push_back(Bind(*child, context));
  return CallScalar(name, std::move(arguments), offset, false);
}

exec::ExpressionPtr Binder::BindAggregateCall(const ParsedExpression& expression,
                                              ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  AggregateContext& aggregation = *context.aggregation;
  if (expression.filter != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: FILTER in aggregates")
        .AtQueryOffset(expression.filter->query_offset);
  }
  if (!expression.order_by.empty()) {
    throw Error(ErrorCode::kNotSupported, "not supported: ORDER BY in aggregates")
        .AtQueryOffset(offset);
  }
  // Arguments are bound over the aggregate's input, where further aggregates are an error.
  ExpressionContext input;
  input.scope = aggregation.input_scope;
  input.clause = "aggregate function arguments";
  input.subquery_joins = context.subquery_joins;
  input.aggregate_input = true;
  std::vector<exec::ExpressionPtr> arguments;
  for (const auto& child : expression.children) {
    if (ContainsAggregate(*child)) {
      throw Error(ErrorCode::kBinderError, "aggregate function calls cannot be nested")
          .AtQueryOffset(child->query_offset);
    }
    arguments.push_back(Bind(*child, input));
  }
  std::string name = expression.function_name;
  std::vector<LogicalType> types;
  for (const auto& argument : arguments) types.push_back(argument->type);
  std::vector<LogicalType> cast_to;
  const exec::AggregateFunction* function =
      exec::ResolveAggregate(registry_, name, types, cast_to, expression.distinct);
  if (function == nullptr && expression.star_argument && name == "count") {
    function = exec::ResolveAggregate(registry_, "count_star", types, cast_to, false);
  }
  if (function == nullptr) {
    throw Error(ErrorCode::kTypeMismatch,
                fmt::format("no function matches {}({}{})", name,
                            expression.distinct ? "DISTINCT " : "", TypeList(arguments)))
        .AtQueryOffset(offset);
  }
  BoundAggregate call;
  call.function = function;
  call.distinct = expression.distinct;
  std::vector<LogicalType> cast_types;
  for (size_t i = 0; i < arguments.size(); ++i) {
    LogicalType target = i < cast_to.size() ? cast_to[i] : arguments[i]->type;
    if (target.id() == TypeId::kNull) target = TypeId::kInteger;
    call.arguments.push_back(AddCast(std::move(arguments[i]), target));
    cast_types.push_back(target);
  }
  call.return_type = exec::BindAggregateFunction(*function, cast_types, call.bind_data);
  // Identical calls share one aggregate (min(value1) twice is computed once).
  auto& aggregates = aggregation.aggregate->aggregates;
  size_t index = aggregates.size();
  for (size_t i = 0; i < aggregates.size(); ++i) {
    if (aggregates[i].Equals(call)) {
      index = i;
      break;
    }
  }
  LogicalType type = call.return_type;
  if (index == aggregates.size()) aggregates.push_back(std::move(call));
  return MakeColumnRef(aggregation.aggregate->groups.size() + index, type);
}

exec::ExpressionPtr Binder::BindInAggregation(const ParsedExpression& expression,
                                              ExpressionContext& context) {
  AggregateContext& aggregation = *context.aggregation;
  if (ContainsWindow(expression)) return nullptr;  // bound node by node; see BindWindowCall
  if (expression.kind == ExpressionKind::kFunction && expression.window == nullptr &&
      registry_.IsAggregate(expression.function_name) &&
      registry_.ScalarOverloads(expression.function_name).empty()) {
    return BindAggregateCall(expression, context);
  }
  auto& groups = aggregation.aggregate->groups;
  // A select item written exactly as a GROUP BY expression is that group's key, whatever it holds
  // (also subqueries: `SELECT a IN (SELECT …) … GROUP BY a IN (SELECT …)`).
  if (expression.kind != ExpressionKind::kConstant && !ContainsAggregate(expression)) {
    for (size_t i = 0; i < aggregation.group_expressions.size(); ++i) {
      if (aggregation.group_expressions[i] != nullptr &&
          aggregation.group_expressions[i]->Equals(expression)) {
        return MakeColumnRef(i, groups[i]->type, OutputName(expression));
      }
    }
  }
  if (expression.kind == ExpressionKind::kConstant || expression.kind == ExpressionKind::kParameter ||
      expression.kind == ExpressionKind::kTypedLiteral || expression.kind == ExpressionKind::kExists ||
      expression.kind == ExpressionKind::kSubquery || expression.kind == ExpressionKind::kInSubquery ||
      ContainsAggregate(expression)) {
    return nullptr;
  }
  ExpressionContext input;
  input.scope = aggregation.input_scope;
  input.clause = context.clause;
  auto bound = Bind(expression, input);
  if (bound->kind == exec::ExpressionKind::kColumnRef && bound->column_index >= kCorrelatedColumnBase) {
    return bound;  // an outer query's column is constant per group
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if (ExpressionEquals(*bound, *groups[i])) {
      return MakeColumnRef(i, groups[i]->type, OutputName(expression));
    }
  }
  if (expression.kind == ExpressionKind::kColumnRef) {
    std::string text;
    for (size_t i = 0; i < expression.names.size(); ++i) {
      text += (i > 0 ? "." : "") + expression.names[i];
    }
    throw Error(ErrorCode::kBinderError,
                "column \"" + text +
                    "\" must appear in the GROUP BY clause or be used in an aggregate function")
        .AtQueryOffset(expression.query_offset);
  }
  return nullptr;  // bind the node itself; its children go through this check again
}

}  // namespace tarn::sql
