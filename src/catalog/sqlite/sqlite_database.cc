#include "catalog/sqlite/sqlite_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "common/error.h"

namespace tarn::catalog {

SqliteDatabase::SqliteDatabase(const std::string& path, int busy_timeout_ms) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(path.c_str(), &handle_, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(code);
    sqlite3_close(handle_);
    handle_ = nullptr;
    throw Error(ErrorCode::kIoError, fmt::format("cannot open catalog: {}", message))
        .At({path, 0, 0, -1});
  }
  sqlite3_extended_result_codes(handle_, 1);
  sqlite3_busy_timeout(handle_, busy_timeout_ms);
  // journal_mode=WAL is persistent in the file; readers then never block the writer.
  Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(handle_); }

void SqliteDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int code = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    Fail(code, detail);
  }
}

int64_t SqliteDatabase::last_insert_rowid() const { return sqlite3_last_insert_rowid(handle_); }
int64_t SqliteDatabase::changes() const { return sqlite3_changes64(handle_); }

void SqliteDatabase::Fail(int code, std::string_view what) const {
  int primary = code & 0xff;
  std::string message = fmt::format("catalog: {} ({})", what, sqlite3_errstr(code));
  ErrorLocation location{path_, 0, 0, -1};
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    throw Error(ErrorCode::kConflict, message + "; another process holds the catalog lock")
        .At(location);
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    throw Error(ErrorCode::kCorrupt, message).At(location);
  }
  if (primary == SQLITE_CONSTRAINT) {
    throw Error(ErrorCode::kConflict, message).At(location);
  }
  if (primary == SQLITE_NOMEM) throw Error(ErrorCode::kOutOfMemory, message).At(location);
  if (primary == SQLITE_ERROR || primary == SQLITE_MISUSE || primary == SQLITE_RANGE) {
    throw Error(ErrorCode::kInternal, message).At(location);
  }
  throw Error(ErrorCode::kIoError, message).At(location);
}

SqliteStatement::SqliteStatement(SqliteDatabase& database, std::string_view sql)
    : database_(database) {
  int code = sqlite3_prepare_v2(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                &statement_, nullptr);
  if (code != SQLITE_OK) {
    database.Fail(code, fmt::format("cannot prepare '{}': {}", sql,
                                    sqlite3_errmsg(database.handle())));
  }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

bool SqliteStatement::Step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  database_.Fail(code, sqlite3_errmsg(database_.handle()));
}

void SqliteStatement::Run() {
  while (Step()) {
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string SqliteStatement::Text(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

std::optional<int64_t> SqliteStatement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& database, Mode mode) : database_(database) {
  database_.Execute(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

SqliteTransaction::~SqliteTransaction() {
  if (!done_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::Commit() {
  database_.Execute("COMMIT");
  done_ = true;
}

}  // namespace tarn::catalog
