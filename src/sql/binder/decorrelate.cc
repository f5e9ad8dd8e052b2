// Pushing the domain of a correlated subquery's outer columns down its plan (decorrelate.h).
#include "sql/binder/decorrelate.h"

#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "sql/binder/subquery_expressions.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

bool IsCorrelatedIndex(size_t index) {
  return index >= kCorrelatedColumnBase && index < kPendingSubqueryBase;
}

bool ReadsCorrelated(const exec::BoundExpression& expression) {
  if (expression.kind == exec::ExpressionKind::kColumnRef) {
    return IsCorrelatedIndex(expression.column_index);
  }
  for (const auto& child : expression.children) {
    if (ReadsCorrelated(*child)) return true;
  }
  return false;
}

bool OwnExpressionsCorrelated(LogicalOperator& op) {
  bool found = false;
  ForEachExpression(op, [&](exec::ExpressionPtr& expression) {
    found = found || ReadsCorrelated(*expression);
  });
  return found;
}

// Correlated column i -> input column base + i.
void RemapCorrelated(exec::BoundExpression& expression, size_t base) {
  VisitColumnRefs(expression, [base](exec::BoundExpression& ref) {
    if (IsCorrelatedIndex(ref.column_index)) {
      ref.column_index = base + (ref.column_index - kCorrelatedColumnBase);
    }
  });
}

void RemapOwn(LogicalOperator& op, size_t base) {
  ForEachExpression(op, [base](exec::ExpressionPtr& expression) {
    RemapCorrelated(*expression, base);
  });
}

LogicalOperatorPtr Project(LogicalOperatorPtr child, const std::vector<size_t>& columns) {
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t column : columns) {
    projection->expressions.push_back(MakeColumnRef(column, child->types[column]));
    projection->types.push_back(child->types[column]);
  }
  projection->children.push_back(std::move(child));
  return projection;
}

std::vector<size_t> Range(size_t begin, size_t end) {
  std::vector<size_t> result;
  for (size_t i = begin; i < end; ++i) result.push_back(i);
  return result;
}

class DomainPusher {
 public:
  DomainPusher(const std::function<LogicalOperatorPtr()>& make_domain,
               const std::vector<LogicalType>& domain_types)
      : make_domain_(make_domain), domain_types_(domain_types), width_(domain_types.size()) {}

  // Returns 'op' rewritten to output its columns ++ the domain's columns.
  LogicalOperatorPtr Push(LogicalOperatorPtr op) {
    if (!IsCorrelated(*op)) return MakeJoin(JoinType::kInner, std::move(op), make_domain_());
    switch (op->type) {
      case LogicalOperatorType::kFilter:
      case LogicalOperatorType::kOrder:
      case LogicalOperatorType::kDistinct: {
        size_t input_width = op->children[0]->types.size();
        op->children[0] = Push(std::move(op->children[0]));
        RemapOwn(*op, input_width);
        op->types = op->children[0]->types;
        return op;
      }
      case LogicalOperatorType::kProjection: {
        auto& projection = static_cast<LogicalProjection&>(*op);
        size_t input_width = op->children[0]->types.size();
        op->children[0] = Push(std::move(op->children[0]));
        RemapOwn(*op, input_width);
        for (size_t i = 0; i < width_; ++i) {
          projection.expressions.push_back(MakeColumnRef(input_width + i, domain_types_[i]));
          projection.types.push_back(domain_types_[i]);
        }
        return op;
      }
      case LogicalOperatorType::kAggregate:
        return PushAggregate(std::move(op));
      case LogicalOperatorType::kJoin:
        return PushJoin(std::move(op));
      case LogicalOperatorType::kSetOperation: {
        for (auto& child : op->children) child = Push(std::move(child));
        op->types.insert(op->types.end(), domain_types_.begin(), domain_types_.end());
        return op;
      }
      case LogicalOperatorType::kLimit:
        return PushLimit(std::move(op));
      default:
        throw Error(ErrorCode::kNotSupported,
                    "not supported: correlated subquery of this form (" + op->name() + ")");
    }
  }

