#include "exec/operator/union_all.h"

#include "common/error.h"

namespace tarn::exec {

namespace {

std::vector<LogicalType> FirstChildTypes(const std::vector<PhysicalOperatorPtr>& children) {
  TARN_CHECK(!children.empty());
  return children[0]->types();
}

uint64_t SumCardinality(const std::vector<PhysicalOperatorPtr>& children) {
  uint64_t total = 0;
  for (const auto& child : children) total += child->estimated_cardinality();
  return total;
}

}  // namespace

UnionAll::UnionAll(std::vector<PhysicalOperatorPtr> children)
    : PhysicalOperator(PhysicalOperatorType::kUnionAll, FirstChildTypes(children),
                       SumCardinality(children)) {
  for (auto& child : children) {
    TARN_CHECK(child->types() == types());
    AddChild(std::move(child));
  }
}

}  // namespace tarn::exec
