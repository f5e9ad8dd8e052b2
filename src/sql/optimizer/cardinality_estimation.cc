// Rule: rough row-count estimates, bottom-up, for EXPLAIN and join ordering.
#include <algorithm>
#include <cmath>

#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {
constexpr uint64_t kUnknownRows = 10000;
}

void EstimateCardinalities(LogicalOperator& plan) {
  for (auto& child : plan.children) EstimateCardinalities(*child);
  uint64_t input = plan.children.empty() ? 1 : plan.children[0]->estimated_cardinality;
  switch (plan.type) {
    case LogicalOperatorType::kGet: {
      auto& get = static_cast<LogicalGet&>(plan);
      if (get.table != nullptr) {
        plan.estimated_cardinality = get.table->row_count();
      } else {
        plan.estimated_cardinality = get.source->EstimatedRows().value_or(kUnknownRows);
      }
      break;
    }
    case LogicalOperatorType::kValues:
      plan.estimated_cardinality = static_cast<LogicalValues&>(plan).rows.size();
      break;
    case LogicalOperatorType::kFilter:
      plan.estimated_cardinality = std::max<uint64_t>(1, input / 5);
      break;
    case LogicalOperatorType::kAggregate: {
      auto& aggregate = static_cast<LogicalAggregate&>(plan);
      // Without statistics: about sqrt(input) groups per key, capped by the input.
      double groups = 1;
      for (size_t i = 0; i < aggregate.groups.size(); ++i) groups *= std::sqrt(static_cast<double>(input));
      plan.estimated_cardinality =
          std::max<uint64_t>(1, std::min<uint64_t>(input, static_cast<uint64_t>(groups)));
      break;
    }
    case LogicalOperatorType::kDistinct:
      plan.estimated_cardinality = std::max<uint64_t>(1, input / 2);
      break;
    case LogicalOperatorType::kJoin: {
      auto& join = static_cast<LogicalJoin&>(plan);
      uint64_t left = plan.children[0]->estimated_cardinality;
      uint64_t right = plan.children[1]->estimated_cardinality;
      if (!join.left_keys.empty()) {
        plan.estimated_cardinality = std::max(left, right);
      } else if (join.conditions.empty()) {
        plan.estimated_cardinality = left * std::max<uint64_t>(1, right);
      } else {
        plan.estimated_cardinality = std::max<uint64_t>(1, left * std::max<uint64_t>(1, right) / 5);
      }
      break;
    }
    case LogicalOperatorType::kLimit: {
      auto& limit = static_cast<LogicalLimit&>(plan);
      uint64_t rows = input > static_cast<uint64_t>(limit.offset) ? input - limit.offset : 0;
      if (limit.limit >= 0) rows = std::min<uint64_t>(rows, limit.limit);
      plan.estimated_cardinality = rows;
      break;
    }
    case LogicalOperatorType::kSetOperation: {
      uint64_t total = 0;
      for (auto& child : plan.children) total += child->estimated_cardinality;
      plan.estimated_cardinality = total;
      break;
    }
    default:
      plan.estimated_cardinality = input;
      break;
  }
}

}  // namespace tarn::sql
