// Rule: a tree of three or more inner joins without keys (comma joins: FROM a, b, c WHERE ...,
// after filter push-down moved the WHERE conjuncts into the joins) is rebuilt left-deep so that
// each next relation is one connected to the ones already joined by some condition (the smallest
// such, by estimated rows); only when none is connected does a cross product happen. Each
// condition sits at the lowest join that sees all the relations it reads. A projection on top
// restores the original column order.
#include <bit>

#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

constexpr size_t kMaxRelations = 64;

bool IsReorderableJoin(const LogicalOperator& op) {
  if (op.type != LogicalOperatorType::kJoin) return false;
  const auto& join = static_cast<const LogicalJoin&>(op);
  return join.join_type == JoinType::kInner && join.left_keys.empty();
}

size_t CountRelations(const LogicalOperator& op) {
  if (!IsReorderableJoin(op)) return 1;
  return CountRelations(*op.children[0]) + CountRelations(*op.children[1]);
}

struct Relation {
  LogicalOperatorPtr plan;
  size_t offset = 0;  // first column in the original layout
  size_t width = 0;
  uint64_t rows = 0;
};

struct Condition {
  exec::ExpressionPtr expression;  // over the original layout
  uint64_t relations = 0;          // bit i: reads relation i
  bool placed = false;
};

LogicalOperatorPtr Reorder(LogicalOperatorPtr plan);

void Collect(LogicalOperatorPtr op, size_t offset, std::vector<Relation>& relations,
             std::vector<Condition>& conditions) {
  if (!IsReorderableJoin(*op)) {
    Relation relation;
    relation.width = op->types.size();
    relation.plan = Reorder(std::move(op));
    EstimateCardinalities(*relation.plan);
    relation.rows = relation.plan->estimated_cardinality;
    relation.offset = offset;
    relations.push_back(std::move(relation));
    return;
  }
  auto& join = static_cast<LogicalJoin&>(*op);
  for (auto& condition : join.conditions) {
    ShiftColumns(*condition, static_cast<int64_t>(offset));
    conditions.push_back(Condition{std::move(condition), 0, false});
  }
  size_t left_width = op->children[0]->types.size();
  Collect(std::move(op->children[0]), offset, relations, conditions);
  Collect(std::move(op->children[1]), offset + left_width, relations, conditions);
}

LogicalOperatorPtr Rebuild(LogicalOperatorPtr plan) {
  std::vector<LogicalType> original_types = plan->types;
  std::vector<Relation> relations;
  std::vector<Condition> conditions;
  Collect(std::move(plan), 0, relations, conditions);
  auto relation_of = [&](size_t column) {
    for (size_t i = 0; i < relations.size(); ++i) {
      if (column >= relations[i].offset && column < relations[i].offset + relations[i].width) {
        return i;
      }
    }
    return size_t{0};
  };
  for (auto& condition : conditions) {
    std::vector<size_t> columns;
    CollectColumnRefs(*condition.expression, columns);
    for (size_t column : columns) condition.relations |= uint64_t{1} << relation_of(column);
  }
  std::vector<size_t> new_offset(relations.size(), 0);
  uint64_t joined = 0;
  auto connected = [&](size_t candidate) {
    uint64_t bit = uint64_t{1} << candidate;
    for (const auto& condition : conditions) {
      if (!condition.placed && (condition.relations & bit) != 0 &&
          (condition.relations & joined) != 0 && (condition.relations & ~(joined | bit)) == 0) {
        return true;
      }
    }
    return false;
  };
  auto pick = [&]() {
    size_t best = relations.size();
    bool best_connected = false;
    for (size_t i = 0; i < relations.size(); ++i) {
      if ((joined >> i) & 1) continue;
      bool is_connected = joined != 0 && connected(i);
      if (best == relations.size() || (is_connected && !best_connected) ||
          (is_connected == best_connected && relations[i].rows < relations[best].rows)) {
        best = i;
        best_connected = is_connected;
      }
    }
    return best;
  };
  size_t first = pick();
  LogicalOperatorPtr current = std::move(relations[first].plan);
  joined |= uint64_t{1} << first;
  size_t width = relations[first].width;
  for (size_t step = 1; step < relations.size(); ++step) {
    size_t next = pick();
    new_offset[next] = width;
    width += relations[next].width;
    joined |= uint64_t{1} << next;
    auto join = std::make_unique<LogicalJoin>();
    join->types = current->types;
    join->types.insert(join->types.end(), relations[next].plan->types.begin(),
                       relations[next].plan->types.end());
    for (auto& condition : conditions) {
      if (condition.placed || (condition.relations & ~joined) != 0) continue;
      condition.placed = true;
      VisitColumnRefs(*condition.expression, [&](exec::BoundExpression& ref) {
        size_t relation = relation_of(ref.column_index);
        ref.column_index = new_offset[relation] + (ref.column_index - relations[relation].offset);
      });
      join->conditions.push_back(std::move(condition.expression));
    }
    join->children.push_back(std::move(current));
    join->children.push_back(std::move(relations[next].plan));
    current = std::move(join);
  }
  auto projection = std::make_unique<LogicalProjection>();
  for (size_t column = 0; column < original_types.size(); ++column) {
    size_t relation = relation_of(column);
    size_t position = new_offset[relation] + (column - relations[relation].offset);
    projection->expressions.push_back(MakeColumnRef(position, original_types[column]));
  }
  projection->types = original_types;
  projection->children.push_back(std::move(current));
  return projection;
}

LogicalOperatorPtr Reorder(LogicalOperatorPtr plan) {
  if (IsReorderableJoin(*plan)) {
    size_t count = CountRelations(*plan);
    if (count >= 3 && count <= kMaxRelations) return Rebuild(std::move(plan));
  }
  for (auto& child : plan->children) child = Reorder(std::move(child));
  return plan;
}

}  // namespace

LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr plan) { return Reorder(std::move(plan)); }

}  // namespace tarn::sql
