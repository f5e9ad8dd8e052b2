// What the PostgreSQL and SQLite scans share: a DatabaseScan that reads one snapshot of a table
// through one connection as a single morsel (one cursor, read by one thread at a time), with
// progress counted in rows against the source's row estimate. A backend opens its connection and
// fills the schema in its constructor, then supplies the cursor: OpenCursor, FetchRows, CloseCursor.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "format/database_scan.h"

namespace tarn::format {

class DatabaseCursorScan : public DatabaseScan {
 public:
  const std::vector<ColumnSchema>& schema() const override { return schema_; }
  void SetProjection(std::vector<size_t> columns) override { projection_ = std::move(columns); }
  std::unique_ptr<LocalState> CreateLocalState() const override {
    return std::make_unique<LocalState>();
  }
  // The one morsel (index 0): opens the cursor unless no row can qualify.
  bool NextMorsel(LocalState& state, int64_t& morsel_index) const final;
  bool ReadChunk(LocalState& state, exec::DataChunk& chunk) const final;
  std::optional<uint64_t> EstimatedRows() const override { return estimated_rows_; }
  double Progress() const override;
  const std::optional<std::string>& upper_bound() const override { return upper_bound_; }
  LogicalType incremental_type() const override { return incremental_type_; }

 protected:
  // The cursor calls run under a mutex: one at a time, from any thread.
  // Starts reading the projected columns (projection_) of the snapshot's rows.
  virtual void OpenCursor() const = 0;
  // Stores up to kVectorSize rows into 'chunk' (its columns are the projection) and returns how
  // many; sets 'at_end' when no row follows them. Rows before this call: rows_read().
  virtual size_t FetchRows(exec::DataChunk& chunk, bool& at_end) const = 0;
  // After the last row: closes the cursor and ends the read transaction.
  virtual void CloseCursor() const = 0;

  // Projects every column of schema_ (call once schema_ is filled).
  void ProjectAll();
  // The index of column 'name' in schema_: an exact match, else one that differs only in case.
  std::optional<size_t> FindColumn(const std::string& name) const;
  int64_t rows_read() const { return rows_read_; }

  std::vector<ColumnSchema> schema_;
  std::vector<size_t> projection_;
  std::optional<uint64_t> estimated_rows_;
  size_t incremental_index_ = 0;
  LogicalType incremental_type_;
  std::optional<std::string> upper_bound_;
  bool empty_ = false;  // incremental and nothing above the lower bound: no cursor is opened

 private:
  mutable std::atomic<bool> claimed_{false};
  mutable std::mutex mutex_;  // the connection
  mutable bool finished_ = false;
  mutable int64_t rows_read_ = 0;
  mutable std::atomic<int64_t> rows_progress_{0};
  mutable std::atomic<bool> done_{false};
};

}  // namespace tarn::format
