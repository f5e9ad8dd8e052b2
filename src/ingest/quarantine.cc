#include "ingest/quarantine.h"

#include <algorithm>

#include "exec/vector/data_chunk.h"
#include "format/byte_stream.h"

namespace tarn::ingest {

std::vector<catalog::ColumnDef> QuarantineColumns() {
  return {{"source_file", TypeId::kVarchar, true, "the source file the row came from"},
          {"line", TypeId::kBigint, true, "1-based line where the row starts"},
          {"reason", TypeId::kVarchar, true, "why the row was rejected"},
          {"raw_row", TypeId::kVarchar, true, "the row's text as it was in the source"}};
}

format::RejectHandler Quarantine::Handler() {
  return [this](format::RejectedRow row) {
    std::lock_guard lock(mutex_);
    rows_.push_back({std::move(row.file), 0, std::move(row.reason), std::move(row.text), row.offset});
  };
}

std::vector<QuarantinedRow> Quarantine::TakeRows() {
  std::vector<QuarantinedRow> rows;
  {
    std::lock_guard lock(mutex_);
    rows.swap(rows_);
  }
  std::sort(rows.begin(), rows.end(), [](const QuarantinedRow& a, const QuarantinedRow& b) {
    return a.source_file != b.source_file ? a.source_file < b.source_file : a.offset < b.offset;
  });
  std::vector<uint8_t> block(1u << 20);
  for (size_t begin = 0; begin < rows.size();) {
    size_t end = begin;
    while (end < rows.size() && rows[end].source_file == rows[begin].source_file) ++end;
    const std::string& path = rows[begin].source_file;
    auto stream = format::OpenByteStream(path, format::DetectCompression(path), 0);
    int64_t line = 1;
    uint64_t position = 0;  // stream offset of block[0] of the next read
    size_t next = begin;
    while (next < end) {
      size_t got = stream->Read(block.data(), block.size());
      uint64_t block_end = position + got;
      // Rows starting inside this block: count line breaks up to each.
      size_t counted = 0;
      while (next < end && (rows[next].offset < block_end || got == 0)) {
        size_t upto = static_cast<size_t>(std::min<uint64_t>(rows[next].offset, block_end) - position);
        line += std::count(block.data() + counted, block.data() + std::max(upto, counted), '\n');
        counted = std::max(upto, counted);
        rows[next++].line = line;
      }
      line += std::count(block.data() + counted, block.data() + got, '\n');
      position = block_end;
      if (got == 0) break;
    }
    begin = end;
  }
  return rows;
}

void WriteQuarantineRows(const std::vector<QuarantinedRow>& rows, catalog::TableWriter& writer) {
  std::vector<LogicalType> types;
  for (const auto& column : QuarantineColumns()) types.push_back(column.type);
  exec::DataChunk chunk(types);
  for (size_t begin = 0; begin < rows.size(); begin += exec::kVectorSize) {
    size_t count = std::min(rows.size() - begin, exec::kVectorSize);
    chunk.Reset();
    for (size_t i = 0; i < count; ++i) {
      const QuarantinedRow& row = rows[begin + i];
      chunk.column(0).data<StringRef>()[i] = chunk.column(0).AddString(row.source_file);
      chunk.column(1).data<int64_t>()[i] = row.line;
      chunk.column(2).data<StringRef>()[i] = chunk.column(2).AddString(row.reason);
      chunk.column(3).data<StringRef>()[i] = chunk.column(3).AddString(row.raw_row);
    }
    chunk.SetPhysicalSize(count);
    writer.Append(chunk);
  }
}

}  // namespace tarn::ingest