 private:
  // LIMIT/OFFSET applies per outer row: the rows of each domain value are numbered (row_number()
  // partitioned by the domain, in the order of an ORDER BY right below the limit) and those in
  // (offset, offset + limit] are kept.
  LogicalOperatorPtr PushLimit(LogicalOperatorPtr op) {
    auto& limit = static_cast<LogicalLimit&>(*op);
    LogicalOperatorPtr input = std::move(op->children[0]);
    std::vector<exec::SortKey> orders;
    if (input->type == LogicalOperatorType::kOrder) {
      orders = std::move(static_cast<LogicalOrder&>(*input).orders);
      input = std::move(input->children[0]);
    }
    size_t input_width = input->types.size();
    input = Push(std::move(input));
    for (auto& key : orders) RemapCorrelated(*key.expression, input_width);
    auto window = std::make_unique<LogicalWindow>();
    for (size_t i = 0; i < width_; ++i) {
      window->partitions.push_back(MakeColumnRef(input_width + i, domain_types_[i]));
    }
    window->orders = std::move(orders);
    exec::WindowExpression row_number;
    row_number.kind = exec::WindowFunctionKind::kRowNumber;
    row_number.return_type = TypeId::kBigint;
    row_number.name = "row_number";
    window->functions.push_back(std::move(row_number));
    size_t number = input->types.size();
    window->types = input->types;
    window->types.push_back(TypeId::kBigint);
    window->children.push_back(std::move(input));
    auto bound = [number](const char* comparison, int64_t value) {
      std::vector<exec::ExpressionPtr> arguments;
      arguments.push_back(MakeColumnRef(number, TypeId::kBigint));
      arguments.push_back(MakeConstantExpression(exec::Value::Bigint(value)));
      return CallBuiltin(comparison, std::move(arguments));
    };
    auto filter = std::make_unique<LogicalFilter>();
    if (limit.offset > 0) filter->conditions.push_back(bound(">", limit.offset));
    if (limit.limit >= 0) filter->conditions.push_back(bound("<=", limit.offset + limit.limit));
    if (filter->conditions.empty()) return Project(std::move(window), Range(0, number));
    filter->types = window->types;
    filter->children.push_back(std::move(window));
    return Project(std::move(filter), Range(0, number));
  }

  LogicalOperatorPtr MakeJoin(JoinType type, LogicalOperatorPtr left, LogicalOperatorPtr right) {
    auto join = std::make_unique<LogicalJoin>();
    join->join_type = type;
    join->types = left->types;
    join->types.insert(join->types.end(), right->types.begin(), right->types.end());
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    return join;
  }

  // Null-safe equality of the domain copies at [left_base, +width) and [right_base, +width).
  void AddDomainEquality(LogicalJoin& join, size_t left_base, size_t right_base) {
    for (size_t i = 0; i < width_; ++i) {
      AddNullSafeEquality(MakeColumnRef(left_base + i, domain_types_[i]),
                          MakeColumnRef(right_base + i, domain_types_[i]), join.conditions);
    }
  }

