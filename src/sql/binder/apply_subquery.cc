// Joins correlated subqueries onto the plan of the clause that uses them (decorrelate.h): the
// subquery, with its outer columns' domain pushed down, is reduced to one row per domain row and
// left joined onto the plan on null-safe equality of the correlated columns.
//   EXISTS: the distinct domain rows the subquery produced, plus a TRUE marker.
//   scalar: the value (a scalar aggregate already gives one row per domain row; otherwise a
//           count guards against more than one row).
//   x IN:   the operand joins the domain; per domain row: count(*), count(y) and whether some
//           y = x, which give TRUE / FALSE / NULL exactly as x IN (list) would.
#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "sql/binder/binder.h"
#include "sql/binder/decorrelate.h"
#include "sql/binder/subquery_expressions.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

Binder::~Binder() = default;

namespace {

void TooManyRowsKernel(const exec::ScalarCall& call, const std::vector<const exec::Vector*>&,
                       size_t count, exec::Vector&) {
  if (count == 0) return;
  throw Error(ErrorCode::kInvalidInput,
              "more than one row returned by a subquery used as an expression")
      .AtQueryOffset(call.query_offset);
}

// Internal (not callable from SQL): fails the query when a row reaches it.
exec::ExpressionPtr TooManyRows(exec::ExpressionPtr value, int64_t offset) {
  static const exec::ScalarFunction function = [] {
    exec::ScalarFunction f;
    f.name = "more_than_one_row";
    f.kernel = TooManyRowsKernel;
    f.null_propagating = false;
    f.deterministic = false;
    return f;
  }();
  auto node = MakeExpressionNode(exec::ExpressionKind::kFunction, value->type);
  node->function = &function;
  node->query_offset = offset;
  node->children.push_back(std::move(value));
  return node;
}

BoundAggregate MakeAggregate(const std::string& name, std::vector<exec::ExpressionPtr> arguments) {
  std::vector<LogicalType> types;
  for (const auto& argument : arguments) types.push_back(argument->type);
  std::vector<LogicalType> cast_to;
  const auto* function =
      exec::ResolveAggregate(exec::FunctionRegistry::BuiltIn(), name, types, cast_to);
  if (function == nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: " + name + " of this subquery's type");
  }
  BoundAggregate call;
  call.function = function;
  std::vector<LogicalType> cast_types;
  for (size_t i = 0; i < arguments.size(); ++i) {
    LogicalType target = i < cast_to.size() ? cast_to[i] : arguments[i]->type;
    call.arguments.push_back(Binder::AddCast(std::move(arguments[i]), target));
    cast_types.push_back(target);
  }
  call.return_type = exec::BindAggregateFunction(*function, cast_types, call.bind_data);
  return call;
}

std::unique_ptr<LogicalAggregate> GroupByDomain(LogicalOperatorPtr input, size_t first,
                                                const std::vector<LogicalType>& domain_types,
                                                std::vector<BoundAggregate> aggregates) {
  auto aggregate = std::make_unique<LogicalAggregate>();
  for (size_t i = 0; i < domain_types.size(); ++i) {
    aggregate->groups.push_back(MakeColumnRef(first + i, domain_types[i]));
    aggregate->types.push_back(domain_types[i]);
  }
  for (auto& call : aggregates) aggregate->types.push_back(call.return_type);
  aggregate->aggregates = std::move(aggregates);
  aggregate->children.push_back(std::move(input));
  return aggregate;
}

// Drops ORDER BY and LIMIT n (n >= 1, no OFFSET) on top of a plan whose row count they cannot
// change (EXISTS, or a scalar aggregate).
void StripOrderLimit(LogicalOperatorPtr& plan) {
  LogicalOperatorPtr* slot = &plan;
  while (true) {
    LogicalOperator& op = **slot;
    if (op.type == LogicalOperatorType::kOrder) {
      *slot = std::move(op.children[0]);
      continue;
    }
    if (op.type == LogicalOperatorType::kLimit) {
      const auto& limit = static_cast<const LogicalLimit&>(op);
      if (limit.offset != 0 || limit.limit == 0) return;
      *slot = std::move(op.children[0]);
      continue;
    }
    if (op.type == LogicalOperatorType::kProjection || op.type == LogicalOperatorType::kFilter) {
      slot = &op.children[0];
      continue;
    }
    return;
  }
}

// At most one row: a scalar aggregate under projections, filters, orders and limits.
bool IsSingleRow(const LogicalOperator& plan) {
  const LogicalOperator* op = &plan;
  while (op->type == LogicalOperatorType::kProjection || op->type == LogicalOperatorType::kFilter ||
         op->type == LogicalOperatorType::kOrder || op->type == LogicalOperatorType::kLimit) {
    op = op->children[0].get();
  }
  return op->type == LogicalOperatorType::kAggregate &&
         static_cast<const LogicalAggregate*>(op)->groups.empty();
}

// Placeholder of pending subquery p -> columns[p] (when set).
void RemapPending(exec::BoundExpression& expression, const std::vector<size_t>& columns) {
  VisitColumnRefs(expression, [&](exec::BoundExpression& ref) {
    if (ref.column_index < kPendingSubqueryBase) return;
    size_t pending = ref.column_index - kPendingSubqueryBase;
    if (pending < columns.size() && columns[pending] != SIZE_MAX) {
      ref.column_index = columns[pending];
    }
  });
}

exec::ExpressionPtr Case(std::vector<exec::ExpressionPtr> children, LogicalType type) {
  auto node = MakeExpressionNode(exec::ExpressionKind::kCase, type);
  node->children = std::move(children);
  return node;
}

exec::ExpressionPtr Compare(const char* op, exec::ExpressionPtr a, exec::ExpressionPtr b) {
  std::vector<exec::ExpressionPtr> arguments;
  arguments.push_back(std::move(a));
  arguments.push_back(std::move(b));
  return CallBuiltin(op, std::move(arguments));
}

exec::ExpressionPtr Unary(exec::ExpressionKind kind, exec::ExpressionPtr child) {
  auto node = MakeExpressionNode(kind, TypeId::kBoolean);
  node->children.push_back(std::move(child));
  return node;
}

// Joins one subquery onto 'plan'; the result has plan's columns plus the subquery's value.
LogicalOperatorPtr ApplyOne(LogicalOperatorPtr plan, Binder::PendingSubquery& pending,
                            const std::vector<size_t>& pending_columns) {
  size_t width = plan->types.size();
  std::vector<exec::ExpressionPtr> domain;
  for (const auto& outer : pending.outer) domain.push_back(outer->Copy());
  if (pending.kind == SubqueryKind::kIn) domain.push_back(pending.operand->Copy());
  std::vector<LogicalType> domain_types;
  for (auto& expression : domain) {
    RemapPending(*expression, pending_columns);
    domain_types.push_back(expression->type);
  }
  size_t k = domain.size();
  auto make_domain = [&]() -> LogicalOperatorPtr {
    auto projection = std::make_unique<LogicalProjection>();
    for (const auto& expression : domain) projection->expressions.push_back(expression->Copy());
    projection->types = domain_types;
    projection->children.push_back(CopyPlan(*plan));
    auto distinct = std::make_unique<LogicalDistinct>();
    distinct->types = domain_types;
    distinct->children.push_back(std::move(projection));
    return distinct;
  };
  bool single_row = pending.kind == SubqueryKind::kScalar && IsSingleRow(*pending.plan);
  if (pending.kind == SubqueryKind::kExists || single_row) StripOrderLimit(pending.plan);
  size_t value_width = pending.plan->types.size();
  LogicalOperatorPtr sub;
  try {
    sub = PushDomain(std::move(pending.plan), make_domain, domain_types);
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    throw std::move(error).AtQueryOffset(pending.query_offset);
  }

  // 'right' = [domain (k), extra...]; result over plan ++ right.
  LogicalOperatorPtr right;
  exec::ExpressionPtr result;
  size_t extra = width + k;
  switch (pending.kind) {
    case SubqueryKind::kExists: {
      auto groups = GroupByDomain(std::move(sub), value_width, domain_types, {});
      auto marker = std::make_unique<LogicalProjection>();
      for (size_t i = 0; i < k; ++i) {
        marker->expressions.push_back(MakeColumnRef(i, domain_types[i]));
        marker->types.push_back(domain_types[i]);
      }
      marker->expressions.push_back(MakeConstantExpression(exec::Value::Boolean(true)));
      marker->types.push_back(TypeId::kBoolean);
      marker->children.push_back(std::move(groups));
      right = std::move(marker);
      result = Unary(exec::ExpressionKind::kIsNotNull, MakeColumnRef(extra, TypeId::kBoolean));
      break;
    }
    case SubqueryKind::kScalar: {
      if (single_row) {
        // [value, domain] -> [domain, value]
        auto projection = std::make_unique<LogicalProjection>();
        for (size_t i = 0; i < k; ++i) {
          projection->expressions.push_back(MakeColumnRef(1 + i, domain_types[i]));
          projection->types.push_back(domain_types[i]);
        }
        projection->expressions.push_back(MakeColumnRef(0, pending.type));
        projection->types.push_back(pending.type);
        projection->children.push_back(std::move(sub));
        right = std::move(projection);
        result = MakeColumnRef(extra, pending.type);
        break;
      }
      std::vector<BoundAggregate> calls;
      calls.push_back(MakeAggregate("count_star", {}));
      std::vector<exec::ExpressionPtr> value;
      value.push_back(MakeColumnRef(0, pending.type));
      calls.push_back(MakeAggregate("any_value", std::move(value)));
      LogicalType value_type = calls[1].return_type;
      right = GroupByDomain(std::move(sub), 1, domain_types, std::move(calls));
      std::vector<exec::ExpressionPtr> branches;
      branches.push_back(Compare(">", MakeColumnRef(extra, TypeId::kBigint),
                                 MakeConstantExpression(exec::Value::Bigint(1))));
      branches.push_back(TooManyRows(MakeColumnRef(extra + 1, value_type), pending.query_offset));
      branches.push_back(MakeColumnRef(extra + 1, value_type));
      result = Binder::AddCast(Case(std::move(branches), value_type), pending.type);
      break;
    }
    case SubqueryKind::kIn: {
      // sub = [y, domain..., x]
      std::vector<BoundAggregate> calls;
      calls.push_back(MakeAggregate("count_star", {}));
      std::vector<exec::ExpressionPtr> count_argument;
      count_argument.push_back(MakeColumnRef(0, pending.type));
      calls.push_back(MakeAggregate("count", std::move(count_argument)));
      std::vector<exec::ExpressionPtr> hit;
      hit.push_back(Compare("=", MakeColumnRef(0, pending.type), MakeColumnRef(k, pending.type)));
      hit.push_back(MakeConstantExpression(exec::Value::Integer(1)));
      hit.push_back(MakeConstantExpression(exec::Value::Integer(0)));
      std::vector<exec::ExpressionPtr> max_argument;
      max_argument.push_back(Case(std::move(hit), TypeId::kInteger));
      calls.push_back(MakeAggregate("max", std::move(max_argument)));
      right = GroupByDomain(std::move(sub), 1, domain_types, std::move(calls));
      auto rows = [&] { return MakeColumnRef(extra, TypeId::kBigint); };
      auto non_null = [&] { return MakeColumnRef(extra + 1, TypeId::kBigint); };
      std::vector<exec::ExpressionPtr> branches;
      branches.push_back(Unary(exec::ExpressionKind::kIsNull, rows()));
      branches.push_back(MakeConstantExpression(exec::Value::Boolean(false)));
      branches.push_back(Compare("=", MakeColumnRef(extra + 2, TypeId::kInteger),
                                 MakeConstantExpression(exec::Value::Integer(1))));
      branches.push_back(MakeConstantExpression(exec::Value::Boolean(true)));
      auto unknown = MakeExpressionNode(exec::ExpressionKind::kOr, TypeId::kBoolean);
      unknown->children.push_back(Unary(exec::ExpressionKind::kIsNull, domain.back()->Copy()));
      unknown->children.push_back(Compare(">", rows(), non_null()));
      branches.push_back(std::move(unknown));
      branches.push_back(MakeConstantExpression(exec::Value::Null(TypeId::kBoolean)));
      branches.push_back(MakeConstantExpression(exec::Value::Boolean(false)));
      result = Case(std::move(branches), TypeId::kBoolean);
      if (pending.negated) result = Unary(exec::ExpressionKind::kNot, std::move(result));
      break;
    }
  }
  auto join = std::make_unique<LogicalJoin>();
  join->join_type = JoinType::kLeft;
  for (size_t i = 0; i < k; ++i) {
    AddNullSafeEquality(domain[i]->Copy(), MakeColumnRef(width + i, domain_types[i]),
                        join->conditions);
  }
  join->types = plan->types;
  join->types.insert(join->types.end(), right->types.begin(), right->types.end());
  join->children.push_back(std::move(plan));
  join->children.push_back(std::move(right));
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t i = 0; i < width; ++i) {
    projection->expressions.push_back(MakeColumnRef(i, join->types[i]));
    projection->types.push_back(join->types[i]);
  }
  projection->types.push_back(result->type);
  projection->expressions.push_back(std::move(result));
  projection->children.push_back(std::move(join));
  return projection;
}

}  // namespace

LogicalOperatorPtr Binder::ApplySubqueries(LogicalOperatorPtr plan,
                                           const std::vector<exec::ExpressionPtr*>& expressions,
                                           bool below_aggregate) {
  std::vector<size_t> columns(pending_subqueries_.size(), SIZE_MAX);
  bool remaining = false;
  for (size_t p = 0; p < pending_subqueries_.size(); ++p) {
    auto& pending = pending_subqueries_[p];
    if (pending == nullptr) continue;
    if (pending->below_aggregate != below_aggregate) {
      remaining = true;
      continue;
    }
    size_t column = plan->types.size();
    plan = ApplyOne(std::move(plan), *pending, columns);
    columns[p] = column;
    pending = nullptr;
  }
  if (!remaining) pending_subqueries_.clear();
  for (exec::ExpressionPtr* slot : expressions) {
    if (slot != nullptr && *slot != nullptr) RemapPending(**slot, columns);
  }
  return plan;
}

}  // namespace tarn::sql
