// A thin RAII layer over the SQLite C API for the catalog backend: one connection, prepared
// statements with typed binds and reads, and errors turned into tarn::Error naming the file.
// Nothing outside catalog/sqlite/ sees SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tarn::catalog {

class SqliteDatabase;

// One prepared statement. Bind parameters are 1-based, columns 0-based. Not thread-safe.
class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& database, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& BindNull(int index);

  // Advances to the next row; returns false when the statement is done. Throws Error(kConflict)
  // when the database stays locked past the busy timeout, Error(kIoError) otherwise.
  bool Step();
  // Runs the statement to completion (for statements without rows).
  void Run();
  // Makes the statement ready to run again with new binds.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;  // also reads blobs
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  SqliteDatabase& database_;
  sqlite3_stmt* statement_ = nullptr;
};

// One connection. Not thread-safe: the catalog serializes calls on it.
class SqliteDatabase {
 public:
  // Opens (creating) 'path' with WAL journaling, a busy timeout and foreign keys on.
  explicit SqliteDatabase(const std::string& path, int busy_timeout_ms);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs SQL text without parameters or results (several statements allowed).
  void Execute(std::string_view sql);
  int64_t last_insert_rowid() const;
  int64_t changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return handle_; }

  // Throws the Error for SQLite result 'code' during 'what'.
  [[noreturn]] void Fail(int code, std::string_view what) const;

 private:
  std::string path_;
  sqlite3* handle_ = nullptr;
};

// A transaction, rolled back unless Commit() ran. A write transaction is BEGIN IMMEDIATE: it takes
// the database's write lock up front, so two writers never deadlock upgrading read locks. A read
// transaction (BEGIN DEFERRED) sees one consistent state across several statements.
class SqliteTransaction {
 public:
  enum class Mode : uint8_t { kRead, kWrite };
  SqliteTransaction(SqliteDatabase& database, Mode mode);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  void Commit();

 private:
  SqliteDatabase& database_;
  bool done_ = false;
};

}  // namespace tarn::catalog