  LogicalOperatorPtr PushAggregate(LogicalOperatorPtr op) {
    auto& aggregate = static_cast<LogicalAggregate&>(*op);
    size_t input_width = op->children[0]->types.size();
    op->children[0] = Push(std::move(op->children[0]));
    RemapOwn(*op, input_width);
    size_t group_count = aggregate.groups.size();
    size_t aggregate_count = aggregate.aggregates.size();
    bool scalar = group_count == 0;
    for (size_t i = 0; i < width_; ++i) {
      aggregate.groups.push_back(MakeColumnRef(input_width + i, domain_types_[i]));
    }
    std::vector<LogicalType> types;
    for (const auto& group : aggregate.groups) types.push_back(group->type);
    for (const auto& call : aggregate.aggregates) types.push_back(call.return_type);
    op->types = types;
    if (!scalar) {
      // [groups, domain, aggregates] -> [groups, aggregates, domain]
      std::vector<size_t> order = Range(0, group_count);
      for (size_t i = 0; i < aggregate_count; ++i) order.push_back(group_count + width_ + i);
      for (size_t i = 0; i < width_; ++i) order.push_back(group_count + i);
      return Project(std::move(op), order);
    }
    // A scalar aggregate yields one row even for an empty input: left join it from the domain,
    // and give count()s of missing rows 0.
    std::vector<LogicalType> call_types;
    std::vector<bool> counts;
    for (const auto& call : aggregate.aggregates) {
      call_types.push_back(call.return_type);
      counts.push_back(call.function->name == "count" || call.function->name == "count_star");
    }
    auto join = MakeJoin(JoinType::kLeft, make_domain_(), std::move(op));
    AddDomainEquality(static_cast<LogicalJoin&>(*join), 0, width_);
    auto projection = std::make_unique<LogicalProjection>();
    for (size_t i = 0; i < aggregate_count; ++i) {
      auto value = MakeColumnRef(2 * width_ + i, call_types[i]);
      if (counts[i]) value = CoalesceZero(std::move(value));
      projection->expressions.push_back(std::move(value));
      projection->types.push_back(call_types[i]);
    }
    for (size_t i = 0; i < width_; ++i) {
      projection->expressions.push_back(MakeColumnRef(i, domain_types_[i]));
      projection->types.push_back(domain_types_[i]);
    }
    projection->children.push_back(std::move(join));
    return projection;
  }

  LogicalOperatorPtr PushJoin(LogicalOperatorPtr op) {
    auto& join = static_cast<LogicalJoin&>(*op);
    if (!join.left_keys.empty() ||
        (join.join_type != JoinType::kInner && join.join_type != JoinType::kLeft)) {
      throw Error(ErrorCode::kNotSupported,
                  "not supported: correlated subquery reading outer columns inside a " +
                      std::string(exec::JoinTypeName(join.join_type)) + " join");
    }
    size_t left_width = op->children[0]->types.size();
    size_t right_width = op->children[1]->types.size();
    bool right_correlated = IsCorrelated(*op->children[1]);
    op->children[0] = Push(std::move(op->children[0]));
    if (right_correlated) op->children[1] = Push(std::move(op->children[1]));
    // Old layout left ++ right -> new layout left ++ domain ++ right [++ domain].
    for (auto& condition : join.conditions) {
      VisitColumnRefs(*condition, [&](exec::BoundExpression& ref) {
        if (IsCorrelatedIndex(ref.column_index)) {
          ref.column_index = left_width + (ref.column_index - kCorrelatedColumnBase);
        } else if (ref.column_index >= left_width) {
          ref.column_index += width_;
        }
      });
    }
    if (right_correlated) AddDomainEquality(join, left_width, left_width + width_ + right_width);
    op->types = op->children[0]->types;
    op->types.insert(op->types.end(), op->children[1]->types.begin(),
                     op->children[1]->types.end());
    std::vector<size_t> order = Range(0, left_width);
    for (size_t i = 0; i < right_width; ++i) order.push_back(left_width + width_ + i);
    for (size_t i = 0; i < width_; ++i) order.push_back(left_width + i);
    return Project(std::move(op), order);
  }

  const std::function<LogicalOperatorPtr()>& make_domain_;
  const std::vector<LogicalType>& domain_types_;
  size_t width_;
};

template <class T>
std::unique_ptr<T> CopyBase(const LogicalOperator& op) {
  auto copy = std::make_unique<T>();
  copy->types = op.types;
  copy->estimated_cardinality = op.estimated_cardinality;
  for (const auto& child : op.children) copy->children.push_back(CopyPlan(*child));
  return copy;
}

std::vector<exec::ExpressionPtr> CopyAll(const std::vector<exec::ExpressionPtr>& expressions) {
  std::vector<exec::ExpressionPtr> result;
  for (const auto& expression : expressions) result.push_back(expression->Copy());
  return result;
}

}  // namespace

bool IsCorrelated(const LogicalOperator& plan) {
  auto& op = const_cast<LogicalOperator&>(plan);  // ForEachExpression only reads here
  if (OwnExpressionsCorrelated(op)) return true;
  for (const auto& child : plan.children) {
    if (IsCorrelated(*child)) return true;
  }
  return false;
}

