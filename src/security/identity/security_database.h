// The SQLite file behind the identity and secret stores: <data-dir>/security.db, mode 0600, WAL
// journal, a busy timeout so the CLI and a running server share it. A thin statement wrapper; the
// stores above it own the SQL.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tarn::security {

class SecurityDatabase;

// One prepared statement; bind parameters are 1-based. Errors throw Error(kIoError) naming the
// database file.
class SqlStatement {
 public:
  SqlStatement(SecurityDatabase& database, std::string_view sql);
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
  SecurityDatabase() = default;
  std::string path_;
  sqlite3* handle_ = nullptr;
  std::recursive_mutex mutex_;
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
