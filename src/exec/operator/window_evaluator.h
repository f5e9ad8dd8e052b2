// Inside the window operator: evaluates window functions over rows that are already sorted by
// partition and order keys, one partition after the other. Used by window.cc only (and its test).
#pragma once

#include <cstdint>
#include <vector>

#include "exec/operator/window.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Rows sorted by (partition keys, order keys): row i is chunks[i / kVectorSize] row
// i % kVectorSize (every chunk but the last holds kVectorSize rows). Borrowed, not owned.
struct SortedWindowRows {
  std::vector<DataChunk>* chunks = nullptr;
  size_t count = 0;
  std::vector<uint8_t> partition_start;  // 1 where a partition begins (row 0 always)
  std::vector<uint8_t> peer_start;       // 1 where a peer group begins (partition starts too)
};

// Writes 'function' of every row into column 'result_column' of the sorted chunks (flat,
// writable). 'argument_columns' are where the function's arguments sit in the chunks. Not
// thread-safe per 'rows'; distinct buckets may be evaluated in parallel. Throws Error as
// Window (window.h) documents.
void EvaluateWindowFunction(const WindowExpression& function,
                            const std::vector<size_t>& argument_columns, size_t result_column,
                            SortedWindowRows& rows);

}  // namespace tarn::exec
