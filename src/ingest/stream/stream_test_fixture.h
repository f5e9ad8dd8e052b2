// Shared fixture of the stream tests: a temporary data directory with a real (encrypted) lake, a
// StreamManager over it, and SQL read-back through sql::Session.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "catalog/lake.h"
#include "common/error.h"
#include "exec/vector/value.h"
#include "ingest/stream/stream_manager.h"
#include "sql/session/session.h"

namespace tarn::ingest {

inline catalog::ColumnDef Column(std::string name, LogicalType type, bool nullable = true,
                                 std::string description = "") {
  catalog::ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  column.nullable = nullable;
  column.description = std::move(description);
  return column;
}

class StreamTestDirectory {
 public:
  StreamTestDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tarn-stream-XXXXXX").string();
    TARN_CHECK(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~StreamTestDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class StreamTest : public ::testing::Test {
 protected:
  storage::LakeOptions LakeOptionsFor() const {
    storage::LakeOptions options;
    options.data_dir = directory_.path() + "/data";
    options.key_file = directory_.path() + "/master.key";
    return options;
  }
  StreamManagerOptions ManagerOptions() const {
    StreamManagerOptions options;
    options.data_dir = directory_.path() + "/data";
    options.sync = false;
    return options;
  }
  // Opens the lake and a manager (closing any open one first).
  void Open(StreamManagerOptions options) {
    manager_.reset();
    lake_.reset();
    lake_ = catalog::OpenLake(LakeOptionsFor());
    manager_ = StreamManager::Open(std::move(options), lake_, *lake_->store->keyring());
  }
  void Open() { Open(ManagerOptions()); }

  // Rows of 'sql' over the lake, each "v1|v2|...", NULL as "NULL".
  std::vector<std::string> Rows(const std::string& sql) {
    sql::SessionOptions options;
    options.threads = 1;
    options.lake = sql::LakeAccess{};
    options.lake->shared = lake_;
    sql::Session session(std::move(options));
    sql::QueryResult result = session.Query(sql);
    std::vector<std::string> rows;
    for (size_t row = 0; row < result.row_count(); ++row) {
      std::string text;
      for (size_t column = 0; column < result.column_names.size(); ++column) {
        if (column > 0) text += '|';
        exec::Value value = result.GetValue(column, row);
        text += value.is_null() ? "NULL" : value.ToString();
      }
      rows.push_back(std::move(text));
    }
    return rows;
  }

  StreamTestDirectory directory_;
  std::shared_ptr<catalog::Lake> lake_;
  std::unique_ptr<StreamManager> manager_;
};

}  // namespace tarn::ingest