void RenumberCorrelated(LogicalOperator& plan, const std::vector<size_t>& mapping) {
  ForEachExpression(plan, [&](exec::ExpressionPtr& expression) {
    VisitColumnRefs(*expression, [&](exec::BoundExpression& ref) {
      if (IsCorrelatedIndex(ref.column_index)) {
        ref.column_index = kCorrelatedColumnBase + mapping[ref.column_index - kCorrelatedColumnBase];
      }
    });
  });
  for (auto& child : plan.children) RenumberCorrelated(*child, mapping);
}

LogicalOperatorPtr PushDomain(LogicalOperatorPtr plan,
                              const std::function<LogicalOperatorPtr()>& make_domain,
                              const std::vector<LogicalType>& domain_types) {
  DomainPusher pusher(make_domain, domain_types);
  return pusher.Push(std::move(plan));
}

LogicalOperatorPtr CopyPlan(const LogicalOperator& op) {
  switch (op.type) {
    case LogicalOperatorType::kGet: {
      const auto& get = static_cast<const LogicalGet&>(op);
      auto copy = CopyBase<LogicalGet>(op);
      copy->source = get.reopen ? get.reopen() : get.source;
      copy->reopen = get.reopen;
      copy->table = get.table;
      copy->column_ids = get.column_ids;
      copy->column_names = get.column_names;
      return copy;
    }
    case LogicalOperatorType::kValues: {
      auto copy = CopyBase<LogicalValues>(op);
      copy->rows = static_cast<const LogicalValues&>(op).rows;
      return copy;
    }
    case LogicalOperatorType::kFilter: {
      auto copy = CopyBase<LogicalFilter>(op);
      copy->conditions = CopyAll(static_cast<const LogicalFilter&>(op).conditions);
      return copy;
    }
    case LogicalOperatorType::kProjection: {
      auto copy = CopyBase<LogicalProjection>(op);
      copy->expressions = CopyAll(static_cast<const LogicalProjection&>(op).expressions);
      return copy;
    }
    case LogicalOperatorType::kAggregate: {
      const auto& aggregate = static_cast<const LogicalAggregate&>(op);
      auto copy = CopyBase<LogicalAggregate>(op);
      copy->groups = CopyAll(aggregate.groups);
      for (const auto& call : aggregate.aggregates) {
        BoundAggregate call_copy;
        call_copy.function = call.function;
        call_copy.arguments = CopyAll(call.arguments);
        call_copy.bind_data = call.bind_data;
        call_copy.return_type = call.return_type;
        call_copy.distinct = call.distinct;
        copy->aggregates.push_back(std::move(call_copy));
      }
      return copy;
    }
    case LogicalOperatorType::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(op);
      auto copy = CopyBase<LogicalJoin>(op);
      copy->join_type = join.join_type;
      copy->left_keys = CopyAll(join.left_keys);
      copy->right_keys = CopyAll(join.right_keys);
      copy->conditions = CopyAll(join.conditions);
      return copy;
    }
    case LogicalOperatorType::kOrder: {
      auto copy = CopyBase<LogicalOrder>(op);
      for (const auto& key : static_cast<const LogicalOrder&>(op).orders) {
        exec::SortKey key_copy;
        key_copy.expression = key.expression->Copy();
        key_copy.descending = key.descending;
        key_copy.nulls = key.nulls;
        copy->orders.push_back(std::move(key_copy));
      }
      return copy;
    }
    case LogicalOperatorType::kLimit: {
      const auto& limit = static_cast<const LogicalLimit&>(op);
      auto copy = CopyBase<LogicalLimit>(op);
      copy->limit = limit.limit;
      copy->offset = limit.offset;
      return copy;
    }
    case LogicalOperatorType::kDistinct:
      return CopyBase<LogicalDistinct>(op);
    case LogicalOperatorType::kSetOperation: {
      auto copy = CopyBase<LogicalSetOperation>(op);
      copy->set_type = static_cast<const LogicalSetOperation&>(op).set_type;
      return copy;
    }
  }
  TARN_CHECK(false);
  return nullptr;
}

}  // namespace tarn::sql
