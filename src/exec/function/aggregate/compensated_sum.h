// A Neumaier (improved Kahan) running sum of doubles: sum(DOUBLE) and avg(DOUBLE) lose no more
// than one rounding to the order of the input, and merging partial sums keeps the compensation.
#pragma once

#include <cmath>
#include <cstdint>

namespace tarn::exec {

struct CompensatedSum {
  double sum = 0;
  double compensation = 0;  // low-order bits lost by 'sum'

  void Add(double value) {
    double total = sum + value;
    // Which operand lost bits depends on magnitude; a select, not a branch.
    double lost = std::fabs(sum) >= std::fabs(value) ? (sum - total) + value : (value - total) + sum;
    compensation += lost;
    sum = total;
  }
  void Merge(const CompensatedSum& other) {
    Add(other.sum);
    compensation += other.compensation;
  }
  double Value() const { return sum + compensation; }
};

}  // namespace tarn::exec
