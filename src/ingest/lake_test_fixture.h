// The fixture of the ingest tests: a fresh lake in a temporary directory (removed afterwards) and
// its tables' current rows read back.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "catalog/lake.h"
#include "catalog/table/table_scan.h"
#include "common/error.h"
#include "common/temp_directory.h"

namespace tarn::ingest {

class LakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::LakeOptions options;
    options.data_dir = dir_.path() + "/data";
    options.key_file = dir_.path() + "/master.key";
    lake_ = catalog::OpenLake(options);
  }

  // Every row of database.table's current snapshot, cells joined by '|', sorted.
  std::vector<std::string> TableRows(const std::string& database, const std::string& table) {
    auto info = lake_->catalog->FindTable(database, table);
    TARN_CHECK(info.has_value());
    auto snapshot = lake_->catalog->FindSnapshot(info->id);
    if (!snapshot) return {};
    auto scan = catalog::OpenTableScan(lake_->store->store(), *info,
                                       lake_->catalog->CurrentSchema(info->id),
                                       lake_->catalog->SnapshotFiles(info->id, snapshot->id));
    std::vector<size_t> projection;
    std::vector<LogicalType> types;
    for (size_t i = 0; i < scan->schema().size(); ++i) {
      projection.push_back(i);
      types.push_back(scan->schema()[i].type);
    }
    scan->SetProjection(projection);
    auto state = scan->CreateLocalState();
    exec::DataChunk chunk(types);
    std::vector<std::string> rows;
    int64_t morsel;
    while (scan->NextMorsel(*state, morsel)) {
      while (scan->ReadChunk(*state, chunk)) {
        for (size_t row = 0; row < chunk.size(); ++row) {
          std::string text;
          for (size_t column = 0; column < chunk.column_count(); ++column) {
            if (column > 0) text += '|';
            text += chunk.column(column).GetValue(chunk.RowIndex(row)).ToString();
          }
          rows.push_back(text);
        }
      }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  TempDirectory dir_{"tarn-ingest"};  // destroyed after lake_
  std::unique_ptr<catalog::Lake> lake_;
};

}  // namespace tarn::ingest
