#include "exec/operator/chunk_append.h"

#include <cstring>

#include "common/error.h"

namespace tarn::exec {

namespace {

template <class T>
void Gather(const T* source, bool constant, const uint32_t* rows, size_t count, T* target) {
  if (constant) {
    for (size_t i = 0; i < count; ++i) target[i] = source[0];
  } else if (rows == nullptr) {
    std::memcpy(target, source, count * sizeof(T));
  } else {
    for (size_t i = 0; i < count; ++i) target[i] = source[rows[i]];
  }
}

}  // namespace

void AppendColumn(const Vector& source, const uint32_t* rows, size_t count, Vector& target,
                  size_t offset) {
  TARN_DASSERT(offset + count <= kVectorSize);
  bool constant = source.IsConstant();
  switch (source.type().PhysicalSize()) {
    case 1:
      Gather(source.data<uint8_t>(), constant, rows, count, target.data<uint8_t>() + offset);
      break;
    case 4:
      Gather(source.data<uint32_t>(), constant, rows, count, target.data<uint32_t>() + offset);
      break;
    case 8:
      Gather(source.data<uint64_t>(), constant, rows, count, target.data<uint64_t>() + offset);
      break;
    case 16: {
      const StringRef* in = source.data<StringRef>();
      StringRef* out = target.data<StringRef>() + offset;
      for (size_t i = 0; i < count; ++i) {
        size_t row = constant ? 0 : (rows == nullptr ? i : rows[i]);
        const StringRef& value = in[row];
        if (!source.validity().IsValid(row)) {
          out[i] = StringRef();  // NULL rows may hold garbage; never follow their pointer
        } else {
          out[i] = value.IsInlined() ? value : target.AddString(value.view());
        }
      }
      break;
    }
    default:
      TARN_CHECK(false);
  }
  const ValidityMask& mask = source.validity();
  ValidityMask& out_mask = target.validity();
  if (mask.AllValid()) {
    if (!out_mask.AllValid()) {
      for (size_t i = 0; i < count; ++i) out_mask.SetValid(offset + i);
    }
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    size_t row = constant ? 0 : (rows == nullptr ? i : rows[i]);
    out_mask.Set(offset + i, mask.IsValid(row));
  }
}

void AppendRows(const DataChunk& source, const uint32_t* rows, size_t count, DataChunk& target) {
  size_t offset = target.physical_size();
  TARN_CHECK(target.selection() == nullptr && offset + count <= kVectorSize);
  for (size_t c = 0; c < source.column_count(); ++c) {
    AppendColumn(source.column(c), rows, count, target.column(c), offset);
  }
  target.SetPhysicalSize(offset + count);
}

void CopyChunk(const DataChunk& source, DataChunk& target) {
  std::vector<LogicalType> types = source.types();
  if (target.column_count() != types.size() || target.types() != types) {
    target.Initialize(types);
  } else {
    target.Reset();
  }
  AppendRows(source, source.selection(), source.size(), target);
  target.set_morsel_index(source.morsel_index());
}

size_t ChunkBytes(const DataChunk& chunk) {
  size_t bytes = 0;
  for (size_t c = 0; c < chunk.column_count(); ++c) {
    const Vector& column = chunk.column(c);
    bytes += column.type().PhysicalSize() * chunk.physical_size();
    if (column.type().id() == TypeId::kVarchar) {
      // Strings beyond the inline length live in the arena.
      const StringRef* values = column.data<StringRef>();
      size_t rows = column.IsConstant() ? 1 : chunk.physical_size();
      for (size_t i = 0; i < rows; ++i) {
        if (column.validity().IsValid(i) && !values[i].IsInlined()) bytes += values[i].size();
      }
    }
  }
  return bytes;
}

}  // namespace tarn::exec
