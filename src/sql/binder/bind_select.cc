// Binding of a SELECT block: FROM, WHERE, the select list (with * expansion), GROUP BY / aggregates /
// HAVING, DISTINCT, ORDER BY and LIMIT/OFFSET, laid out as logical operators.
#include <fmt/format.h>

#include "common/error.h"
#include "exec/function/function.h"
#include "sql/binder/bind_aggregation.h"
#include "sql/binder/bind_window.h"
#include "sql/binder/binder.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

// A select-list entry after * expansion: either an expression or a FROM column.
struct SelectItem {
  const ParsedExpression* expression = nullptr;
  const ScopeColumn* column = nullptr;
  std::string name;
};

bool IsIntegerConstant(const ParsedExpression& expression) {
  return expression.kind == ExpressionKind::kConstant &&
         expression.constant_kind == ConstantKind::kInteger;
}

exec::NullOrder ToNullOrder(NullOrder order) {
  switch (order) {
    case NullOrder::kNullsFirst: return exec::NullOrder::kFirst;
    case NullOrder::kNullsLast: return exec::NullOrder::kLast;
    default: return exec::NullOrder::kDefault;
  }
}

template <class T>
std::unique_ptr<T> MakeOperator(LogicalOperatorPtr child) {
  auto op = std::make_unique<T>();
  if (child != nullptr) op->children.push_back(std::move(child));
  return op;
}

}  // namespace

Binder::Binder(const SessionCatalog& catalog, const std::vector<exec::Value>& parameters,
               const Binder* parent)
    : catalog_(catalog),
      parameters_(parameters),
      parent_(parent),
      registry_(exec::FunctionRegistry::BuiltIn()) {
  if (parent != nullptr) {
    ctes_ = parent->ctes_;
    view_depth_ = parent->view_depth_;
    subquery_executor_ = parent->subquery_executor_;
    untyped_parameters_ = parent->untyped_parameters_;
  }
}

BoundQuery Binder::BindQuery(const QueryNode& node) {
  if (node.recursive) {
    throw Error(ErrorCode::kNotSupported, "not supported: WITH RECURSIVE")
        .AtQueryOffset(node.query_offset);
  }
  auto saved = ctes_;
  for (const auto& cte : node.ctes) ctes_[cte.name] = &cte;
  BoundQuery query = BindQueryBody(node);
  ctes_ = std::move(saved);
  return query;
}

BoundQuery Binder::BindQueryBody(const QueryNode& node) {
  switch (node.kind) {
    case QueryNodeKind::kSelect:
      return BindSelect(node);
    case QueryNodeKind::kSetOperation: {
      BoundQuery query = BindSetOperation(node);
      BindOrderLimit(node, query);
      return query;
    }
    case QueryNodeKind::kValues: {
      BoundQuery query = BindValues(node);
      BindOrderLimit(node, query);
      return query;
    }
  }
  TARN_CHECK(false);
  return {};
}

namespace {

// Evaluates LIMIT / OFFSET to a non-negative integer.
int64_t BindCount(Binder& binder, const ParsedExpression& expression, const char* what) {
  auto bound = Binder::AddCast(binder.BindStandalone(expression), TypeId::kBigint);
  exec::Value value = EvaluateConstant(*bound);
  if (value.is_null()) return -1;
  if (value.integer() < 0) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + " must not be negative")
        .AtQueryOffset(expression.query_offset);
  }
  return value.integer();
}

LogicalOperatorPtr AddLimit(Binder& binder, const QueryNode& node, LogicalOperatorPtr plan) {
  if (node.limit == nullptr && node.offset == nullptr) return plan;
  auto limit = MakeOperator<LogicalLimit>(std::move(plan));
  if (node.limit != nullptr) limit->limit = BindCount(binder, *node.limit, "LIMIT");
  if (node.offset != nullptr) limit->offset = std::max<int64_t>(0, BindCount(binder, *node.offset, "OFFSET"));
  limit->types = limit->children[0]->types;
  return limit;
}

}  // namespace

