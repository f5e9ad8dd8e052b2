// The SQLite file behind the identity and secret stores: <data-dir>/security.db, mode 0600, WAL
// journal, a busy timeout so the CLI and a running server share it. A thin statement wrapper; the
// stores above it own the SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace tarn::security {

class SecurityDatabase;

// One prepared statement; bind parameters are 1-based. Errors throw Error(kIoError) naming the
// database file.
class SqlStatement {
 public:
  // Prepares 'sql' for this use only (finalized by the destructor).
  SqlStatement(SecurityDatabase& database, std::string_view sql);
  // Takes the connection's kept statement for 'sql' (prepared on first use) and gives it back reset,
  // bindings cleared, when destroyed: for the statements of every request (token authentication).
  // Reading rows is the same; the reset ends the read transaction, so each use sees the latest
  // commit of any process. The caller holds the database mutex for the object's whole life.
  struct Kept {};
  SqlStatement(SecurityDatabase& database, std::string_view sql, Kept);
  ~SqlStatement();
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;

  SqlStatement& Bind(int index, int64_t value);
  SqlStatement& Bind(int index, std::string_view value);
  SqlStatement& BindNull(int index);
  // Advances to the next row; false when done. Throws kConflict on a UNIQUE violation.
  bool Step();
  // Runs a statement that returns no rows.
  void Run() { while (Step()) {} }

  int64_t Int64(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  SecurityDatabase& database_;
  sqlite3_stmt* statement_ = nullptr;
  bool kept_ = false;
};

// Thread-safe only through mutex(): callers hold it around every use of the connection.
class SecurityDatabase {
 public:
  // Opens <data_dir>/security.db, creating the file (0600) and the schema. Sets '*created' when
  // the file did not exist. Throws Error(kIoError) naming the file.
  static std::unique_ptr<SecurityDatabase> Open(const std::string& data_dir, bool* created);
  ~SecurityDatabase();
  SecurityDatabase(const SecurityDatabase&) = delete;
  SecurityDatabase& operator=(const SecurityDatabase&) = delete;

  // Runs SQL without results (schema, BEGIN, COMMIT).
  void Execute(std::string_view sql);
  int64_t last_insert_id() const;
  int changes() const;

  std::recursive_mutex& mutex() { return mutex_; }
  const std::string& path() const { return path_; }
  sqlite3* handle() { return handle_; }
  // Throws Error(kIoError, kConflict for constraint violations) with SQLite's message.
  [[noreturn]] void Fail(int result, std::string_view what) const;

 private:
  friend class SqlStatement;
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>()(sql); }
  };
  struct KeptStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;  // a nested use of the same SQL prepares its own statement
  };

  SecurityDatabase() = default;
  // The kept statement for 'sql' marked in use, or null when it is in use already.
  sqlite3_stmt* TakeKept(std::string_view sql);
  void ReturnKept(sqlite3_stmt* statement);

  std::string path_;
  sqlite3* handle_ = nullptr;
  std::recursive_mutex mutex_;
  std::unordered_map<std::string, KeptStatement, SqlHash, std::equal_to<>> kept_;  // by SQL text
  std::unordered_map<sqlite3_stmt*, KeptStatement*> kept_index_;  // statement -> its entry
};

// Holds the database mutex and an IMMEDIATE transaction; rolls back unless Commit() is called.
class SecurityTransaction {
 public:
  explicit SecurityTransaction(SecurityDatabase& database);
  ~SecurityTransaction();
  void Commit();

 private:
  SecurityDatabase& database_;
  std::lock_guard<std::recursive_mutex> lock_;
  bool done_ = false;
};

}  // namespace tarn::security
