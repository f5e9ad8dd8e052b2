// A batch: one Vector per column, a row count, and optionally a selection of the rows that are
// still alive (a filter narrows the selection instead of copying). Operators pass DataChunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exec/vector/selection_vector.h"
#include "exec/vector/vector.h"

namespace tarn::exec {

// Not thread-safe. Reused across batches: Reset() keeps the buffers.
class DataChunk {
 public:
  DataChunk() = default;
  explicit DataChunk(const std::vector<LogicalType>& types) { Initialize(types); }
  DataChunk(const DataChunk&) = delete;
  DataChunk& operator=(const DataChunk&) = delete;
  DataChunk(DataChunk&&) noexcept = default;
  DataChunk& operator=(DataChunk&&) noexcept = default;

  // Creates one vector per type. Row count 0, no selection.
  void Initialize(const std::vector<LogicalType>& types);
  // Resets every vector (see Vector::Reset), row count 0, no selection.
  void Reset();

  size_t column_count() const { return columns_.size(); }
  Vector& column(size_t index) { return columns_[index]; }
  const Vector& column(size_t index) const { return columns_[index]; }
  std::vector<LogicalType> types() const;

  // Number of live rows: the selection's length when there is one, else the physical row count.
  size_t size() const { return selection_ != nullptr ? selected_count_ : row_count_; }
  // Rows stored in the vectors (before selection).
  size_t physical_size() const { return row_count_; }
  void SetPhysicalSize(size_t rows) { row_count_ = rows; }

  // The live rows: null when every physical row is live.
  const uint32_t* selection() const { return selection_; }
  // Narrows the live rows to sel[0..count) (indexes into the vectors). The chunk copies 'sel'.
  void SetSelection(const uint32_t* sel, size_t count);
  void ClearSelection() { selection_ = nullptr; }
  // Index of the i-th live row in the vectors.
  uint32_t RowIndex(size_t i) const { return selection_ != nullptr ? selection_[i] : static_cast<uint32_t>(i); }

  // Copies live rows into dense vectors (constants flattened); afterwards selection() is null.
  void Compact();
  // Shares 'other's vectors, row count and selection (zero copy).
  void Reference(const DataChunk& other);

  // Which morsel of the source these rows came from (for order-preserving, deterministic merges).
  int64_t morsel_index() const { return morsel_index_; }
  void set_morsel_index(int64_t index) { morsel_index_ = index; }

  // Renders the rows as text (tests and debugging).
  std::string ToString() const;

 private:
  std::vector<Vector> columns_;
  size_t row_count_ = 0;
  const uint32_t* selection_ = nullptr;
  size_t selected_count_ = 0;
  SelectionVector owned_selection_;
  int64_t morsel_index_ = -1;
};

}  // namespace tarn::exec