void Binder::BindOrderLimit(const QueryNode& node, BoundQuery& query) {
  if (!node.order_by.empty()) {
    BindScope scope;
    for (size_t i = 0; i < query.names.size(); ++i) {
      scope.Add(ScopeColumn{"", query.names[i], query.types[i], i, false});
    }
    auto order = MakeOperator<LogicalOrder>(std::move(query.plan));
    for (const auto& item : node.order_by) {
      const ParsedExpression& expression = *item.expression;
      exec::SortKey key;
      key.descending = item.direction == OrderDirection::kDescending;
      key.nulls = ToNullOrder(item.null_order);
      if (IsIntegerConstant(expression)) {
        int64_t ordinal = std::stoll(expression.value);
        if (ordinal < 1 || ordinal > static_cast<int64_t>(query.names.size())) {
          throw Error(ErrorCode::kBinderError,
                      fmt::format("ORDER BY position {} is not in select list", ordinal))
              .AtQueryOffset(expression.query_offset);
        }
        key.expression = MakeColumnRef(ordinal - 1, query.types[ordinal - 1]);
      } else {
        ExpressionContext context;
        context.scope = &scope;
        context.clause = "ORDER BY";
        key.expression = Bind(expression, context);
      }
      order->orders.push_back(std::move(key));
    }
    order->types = query.types;
    query.plan = std::move(order);
  }
  query.plan = AddLimit(*this, node, std::move(query.plan));
}

