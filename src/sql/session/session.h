// The entry point from a front end (CLI, slt runner, later the HTTP and pgwire servers) into the
// engine: SQL text in, typed batches out. parse -> bind -> plan -> execute.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn {
class ThreadPool;
}

namespace tarn::sql {

struct SessionOptions {
  size_t threads = 0;             // 0 = all hardware threads
  uint64_t memory_limit = 0;      // bytes; 0 = 80% of physical memory
  // Called from the executing thread with a fraction in [0,1] while long queries run (may be null).
  std::function<void(double fraction)> progress;
};

// The rows of one statement, fully materialized in batches (in result order).
struct QueryResult {
  std::vector<std::string> column_names;
  std::vector<LogicalType> column_types;
  std::vector<exec::DataChunk> chunks;  // compact (no selection)
  // For statements without a result set (CREATE, INSERT...): a tag such as "INSERT 3".
  std::string status;
  double elapsed_seconds = 0;

  size_t row_count() const;
  exec::Value GetValue(size_t column, size_t row) const;  // slow; tests and printing only
};

class Session {
 public:
  explicit Session(SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs one or more ';'-separated statements and returns the result of each. 'params' bind $1, $2...
  // Throws tarn::Error (with a query offset for parse/bind errors) on the first failing statement.
  std::vector<QueryResult> Execute(const std::string& sql, const std::vector<exec::Value>& params = {});
  // Runs a single statement (convenience for tests): the last result.
  QueryResult Query(const std::string& sql, const std::vector<exec::Value>& params = {});

  const SessionOptions& options() const { return options_; }

 private:
  struct State;
  SessionOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace tarn::sql
