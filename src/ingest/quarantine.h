// Rows an ingest rejected (--on-error quarantine): collected from the scanning threads, given line
// numbers, and written to the table <t>__quarantine with columns source_file, line, reason,
// raw_row, so nothing the source held is silently lost.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/table/table_writer.h"
#include "format/scan_source.h"

namespace tarn::ingest {

struct QuarantinedRow {
  std::string source_file;
  int64_t line = 0;  // 1-based line where the row starts
  std::string reason;
  std::string raw_row;
  uint64_t offset = 0;  // byte offset in the (decompressed) file
};

// The columns of a quarantine table.
std::vector<catalog::ColumnDef> QuarantineColumns();

// Thread-safe collection; Handler() is what ScanSource::SetRejectHandler takes.
class Quarantine {
 public:
  format::RejectHandler Handler();
  // Sorts the rows by file and offset and fills in line numbers (one pass over each file that has
  // rejected rows). Call after scanning. Throws Error(kIoError) when a file cannot be re-read.
  std::vector<QuarantinedRow> TakeRows();

 private:
  std::mutex mutex_;
  std::vector<QuarantinedRow> rows_;
};

// Appends 'rows' to 'writer' (whose columns are QuarantineColumns()).
void WriteQuarantineRows(const std::vector<QuarantinedRow>& rows, catalog::TableWriter& writer);

}  // namespace tarn::ingest
