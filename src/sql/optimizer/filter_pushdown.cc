// Rule: push filter conjuncts toward the scans (through projections, orders, distinct, into join
// sides and below aggregates when they only read group keys).
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

// Splits AND trees into conjuncts.
void SplitConjuncts(exec::ExpressionPtr expression, std::vector<exec::ExpressionPtr>& out) {
  if (expression->kind == exec::ExpressionKind::kAnd) {
    for (auto& child : expression->children) SplitConjuncts(std::move(child), out);
    return;
  }
  out.push_back(std::move(expression));
}

// Puts 'filters' (over op's output) above 'op'.
LogicalOperatorPtr Wrap(LogicalOperatorPtr op, std::vector<exec::ExpressionPtr> filters) {
  if (filters.empty()) return op;
  auto filter = std::make_unique<LogicalFilter>();
  filter->types = op->types;
  filter->conditions = std::move(filters);
  filter->children.push_back(std::move(op));
  return filter;
}

bool IsTrueConstant(const exec::BoundExpression& expression) {
  return expression.kind == exec::ExpressionKind::kConstant && !expression.constant.is_null() &&
         expression.constant.type().id() == TypeId::kBoolean && expression.constant.boolean();
}

LogicalOperatorPtr Push(LogicalOperatorPtr op, std::vector<exec::ExpressionPtr> filters);

void PushChildren(LogicalOperator& op) {
  for (auto& child : op.children) child = Push(std::move(child), {});
}

LogicalOperatorPtr Push(LogicalOperatorPtr op, std::vector<exec::ExpressionPtr> filters) {
  switch (op->type) {
    case LogicalOperatorType::kFilter: {
      // This filter's conjuncts go first: AND short-circuits, so a row it drops never reaches a
      // predicate pushed from above (an access policy's row filter relies on it — an error such a
      // predicate raised on a hidden row would reveal the row).
      auto& filter = static_cast<LogicalFilter&>(*op);
      std::vector<exec::ExpressionPtr> merged;
      for (auto& condition : filter.conditions) {
        std::vector<exec::ExpressionPtr> parts;
        SplitConjuncts(std::move(condition), parts);
        for (auto& part : parts) {
          if (!IsTrueConstant(*part)) merged.push_back(std::move(part));
        }
      }
      for (auto& outer : filters) merged.push_back(std::move(outer));
      return Push(std::move(op->children[0]), std::move(merged));
    }
    case LogicalOperatorType::kProjection: {
      auto& projection = static_cast<LogicalProjection&>(*op);
      std::vector<exec::ExpressionPtr> below;
      for (auto& filter : filters) {
        below.push_back(SubstituteColumns(*filter, projection.expressions));
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(below));
      return op;
    }
    case LogicalOperatorType::kOrder:
    case LogicalOperatorType::kDistinct:
      op->children[0] = Push(std::move(op->children[0]), std::move(filters));
      return op;
    case LogicalOperatorType::kAggregate: {
      auto& aggregate = static_cast<LogicalAggregate&>(*op);
      std::vector<exec::ExpressionPtr> below, above;
      for (auto& filter : filters) {
        // Without groups the aggregate yields one row even for empty input, so nothing may move
        // below it (HAVING false must drop that row, not empty the input).
        if (!aggregate.groups.empty() && ReferencesOnly(*filter, 0, aggregate.groups.size())) {
          below.push_back(SubstituteColumns(*filter, aggregate.groups));
        } else {
          above.push_back(std::move(filter));
        }
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(below));
      return Wrap(std::move(op), std::move(above));
    }
    case LogicalOperatorType::kJoin: {
      auto& join = static_cast<LogicalJoin&>(*op);
      size_t left_width = op->children[0]->types.size();
      size_t width = op->types.size();
      bool inner = join.join_type == JoinType::kInner;
      if (inner) {
        for (auto& condition : join.conditions) {
          std::vector<exec::ExpressionPtr> parts;
          SplitConjuncts(std::move(condition), parts);
          for (auto& part : parts) filters.push_back(std::move(part));
        }
        join.conditions.clear();
      }
      std::vector<exec::ExpressionPtr> left, right, above;
      for (auto& filter : filters) {
        bool left_ok = inner || join.join_type == JoinType::kLeft ||
                       join.join_type == JoinType::kSemi || join.join_type == JoinType::kAnti;
        bool right_ok = inner || join.join_type == JoinType::kRight;
        if (left_ok && ReferencesOnly(*filter, 0, left_width)) {
          left.push_back(std::move(filter));
        } else if (right_ok && ReferencesOnly(*filter, left_width, width)) {
          ShiftColumns(*filter, -static_cast<int64_t>(left_width));
          right.push_back(std::move(filter));
        } else if (inner) {
          join.conditions.push_back(std::move(filter));
        } else {
          above.push_back(std::move(filter));
        }
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(left));
      op->children[1] = Push(std::move(op->children[1]), std::move(right));
      return Wrap(std::move(op), std::move(above));
    }
    default:
      PushChildren(*op);
      return Wrap(std::move(op), std::move(filters));
  }
}

}  // namespace

LogicalOperatorPtr PushDownFilters(LogicalOperatorPtr plan) { return Push(std::move(plan), {}); }

}  // namespace tarn::sql
