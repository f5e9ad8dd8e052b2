#include "security/identity/security_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.h"

namespace tarn::security {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS principals (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  password TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS principal_roles (
  principal_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (principal_id, role));
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  principal_id INTEGER NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  scopes TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS secrets (
  name TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL);
)sql";

}  // namespace

SqlStatement::SqlStatement(SecurityDatabase& database, std::string_view sql) : database_(database) {
  int result = sqlite3_prepare_v2(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                  &statement_, nullptr);
  if (result != SQLITE_OK) database.Fail(result, "prepare");
}

SqlStatement::SqlStatement(SecurityDatabase& database, std::string_view sql, Kept)
    : database_(database) {
  statement_ = database.TakeKept(sql);
  if (statement_ != nullptr) {
    kept_ = true;
    return;
  }
  int result = sqlite3_prepare_v2(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                  &statement_, nullptr);
  if (result != SQLITE_OK) database.Fail(result, "prepare");
}

SqlStatement::~SqlStatement() {
  if (!kept_) {
    sqlite3_finalize(statement_);
    return;
  }
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  database_.ReturnKept(statement_);
}

SqlStatement& SqlStatement::Bind(int index, int64_t value) {
  int result = sqlite3_bind_int64(statement_, index, value);
  if (result != SQLITE_OK) database_.Fail(result, "bind");
  return *this;
}

SqlStatement& SqlStatement::Bind(int index, std::string_view value) {
  int result = sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT);
  if (result != SQLITE_OK) database_.Fail(result, "bind");
  return *this;
}

SqlStatement& SqlStatement::BindNull(int index) {
  int result = sqlite3_bind_null(statement_, index);
  if (result != SQLITE_OK) database_.Fail(result, "bind");
  return *this;
}

bool SqlStatement::Step() {
  int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  database_.Fail(result, "step");
}

int64_t SqlStatement::Int64(int column) const { return sqlite3_column_int64(statement_, column); }

std::string SqlStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

bool SqlStatement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::unique_ptr<SecurityDatabase> SecurityDatabase::Open(const std::string& data_dir,
                                                         bool* created) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    throw Error(ErrorCode::kIoError, "cannot create data directory: " + error.message())
        .At({data_dir, 0, 0, -1});
  }
  std::unique_ptr<SecurityDatabase> database(new SecurityDatabase());
  database->path_ = (std::filesystem::path(data_dir) / "security.db").string();
  // Create the file ourselves so it is 0600 from the first byte; SQLite gives its journal files
  // the same mode.
  int fd = ::open(database->path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  *created = fd >= 0;
  if (fd >= 0) ::close(fd);
  struct stat info;
  if (::stat(database->path_.c_str(), &info) != 0) {
    throw Error(ErrorCode::kIoError, "cannot create security database").At({database->path_, 0, 0, -1});
  }
  if ((info.st_mode & 077) != 0) {
    throw Error(ErrorCode::kPermissionDenied,
                "security database is readable by group or others; run chmod 600 on it")
        .At({database->path_, 0, 0, -1});
  }
  int result = sqlite3_open_v2(database->path_.c_str(), &database->handle_,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (result != SQLITE_OK) database->Fail(result, "open");
  sqlite3_busy_timeout(database->handle_, 10000);
  database->Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  database->Execute(kSchema);
  return database;
}

SecurityDatabase::~SecurityDatabase() {
  for (auto& [sql, kept] : kept_) sqlite3_finalize(kept.statement);
  sqlite3_close(handle_);
}

sqlite3_stmt* SecurityDatabase::TakeKept(std::string_view sql) {
  auto found = kept_.find(sql);
  if (found == kept_.end()) {
    sqlite3_stmt* statement = nullptr;
    int result = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (result != SQLITE_OK) Fail(result, "prepare");
    found = kept_.emplace(std::string(sql), KeptStatement{statement, false}).first;
    kept_index_[statement] = &found->second;
  }
  if (found->second.in_use) return nullptr;
  found->second.in_use = true;
  return found->second.statement;
}

void SecurityDatabase::ReturnKept(sqlite3_stmt* statement) {
  auto found = kept_index_.find(statement);
  if (found != kept_index_.end()) found->second->in_use = false;
}

void SecurityDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  int result = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, nullptr);
  if (result != SQLITE_OK) Fail(result, "execute");
}

int64_t SecurityDatabase::last_insert_id() const { return sqlite3_last_insert_rowid(handle_); }

int SecurityDatabase::changes() const { return sqlite3_changes(handle_); }

void SecurityDatabase::Fail(int result, std::string_view what) const {
  std::string message = std::string("security database ") + std::string(what) + " failed: " +
                        (handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(result));
  ErrorCode code = (result & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::kConflict
                   : (result & 0xff) == SQLITE_CORRUPT || (result & 0xff) == SQLITE_NOTADB
                       ? ErrorCode::kCorrupt
                       : ErrorCode::kIoError;
  throw Error(code, message).At({path_, 0, 0, -1});
}

SecurityTransaction::SecurityTransaction(SecurityDatabase& database)
    : database_(database), lock_(database.mutex()) {
  database_.Execute("BEGIN IMMEDIATE");
}

SecurityTransaction::~SecurityTransaction() {
  if (!done_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SecurityTransaction::Commit() {
  database_.Execute("COMMIT");
  done_ = true;
}

}  // namespace tarn::security
