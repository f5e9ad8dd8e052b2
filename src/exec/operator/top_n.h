// ORDER BY ... LIMIT n [OFFSET m]: a sort that keeps only the rows it will output.
#pragma once

#include "exec/operator/sort.h"

namespace tarn::exec {

// Breaker. Same ordering rules as Sort; outputs rows [offset, offset + limit) of the sorted input.
// Each thread keeps at most offset + limit candidate rows per morsel batch, so memory is bounded by
// the limit, not the input.
class TopN : public Sort {
 public:
  TopN(PhysicalOperatorPtr child, std::vector<SortKey> keys, uint64_t limit, uint64_t offset = 0);

  std::string name() const override { return "TOP_N"; }
  std::string ParamsToString() const override;
};

}  // namespace tarn::exec
