// UNION ALL: the rows of each child, child after child. The executor runs each child as its own
// pipeline into the operators above the union; this class only carries the plan shape.
#pragma once

#include <vector>

#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// No role of its own (see physical_operator.h). Children must have the output types of the first
// child (the binder casts). Rows of child 0 come before those of child 1 in morsel order.
class UnionAll : public PhysicalOperator {
 public:
  explicit UnionAll(std::vector<PhysicalOperatorPtr> children);

  std::string name() const override { return "UNION_ALL"; }
};

}  // namespace tarn::exec
