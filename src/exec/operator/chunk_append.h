// Row copying between batches for operators that keep or rebuild rows (collectors, sorts, joins).
// Copies are deep: string bytes go into the target vector's arena, so targets own their memory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Writes rows rows[0..count) (vector indexes into 'source'; 0..count-1 when 'rows' is null) of
// 'source' into rows [offset, offset + count) of 'target'. 'target' must be flat, writable (Reset)
// and of the same type; constants in 'source' are expanded. offset + count <= kVectorSize.
void AppendColumn(const Vector& source, const uint32_t* rows, size_t count, Vector& target,
                  size_t offset);

// Appends rows rows[0..count) of 'source' after target.physical_size() (column by column) and grows
// target's physical size. 'target' has no selection and room for 'count' more rows.
void AppendRows(const DataChunk& source, const uint32_t* rows, size_t count, DataChunk& target);

// Makes 'target' a deep, compact copy of the live rows of 'source' (types, morsel index included).
void CopyChunk(const DataChunk& source, DataChunk& target);

// Approximate bytes a compact chunk holds (values plus string bytes), for memory accounting.
size_t ChunkBytes(const DataChunk& chunk);

}  // namespace tarn::exec
