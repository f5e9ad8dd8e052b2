// The entry point from a front end (CLI, slt runner, later the HTTP and pgwire servers) into the
// engine: SQL text in, typed batches out. parse -> bind -> plan -> execute.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

#include "sql/binder/access_control.h"
#include "storage/lake_store.h"

namespace tarn {
class Error;
class ThreadPool;
}
namespace tarn::catalog {
struct Lake;
}

namespace tarn::sql {

struct Statement;
struct QueryResult;

// How a session reaches its lake: opened from 'options' on first use, or one already open and
// shared with other sessions (the server).
struct LakeAccess {
  storage::LakeOptions options;
  std::shared_ptr<catalog::Lake> shared;  // when set, 'options' is unused
  // Called once when the session opens the lake itself (to say that a key file was created, or
  // that the master key is due for rotation).
  std::function<void(catalog::Lake&)> on_open;
};

struct SessionOptions {
  size_t threads = 0;             // 0 = all hardware threads
  uint64_t memory_limit = 0;      // bytes; 0 = 80% of physical memory
  // Called from the executing thread with a fraction in [0,1] while long queries run (may be null).
  std::function<void(double fraction)> progress;
  // When set (from any thread), running statements stop with Error(kInterrupted); may be null.
  // Owned by the caller and must outlive the Session.
  const std::atomic<bool>* cancel_request = nullptr;
  // Returns the value of secret 'name' for SQL's secret('name'), or nullopt when there is none.
  // Front ends set it only for principals allowed to read secrets (today: the local
  // administrator of `tarn sql --data-dir`); null = secret() is refused.
  std::function<std::optional<std::string>(const std::string& name)> secret_lookup;
  // Where named tables live. Unset: in memory, for the session. Set: in the lake (CREATE TABLE
  // persists; t and db.t, information_schema and tarn_snapshots() resolve through its catalog;
  // CREATE TEMP TABLE stays in memory). See docs/lake_sql.md.
  std::optional<LakeAccess> lake;
  // false: statements may read and write lake tables only — file paths ('x.csv'), read_*()
  // table functions (files and databases) and COPY ... TO fail with Error(kPermissionDenied).
  // The server sets it for remote principals; local CLI sessions keep it.
  bool allow_file_access = true;
  // Who is asking: every table, column, statement and secret is checked against it (binder and
  // statements; sql/binder/access_control.h). null = the local administrator, everything allowed.
  std::shared_ptr<AccessControl> access;
  // Table functions a front end adds (the audit log's tarn_audit_log(), server/query/audit_table.h):
  // returns the rows of 'name' (lower case) called with constant 'arguments', or nullopt when
  // 'name' is not one of them. 'access' is the session's (null = local administrator). Asked
  // before the lake's own functions; may be null.
  std::function<std::optional<QueryResult>(const std::string& name,
                                           const std::vector<exec::Value>& arguments,
                                           AccessControl* access)>
      table_functions;
  // Called after each statement Execute runs, with its result or, when it failed, its error
  // (Execute then rethrows it), and the session's 'access' (to take the objects it touched): the
  // front ends audit every statement through it. May be null.
  std::function<void(const Statement& statement, const QueryResult* result, const Error* error,
                     AccessControl* access)>
      on_statement;
};

// The rows of one statement, fully materialized in batches (in result order).
struct QueryResult {
  std::vector<std::string> column_names;
  std::vector<LogicalType> column_types;
  std::vector<exec::DataChunk> chunks;  // compact (no selection)
  // For statements without a result set (CREATE, INSERT...): a tag such as "INSERT 3".
  std::string status;
  // INSERT, UPDATE, DELETE: the rows they changed (-1 for other statements).
  int64_t affected_rows = -1;
  double elapsed_seconds = 0;
  // Bytes the statement read from storage (files, lake objects; compressed and encrypted size).
  uint64_t bytes_scanned = 0;

  size_t row_count() const;
  exec::Value GetValue(size_t column, size_t row) const;  // slow; tests and printing only
};

// How Execute types the values bound to $1, $2 ...
enum class ParameterTyping : uint8_t {
  kTyped,  // each value binds as its own type
  // VARCHAR values are untyped text (the CLI's --param): $n takes the type its use asks for
  // (compared or combined with a typed operand, stored into a column), else the text's type as a
  // literal: '42' INTEGER, '2.5' DECIMAL, '1e3' DOUBLE, anything else VARCHAR.
  kText,
};

// A statement parsed once and run many times with different values for $1, $2 ... (see
// Session::Prepare). Immutable; shareable.
class PreparedStatement {
 public:
  PreparedStatement(std::shared_ptr<const Statement> statement, size_t parameter_count,
                    std::vector<LogicalType> parameter_types);
  // The number of values each execution needs (the highest $n, or the number of declared types).
  size_t parameter_count() const { return parameter_count_; }
  // Types declared with PREPARE name (type, ...) AS; values are cast to them. Empty if none.
  const std::vector<LogicalType>& parameter_types() const { return parameter_types_; }
  const Statement& statement() const { return *statement_; }

 private:
  std::shared_ptr<const Statement> statement_;
  size_t parameter_count_ = 0;
  std::vector<LogicalType> parameter_types_;
};

class Session {
 public:
  explicit Session(SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs one or more ';'-separated statements and returns the result of each. 'params' bind $1, $2...
  // Throws tarn::Error (with a query offset for parse/bind errors) on the first failing statement.
  std::vector<QueryResult> Execute(const std::string& sql, const std::vector<exec::Value>& params = {},
                                   ParameterTyping typing = ParameterTyping::kTyped);
  // Runs a single statement (convenience for tests): the last result.
  QueryResult Query(const std::string& sql, const std::vector<exec::Value>& params = {});

  // Parses one statement (SELECT, VALUES, INSERT, UPDATE, DELETE, EXPLAIN) for repeated runs.
  // Names are resolved at each execution, so tables created later are seen. Throws
  // Error(kSyntaxError) / Error(kNotSupported) at a query offset into 'sql'.
  std::shared_ptr<const PreparedStatement> Prepare(const std::string& sql);
  // Runs 'prepared' with 'params' for $1, $2 ... Throws Error(kInvalidArgument) "wrong number of
  // parameters for prepared statement" when params.size() differs from parameter_count(), the cast
  // error of a value that does not convert to its declared type, and otherwise what the statement
  // throws (offsets into the prepared SQL).
  QueryResult ExecutePrepared(const PreparedStatement& prepared,
                              const std::vector<exec::Value>& params,
                              ParameterTyping typing = ParameterTyping::kTyped);

  const SessionOptions& options() const { return options_; }

 private:
  struct State;
  SessionOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace tarn::sql