BoundQuery Binder::BindSelect(const QueryNode& node) {
  if (!node.distinct_on.empty()) {
    throw Error(ErrorCode::kNotSupported, "not supported: DISTINCT ON")
        .AtQueryOffset(node.distinct_on[0]->query_offset);
  }
  if (node.qualify != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: QUALIFY")
        .AtQueryOffset(node.qualify->query_offset);
  }
  // FROM
  FromResult from;
  if (node.from != nullptr) {
    from = BindTableRef(*node.from);
  } else {
    auto values = std::make_unique<LogicalValues>();
    values->rows.emplace_back();
    from.plan = std::move(values);
  }
  const BindScope& scope = from.scope;
  current_scope_ = &scope;
  LogicalOperatorPtr plan = std::move(from.plan);

  // WHERE
  if (node.where != nullptr) {
    ExpressionContext context;
    context.scope = &scope;
    context.clause = "WHERE";
    context.subquery_joins = true;
    auto condition = Bind(*node.where, context);
    plan = ApplySubqueries(std::move(plan), {&condition});
    if (condition->type.id() != TypeId::kBoolean && condition->type.id() != TypeId::kNull) {
      throw Error(ErrorCode::kTypeMismatch,
                  "argument of WHERE must be type BOOLEAN, not type " + condition->type.ToString())
          .AtQueryOffset(node.where->query_offset);
    }
    auto filter = MakeOperator<LogicalFilter>(std::move(plan));
    filter->conditions.push_back(AddCast(std::move(condition), TypeId::kBoolean));
    filter->types = filter->children[0]->types;
    plan = std::move(filter);
  }

  // Select list with * expanded.
  std::vector<SelectItem> items;
  for (const auto& expression : node.select_list) {
    if (expression->kind != ExpressionKind::kStar) {
      items.push_back(SelectItem{expression.get(), nullptr, OutputName(*expression)});
      continue;
    }
    std::string table = expression->names.empty() ? "" : expression->names.back();
    if (!table.empty() && !scope.HasTable(table)) {
      throw Error(ErrorCode::kBinderError, "missing FROM-clause entry for table \"" + table + "\"")
          .AtQueryOffset(expression->query_offset);
    }
    if (node.from == nullptr) {
      throw Error(ErrorCode::kBinderError, "SELECT * with no tables specified is not valid")
          .AtQueryOffset(expression->query_offset);
    }
    for (const auto& excluded : expression->star_exclude) {
      if (scope.Find({excluded}, expression->query_offset) == nullptr) {
        throw Error(ErrorCode::kBinderError,
                    "column \"" + excluded + "\" in EXCLUDE list does not exist")
            .AtQueryOffset(expression->query_offset);
      }
    }
    for (const ScopeColumn* column : scope.Expand(table)) {
      bool excluded = false;
      for (const auto& name : expression->star_exclude) {
        excluded = excluded || EqualsIgnoreCase(name, column->name);
      }
      if (!excluded) items.push_back(SelectItem{nullptr, column, column->name});
    }
  }

  bool aggregating = !node.group_by.empty() || node.group_by_all || node.having != nullptr;
  for (const auto& item : items) {
    aggregating = aggregating || (item.expression != nullptr && ContainsAggregate(*item.expression));
  }
  for (const auto& item : node.order_by) {
    aggregating = aggregating || ContainsAggregate(*item.expression);
  }

  std::unique_ptr<LogicalAggregate> aggregate;
  AggregateContext aggregation;
  exec::ExpressionPtr having;
  ExpressionContext select_context;
  select_context.scope = &scope;
  select_context.clause = "SELECT";
  select_context.subquery_joins = true;
  if (aggregating) {
    aggregate = std::make_unique<LogicalAggregate>();
    aggregation.input_scope = &scope;
    aggregation.aggregate = aggregate.get();
    select_context.aggregation = &aggregation;
    ExpressionContext group_context;
    group_context.scope = &scope;
    group_context.clause = "GROUP BY";
    auto add_group = [&](const ParsedExpression& expression) {
      if (ContainsAggregate(expression)) {
        throw Error(ErrorCode::kBinderError, "aggregate functions are not allowed in GROUP BY")
            .AtQueryOffset(expression.query_offset);
      }
      aggregate->groups.push_back(Bind(expression, group_context));
      aggregation.group_expressions.push_back(&expression);
    };
    auto add_item_group = [&](const SelectItem& item) {
      if (item.column != nullptr) {
        aggregate->groups.push_back(MakeColumnRef(item.column->index, item.column->type,
                                                  item.column->name));
        aggregation.group_expressions.push_back(nullptr);
      } else {
        add_group(*item.expression);
      }
    };
    if (node.group_by_all) {
      for (const auto& item : items) {
        if (item.expression == nullptr || !ContainsAggregate(*item.expression)) add_item_group(item);
      }
    }
    for (const auto& group : node.group_by) {
      if (IsIntegerConstant(*group)) {
        int64_t ordinal = std::stoll(group->value);
        if (ordinal < 1 || ordinal > static_cast<int64_t>(items.size())) {
          throw Error(ErrorCode::kBinderError,
                      fmt::format("GROUP BY position {} is not in select list", ordinal))
              .AtQueryOffset(group->query_offset);
        }
        add_item_group(items[ordinal - 1]);
        continue;
      }
      // A bare name that is no input column may name a select-list alias (PostgreSQL).
      if (group->kind == ExpressionKind::kColumnRef && group->names.size() == 1 &&
          scope.Find(group->names, group->query_offset) == nullptr) {
        const SelectItem* match = nullptr;
        for (const auto& item : items) {
          if (item.expression != nullptr && item.expression->alias == group->names[0]) {
            match = &item;
            break;
          }
        }
        if (match != nullptr) {
          add_item_group(*match);
          continue;
        }
      }
      add_group(*group);
    }
    if (node.having != nullptr) {
      ExpressionContext having_context = select_context;
      having_context.clause = "HAVING";
      having = Bind(*node.having, having_context);
      if (having->type.id() != TypeId::kBoolean && having->type.id() != TypeId::kNull) {
        throw Error(ErrorCode::kTypeMismatch,
                    "argument of HAVING must be type BOOLEAN, not type " + having->type.ToString())
            .AtQueryOffset(node.having->query_offset);
      }
      having = AddCast(std::move(having), TypeId::kBoolean);
    }
  }

  // Window calls in the select list and ORDER BY (bound over what HAVING sees).
  WindowBinding windows(node, select_context);
  select_context.window = &windows;

  // The select-list expressions (over the FROM output, or over the aggregate's output).
  BoundQuery query;
  std::vector<exec::ExpressionPtr> expressions;
  for (const auto& item : items) {
    exec::ExpressionPtr bound;
    if (item.column != nullptr) {
      bound = MakeColumnRef(item.column->index, item.column->type, item.column->name);
      if (aggregating) {
        size_t group = aggregate->groups.size();
        for (size_t i = 0; i < aggregate->groups.size(); ++i) {
          if (ExpressionEquals(*bound, *aggregate->groups[i])) {
            group = i;
            break;
          }
        }
        if (group == aggregate->groups.size()) {
          throw Error(ErrorCode::kBinderError,
                      "column \"" + item.column->name +
                          "\" must appear in the GROUP BY clause or be used in an aggregate function")
              .AtQueryOffset(node.query_offset);
        }
        bound = MakeColumnRef(group, item.column->type, item.column->name);
      }
    } else {
      bound = Bind(*item.expression, select_context);
      if (bound->type.id() == TypeId::kNull) bound = AddCast(std::move(bound), TypeId::kInteger);
    }
    bound->alias = item.name;
    query.names.push_back(item.name);
    query.types.push_back(bound->type);
    expressions.push_back(std::move(bound));
  }
  size_t visible = expressions.size();

  // ORDER BY: output names and ordinals first, then expressions (hidden columns when needed).
  std::vector<exec::SortKey> orders;
  for (const auto& item : node.order_by) {
    const ParsedExpression& expression = *item.expression;
    exec::SortKey key;
    key.descending = item.direction == OrderDirection::kDescending;
    key.nulls = ToNullOrder(item.null_order);
    size_t index = SIZE_MAX;
    if (IsIntegerConstant(expression)) {
      int64_t ordinal = std::stoll(expression.value);
      if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
        throw Error(ErrorCode::kBinderError,
                    fmt::format("ORDER BY position {} is not in select list", ordinal))
            .AtQueryOffset(expression.query_offset);
      }
      index = static_cast<size_t>(ordinal - 1);
    } else if (expression.kind == ExpressionKind::kColumnRef && expression.names.size() == 1) {
      for (size_t i = 0; i < visible; ++i) {
        if (query.names[i] == expression.names[0]) {
          index = i;
          break;
        }
      }
    }
    if (index == SIZE_MAX) {
      ExpressionContext order_context = select_context;
      order_context.clause = "ORDER BY";
      auto bound = Bind(expression, order_context);
      for (size_t i = 0; i < expressions.size(); ++i) {
        if (ExpressionEquals(*bound, *expressions[i])) {
          index = i;
          break;
        }
      }
      if (index == SIZE_MAX) {
        if (node.distinct) {
          throw Error(ErrorCode::kBinderError,
                      "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
              .AtQueryOffset(expression.query_offset);
        }
        index = expressions.size();
        expressions.push_back(std::move(bound));
      }
    }
    key.expression = MakeColumnRef(index, expressions[index]->type);
    orders.push_back(std::move(key));
  }

  // Lay out the operators; correlated subqueries of the select list, HAVING and ORDER BY join onto
  // the aggregate's (or the FROM's) output.
  std::vector<exec::ExpressionPtr*> subquery_users{&having};
  for (auto& expression : expressions) subquery_users.push_back(&expression);
  if (aggregating) {
    std::vector<exec::ExpressionPtr*> argument_users;
    for (auto& call : aggregate->aggregates) {
      for (auto& argument : call.arguments) argument_users.push_back(&argument);
    }
    plan = ApplySubqueries(std::move(plan), argument_users, true);
    aggregate->children.push_back(std::move(plan));
    for (const auto& group : aggregate->groups) aggregate->types.push_back(group->type);
    for (const auto& call : aggregate->aggregates) aggregate->types.push_back(call.return_type);
    plan = std::move(aggregate);
    plan = ApplySubqueries(std::move(plan), subquery_users);
    if (having != nullptr) {
      auto filter = MakeOperator<LogicalFilter>(std::move(plan));
      filter->conditions.push_back(std::move(having));
      filter->types = filter->children[0]->types;
      plan = std::move(filter);
    }
  }
  plan = ApplySubqueries(std::move(plan), subquery_users);
  plan = PlanWindows(std::move(plan), windows, expressions);
  auto projection = MakeOperator<LogicalProjection>(std::move(plan));
  for (const auto& expression : expressions) projection->types.push_back(expression->type);
  projection->expressions = std::move(expressions);
  plan = std::move(projection);
  if (node.distinct) {
    auto distinct = MakeOperator<LogicalDistinct>(std::move(plan));
    distinct->types = distinct->children[0]->types;
    plan = std::move(distinct);
  }
  if (!orders.empty()) {
    auto order = MakeOperator<LogicalOrder>(std::move(plan));
    order->orders = std::move(orders);
    order->types = order->children[0]->types;
    plan = std::move(order);
  }
  plan = AddLimit(*this, node, std::move(plan));
  if (plan->types.size() > visible) {
    auto trim = std::make_unique<LogicalProjection>();
    for (size_t i = 0; i < visible; ++i) {
      trim->expressions.push_back(MakeColumnRef(i, plan->types[i], query.names[i]));
      trim->types.push_back(plan->types[i]);
    }
    trim->children.push_back(std::move(plan));
    plan = std::move(trim);
  }
  current_scope_ = nullptr;
  query.plan = std::move(plan);
  return query;
}

}  // namespace tarn::sql
