// Rule: remove the columns nobody reads, top-down. Scans end up reading only the columns the query
// uses (for the seed job: value1, value2, value3, category — never id).
#include "common/error.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

using Mapping = std::vector<int64_t>;  // old output column -> new output column, -1 = removed

void MarkUsed(const exec::BoundExpression& expression, std::vector<bool>& required) {
  std::vector<size_t> columns;
  CollectColumnRefs(expression, columns);
  for (size_t column : columns) required[column] = true;
}

void Remap(exec::BoundExpression& expression, const Mapping& mapping) {
  VisitColumnRefs(expression, [&](exec::BoundExpression& ref) {
    TARN_CHECK(mapping[ref.column_index] >= 0);
    ref.column_index = static_cast<size_t>(mapping[ref.column_index]);
  });
}

Mapping Identity(size_t width) {
  Mapping mapping(width);
  for (size_t i = 0; i < width; ++i) mapping[i] = static_cast<int64_t>(i);
  return mapping;
}

Mapping Prune(LogicalOperator& op, std::vector<bool> required);

// For operators whose output is their child's output (filter, order, limit).
Mapping PrunePassThrough(LogicalOperator& op, std::vector<bool> required) {
  ForEachExpression(op, [&](exec::ExpressionPtr& expression) { MarkUsed(*expression, required); });
  Mapping mapping = Prune(*op.children[0], std::move(required));
  ForEachExpression(op, [&](exec::ExpressionPtr& expression) { Remap(*expression, mapping); });
  op.types = op.children[0]->types;
  return mapping;
}

