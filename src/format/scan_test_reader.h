// For tests of ScanSources: every row of a scan read on one thread as text, checking the morsel
// protocol on the way (dense morsel indexes, chunks tagged with their morsel, an empty chunk when a
// morsel ends).
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exec/vector/data_chunk.h"
#include "format/scan_source.h"

namespace tarn::format {

// Projects 'projection' (default: every column) and reads all morsels in order; each row is its
// cells' Value::ToString joined by '|'.
inline std::vector<std::string> ReadAllRows(ScanSource& source, std::vector<size_t> projection = {}) {
  if (projection.empty()) {
    for (size_t i = 0; i < source.schema().size(); ++i) projection.push_back(i);
  }
  std::vector<LogicalType> types;
  for (size_t column : projection) types.push_back(source.schema()[column].type);
  source.SetProjection(projection);
  std::vector<std::string> rows;
  auto state = source.CreateLocalState();
  exec::DataChunk chunk(types);
  int64_t morsel = -1;
  int64_t previous = -1;
  while (source.NextMorsel(*state, morsel)) {
    EXPECT_EQ(morsel, previous + 1);
    previous = morsel;
    while (source.ReadChunk(*state, chunk)) {
      EXPECT_EQ(chunk.morsel_index(), morsel);
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::string text;
        for (size_t column = 0; column < chunk.column_count(); ++column) {
          if (column > 0) text += '|';
          text += chunk.column(column).GetValue(row).ToString();
        }
        rows.push_back(text);
      }
    }
    EXPECT_EQ(chunk.size(), 0u);
  }
  return rows;
}

}  // namespace tarn::format
