#include "format/database_cursor_scan.h"

#include <strings.h>

#include <algorithm>

namespace tarn::format {

bool DatabaseCursorScan::NextMorsel(LocalState& state, int64_t& morsel_index) const {
  if (claimed_.exchange(true)) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!empty_) OpenCursor();
  morsel_index = 0;
  return true;
}

bool DatabaseCursorScan::ReadChunk(LocalState& state, exec::DataChunk& chunk) const {
  chunk.Reset();
  std::lock_guard<std::mutex> lock(mutex_);
  if (empty_ || finished_) return false;
  bool at_end = false;
  size_t rows = FetchRows(chunk, at_end);
  if (at_end) {
    finished_ = true;
    done_.store(true, std::memory_order_relaxed);
    CloseCursor();
  }
  if (rows == 0) return false;
  rows_read_ += static_cast<int64_t>(rows);
  rows_progress_.store(rows_read_, std::memory_order_relaxed);
  chunk.SetPhysicalSize(rows);
  chunk.set_morsel_index(0);
  return true;
}

double DatabaseCursorScan::Progress() const {
  if (done_.load(std::memory_order_relaxed)) return 1.0;
  if (!estimated_rows_ || *estimated_rows_ == 0) return 0.0;
  return std::min(1.0, static_cast<double>(rows_progress_.load(std::memory_order_relaxed)) /
                           static_cast<double>(*estimated_rows_));
}

void DatabaseCursorScan::ProjectAll() {
  projection_.resize(schema_.size());
  for (size_t i = 0; i < schema_.size(); ++i) projection_[i] = i;
}

std::optional<size_t> DatabaseCursorScan::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (schema_[i].name == name) return i;
  }
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (strcasecmp(schema_[i].name.c_str(), name.c_str()) == 0) return i;
  }
  return std::nullopt;
}

}  // namespace tarn::format