Mapping Prune(LogicalOperator& op, std::vector<bool> required) {
  switch (op.type) {
    case LogicalOperatorType::kGet: {
      auto& get = static_cast<LogicalGet&>(op);
      bool any = false;
      for (bool used : required) any = any || used;
      if (!any && !required.empty()) required[0] = true;  // count(*) still needs rows
      Mapping mapping(required.size(), -1);
      std::vector<size_t> ids;
      std::vector<std::string> names;
      std::vector<LogicalType> types;
      for (size_t i = 0; i < required.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int64_t>(ids.size());
        ids.push_back(get.column_ids[i]);
        names.push_back(get.column_names[i]);
        types.push_back(get.types[i]);
      }
      get.column_ids = std::move(ids);
      get.column_names = std::move(names);
      get.types = std::move(types);
      return mapping;
    }
    case LogicalOperatorType::kFilter:
    case LogicalOperatorType::kOrder:
    case LogicalOperatorType::kLimit:
      return PrunePassThrough(op, std::move(required));
    case LogicalOperatorType::kProjection: {
      auto& projection = static_cast<LogicalProjection&>(op);
      Mapping mapping(required.size(), -1);
      std::vector<exec::ExpressionPtr> kept;
      std::vector<LogicalType> types;
      for (size_t i = 0; i < projection.expressions.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int64_t>(kept.size());
        types.push_back(projection.expressions[i]->type);
        kept.push_back(std::move(projection.expressions[i]));
      }
      projection.expressions = std::move(kept);
      projection.types = std::move(types);
      std::vector<bool> child_required(op.children[0]->types.size(), false);
      for (auto& expression : projection.expressions) MarkUsed(*expression, child_required);
      Mapping child = Prune(*op.children[0], std::move(child_required));
      for (auto& expression : projection.expressions) Remap(*expression, child);
      return mapping;
    }
    case LogicalOperatorType::kAggregate: {
      auto& aggregate = static_cast<LogicalAggregate&>(op);
      size_t group_count = aggregate.groups.size();
      Mapping mapping = Identity(group_count);
      mapping.resize(required.size(), -1);
      std::vector<BoundAggregate> kept;
      for (size_t i = 0; i < aggregate.aggregates.size(); ++i) {
        // An ungrouped aggregate must keep one column so it still outputs its single row.
        bool keep = required[group_count + i] || (group_count == 0 && kept.empty() &&
                                                  i + 1 == aggregate.aggregates.size());
        if (!keep) continue;
        mapping[group_count + i] = static_cast<int64_t>(group_count + kept.size());
        kept.push_back(std::move(aggregate.aggregates[i]));
      }
      aggregate.aggregates = std::move(kept);
      op.types.resize(group_count);
      for (const auto& call : aggregate.aggregates) op.types.push_back(call.return_type);
      std::vector<bool> child_required(op.children[0]->types.size(), false);
      ForEachExpression(op, [&](exec::ExpressionPtr& e) { MarkUsed(*e, child_required); });
      Mapping child = Prune(*op.children[0], std::move(child_required));
      ForEachExpression(op, [&](exec::ExpressionPtr& e) { Remap(*e, child); });
      return mapping;
    }
    case LogicalOperatorType::kJoin: {
      auto& join = static_cast<LogicalJoin&>(op);
      size_t left_width = op.children[0]->types.size();
      size_t right_width = op.children[1]->types.size();
      std::vector<bool> left_required(left_width, false), right_required(right_width, false);
      for (size_t i = 0; i < required.size(); ++i) {
        if (!required[i]) continue;
        if (i < left_width) left_required[i] = true; else right_required[i - left_width] = true;
      }
      for (auto& key : join.left_keys) MarkUsed(*key, left_required);
      for (auto& key : join.right_keys) MarkUsed(*key, right_required);
      std::vector<bool> both(left_width + right_width, false);
      for (auto& condition : join.conditions) MarkUsed(*condition, both);
      for (size_t i = 0; i < both.size(); ++i) {
        if (!both[i]) continue;
        if (i < left_width) left_required[i] = true; else right_required[i - left_width] = true;
      }
      Mapping left = Prune(*op.children[0], std::move(left_required));
      Mapping right = Prune(*op.children[1], std::move(right_required));
      size_t new_left_width = op.children[0]->types.size();
      for (auto& key : join.left_keys) Remap(*key, left);
      for (auto& key : join.right_keys) Remap(*key, right);
      Mapping combined = left;
      for (int64_t target : right) {
        combined.push_back(target < 0 ? -1 : target + static_cast<int64_t>(new_left_width));
      }
      for (auto& condition : join.conditions) Remap(*condition, combined);
      op.types = op.children[0]->types;
      if (join.join_type == JoinType::kSemi || join.join_type == JoinType::kAnti) {
        combined.resize(left_width);
      } else {
        op.types.insert(op.types.end(), op.children[1]->types.begin(), op.children[1]->types.end());
      }
      return combined;
    }
    case LogicalOperatorType::kWindow: {
      // Input columns pass through; functions nobody reads are dropped (one stays, so the
      // operator keeps its shape).
      auto& window = static_cast<LogicalWindow&>(op);
      size_t input_width = op.children[0]->types.size();
      std::vector<exec::WindowExpression> kept;
      Mapping mapping(required.size(), -1);
      for (size_t i = 0; i < window.functions.size(); ++i) {
        bool last_chance = kept.empty() && i + 1 == window.functions.size();
        if (!required[input_width + i] && !last_chance) continue;
        mapping[input_width + i] = static_cast<int64_t>(kept.size());  // shifted below
        kept.push_back(std::move(window.functions[i]));
      }
      window.functions = std::move(kept);
      std::vector<bool> child_required(required.begin(), required.begin() + input_width);
      ForEachExpression(op, [&](exec::ExpressionPtr& e) { MarkUsed(*e, child_required); });
      Mapping child = Prune(*op.children[0], std::move(child_required));
      ForEachExpression(op, [&](exec::ExpressionPtr& e) { Remap(*e, child); });
      size_t new_width = op.children[0]->types.size();
      for (size_t i = 0; i < input_width; ++i) mapping[i] = child[i];
      for (size_t i = input_width; i < mapping.size(); ++i) {
        if (mapping[i] >= 0) mapping[i] += static_cast<int64_t>(new_width);
      }
      op.types = op.children[0]->types;
      for (const auto& function : window.functions) op.types.push_back(function.return_type);
      return mapping;
    }
    default: {
      // DISTINCT, set operations, VALUES: every column matters; prune below them independently.
      for (auto& child : op.children) {
        Mapping mapping = Prune(*child, std::vector<bool>(child->types.size(), true));
        (void)mapping;
      }
      return Identity(op.types.size());
    }
  }
}

}  // namespace

void PushDownProjections(LogicalOperator& plan) {
  Prune(plan, std::vector<bool>(plan.types.size(), true));
}

}  // namespace tarn::sql
