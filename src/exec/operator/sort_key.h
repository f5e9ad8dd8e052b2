// The row order of ORDER BY keys, shared by the operators that sort rows (sort/top-n, window):
// typed value comparison, then NULL placement and direction per key.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// One ORDER BY key over a column of stored chunks.
struct SortKeyColumn {
  size_t column;  // in the stored chunks
  TypeId type;
  bool descending;
  bool nulls_first;
};

template <class T>
inline int CompareOrdered(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// <0, 0, >0 for non-NULL values of one type: doubles -inf < ... < inf < NaN, strings byte-wise.
inline int CompareSortValues(TypeId type, const Vector& a, size_t a_row, const Vector& b,
                             size_t b_row) {
  switch (type) {
    case TypeId::kBoolean:
      return CompareOrdered(a.data<uint8_t>()[a_row], b.data<uint8_t>()[b_row]);
    case TypeId::kInteger:
    case TypeId::kDate:
      return CompareOrdered(a.data<int32_t>()[a_row], b.data<int32_t>()[b_row]);
    case TypeId::kBigint:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      return CompareOrdered(a.data<int64_t>()[a_row], b.data<int64_t>()[b_row]);
    case TypeId::kDouble: {
      double x = a.data<double>()[a_row];
      double y = b.data<double>()[b_row];
      bool x_nan = std::isnan(x);
      bool y_nan = std::isnan(y);
      if (x_nan || y_nan) return x_nan == y_nan ? 0 : (x_nan ? 1 : -1);  // NaN sorts last
      return CompareOrdered(x, y);
    }
    case TypeId::kVarchar:
      return a.data<StringRef>()[a_row].Compare(b.data<StringRef>()[b_row]);
    default:
      return 0;
  }
}

// <0, 0, >0 as row 'row_a' of 'a' sorts before, with, after row 'row_b' of 'b' under 'keys'.
inline int CompareSortKeys(const std::vector<SortKeyColumn>& keys, const DataChunk& a,
                           size_t row_a, const DataChunk& b, size_t row_b) {
  for (const SortKeyColumn& key : keys) {
    const Vector& va = a.column(key.column);
    const Vector& vb = b.column(key.column);
    bool null_a = !va.validity().IsValid(row_a);
    bool null_b = !vb.validity().IsValid(row_b);
    if (null_a || null_b) {
      if (null_a && null_b) continue;
      return null_a == key.nulls_first ? -1 : 1;
    }
    int result = CompareSortValues(key.type, va, row_a, vb, row_b);
    if (result != 0) return key.descending ? -result : result;
  }
  return 0;
}

}  // namespace tarn::exec
