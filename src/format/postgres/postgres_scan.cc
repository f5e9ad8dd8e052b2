#include "format/postgres/postgres_scan.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <array>
#include <cstring>

#include "common/error.h"
#include "format/database_cursor_scan.h"
#include "format/database_value.h"
#include "format/postgres/postgres_types.h"

namespace tarn::format::postgres {
namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnectionDeleter {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};

constexpr const char* kCursorName = "tarn_scan";

// The password of 'url' (userinfo or password= parameter), to scrub from server messages.
std::string UrlPassword(const std::string& url) {
  PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr);
  if (options == nullptr) return {};
  std::string password;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr) {
      password = option->val;
    }
  }
  PQconninfoFree(options);
  return password;
}

class PostgresScan final : public DatabaseCursorScan {
 public:
  PostgresScan(const std::string& url, const DatabaseScanOptions& options)
      : redacted_url_(RedactUrl(url)), password_(UrlPassword(url)), options_(options) {
    connection_.reset(PQconnectdb(url.c_str()));
    if (connection_ == nullptr || PQstatus(connection_.get()) != CONNECTION_OK) {
      throw Error(ErrorCode::kIoError,
                  fmt::format("cannot connect to {}: {}", redacted_url_, ServerMessage()));
    }
    Execute(
        "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
        "SET extra_float_digits = 3; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        PGRES_COMMAND_OK);
    ResolveTable();
    ReadColumns();
    if (!options_.incremental_column.empty()) ReadUpperBound();
    ProjectAll();
  }

  std::string Describe() const override {
    return fmt::format("read_postgres('{}', '{}')", redacted_url_, qualified_name_);
  }

 protected:
  void OpenCursor() const override {
    Execute(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", kCursorName, SelectText()),
            PGRES_COMMAND_OK);
  }

  size_t FetchRows(exec::DataChunk& chunk, bool& at_end) const override {
    Result result = Execute(fmt::format("FETCH FORWARD {} FROM {}", exec::kVectorSize, kCursorName),
                            PGRES_TUPLES_OK);
    int rows = PQntuples(result.get());
    at_end = rows == 0;
    for (size_t column = 0; column < projection_.size(); ++column) {
      exec::Vector& vector = chunk.column(column);
      for (int row = 0; row < rows; ++row) {
        if (PQgetisnull(result.get(), row, static_cast<int>(column))) {
          vector.validity().SetInvalid(static_cast<size_t>(row));
          continue;
        }
        std::string_view text(
            PQgetvalue(result.get(), row, static_cast<int>(column)),
            static_cast<size_t>(PQgetlength(result.get(), row, static_cast<int>(column))));
        if (!StoreTextValue(text, vector, static_cast<size_t>(row))) {
          const ColumnSchema& schema = schema_[projection_[column]];
          // The value itself is not shown: it is table data the caller may not be allowed to see.
          throw Error(ErrorCode::kInvalidInput,
                      fmt::format("row {} of {}: column '{}' holds a value that does not fit {} "
                                  "(infinite, BC or out-of-range values are not supported)",
                                  rows_read() + row + 1, qualified_name_, schema.name,
                                  schema.type.ToString()))
              .At({redacted_url_, rows_read() + row + 1,
                   static_cast<int64_t>(projection_[column] + 1)});
        }
      }
    }
    return static_cast<size_t>(rows);
  }

  void CloseCursor() const override {
    Execute("CLOSE " + std::string(kCursorName) + "; COMMIT", PGRES_COMMAND_OK);
  }

 private:
  // The server's last error, one line, without the password.
  std::string ServerMessage() const {
    std::string message = connection_ ? PQerrorMessage(connection_.get()) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    for (char& c : message) {
      if (c == '\n') c = ' ';
    }
    if (!password_.empty()) {
      for (size_t at = message.find(password_); at != std::string::npos;
           at = message.find(password_, at)) {
        message.replace(at, password_.size(), "***");
      }
    }
    return message;
  }

  Result Execute(const std::string& sql, ExecStatusType expected) const {
    Result result(PQexec(connection_.get(), sql.c_str()));
    Check(result, expected);
    return result;
  }

  Result ExecuteParams(const std::string& sql, const std::vector<std::string>& parameters) const {
    std::vector<const char*> values;
    for (const auto& parameter : parameters) values.push_back(parameter.c_str());
    Result result(PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()),
                               nullptr, values.data(), nullptr, nullptr, 0));
    Check(result, PGRES_TUPLES_OK);
    return result;
  }

  void Check(const Result& result, ExecStatusType expected) const {
    if (result != nullptr && PQresultStatus(result.get()) == expected) return;
    std::string where = qualified_name_.empty() ? options_.table : qualified_name_;
    throw Error(ErrorCode::kIoError, fmt::format("postgresql query on {} ({}) failed: {}", where,
                                                 redacted_url_, ServerMessage()));
  }

  std::string Identifier(const std::string& name) const {
    char* escaped = PQescapeIdentifier(connection_.get(), name.data(), name.size());
    if (escaped == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("bad identifier: {}", ServerMessage()));
    }
    std::string result(escaped);
    PQfreemem(escaped);
    return result;
  }

  std::string Literal(const std::string& value) const {
    char* escaped = PQescapeLiteral(connection_.get(), value.data(), value.size());
    if (escaped == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("bad literal: {}", ServerMessage()));
    }
    std::string result(escaped);
    PQfreemem(escaped);
    return result;
  }

  void ResolveTable() {
    if (options_.table.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "read_postgres needs a table ('schema.table')");
    }
    // to_regclass parses the name as SQL does (unquoted parts fold to lower case, the search path
    // applies) and returns NULL when there is no such relation. A malformed name is an error.
    Result result(PQexecParams(connection_.get(),
                               "SELECT c.oid::text, n.nspname, c.relname, c.reltuples::float8 "
                               "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE c.oid = to_regclass($1)",
                               1, nullptr,
                               std::array<const char*, 1>{options_.table.c_str()}.data(), nullptr,
                               nullptr, 0));
    if (result == nullptr || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("bad table name '{}': {}", options_.table, ServerMessage()));
    }
    if (PQntuples(result.get()) == 0) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("table '{}' does not exist in {}", options_.table, redacted_url_));
    }
    relation_oid_ = PQgetvalue(result.get(), 0, 0);
    std::string schema = PQgetvalue(result.get(), 0, 1);
    std::string table = PQgetvalue(result.get(), 0, 2);
    qualified_name_ = schema + "." + table;
    relation_sql_ = Identifier(schema) + "." + Identifier(table);
    double tuples = std::strtod(PQgetvalue(result.get(), 0, 3), nullptr);
    if (tuples >= 0) estimated_rows_ = static_cast<uint64_t>(tuples);  // -1: never analyzed
  }

  void ReadColumns() {
    // Domains read as their base type.
    Result result = ExecuteParams(
        "SELECT a.attname, "
        "CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
        "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, "
        "format_type(a.atttypid, a.atttypmod) "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {relation_oid_});
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      std::string name = PQgetvalue(result.get(), row, 0);
      uint32_t oid =
          static_cast<uint32_t>(std::strtoul(PQgetvalue(result.get(), row, 1), nullptr, 10));
      int32_t typmod =
          static_cast<int32_t>(std::strtol(PQgetvalue(result.get(), row, 2), nullptr, 10));
      std::optional<LogicalType> type = MapPostgresType(oid, typmod);
      if (!type) {
        throw Error(
            ErrorCode::kNotSupported,
            fmt::format("column '{}' of {} has type {}, which tarn does not read (supported: "
                        "integers, numeric, float, text, varchar, char, bool, date, "
                        "timestamp, timestamptz, json, jsonb, uuid)",
                        name, qualified_name_, PQgetvalue(result.get(), row, 3)));
      }
      schema_.push_back({std::move(name), *type});
      column_sql_.push_back(Identifier(schema_.back().name));
    }
    if (schema_.empty()) {
      throw Error(ErrorCode::kNotSupported,
                  fmt::format("table {} has no columns", qualified_name_));
    }
  }

  void ReadUpperBound() {
    std::optional<size_t> index = FindColumn(options_.incremental_column);
    if (!index) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("incremental column '{}' does not exist in {}",
                              options_.incremental_column, qualified_name_));
    }
    incremental_index_ = *index;
    incremental_type_ = schema_[incremental_index_].type;
    Result result =
        Execute(fmt::format("SELECT max({0})::text FROM {1}{2}", column_sql_[incremental_index_],
                            relation_sql_, LowerBoundFilter()),
                PGRES_TUPLES_OK);
    if (!PQgetisnull(result.get(), 0, 0)) {
      upper_bound_ = PQgetvalue(result.get(), 0, 0);
    } else {
      empty_ = true;  // no row above the lower bound
    }
  }

  std::string LowerBoundFilter() const {
    if (!options_.lower_bound) return "";
    return fmt::format(" WHERE {} > {}", column_sql_[incremental_index_],
                       Literal(*options_.lower_bound));
  }

  std::string SelectText() const {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < projection_.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += column_sql_[projection_[i]];
    }
    if (projection_.empty()) sql += "NULL";
    sql += " FROM " + relation_sql_;
    if (upper_bound_) {
      // The bound comes from the same snapshot; '<=' keeps the rows and the watermark in step.
      // The first load is a full load: rows whose column is NULL are read then (and never again).
      const std::string& column = column_sql_[incremental_index_];
      sql +=
          options_.lower_bound
              ? fmt::format("{} AND {} <= {}", LowerBoundFilter(), column, Literal(*upper_bound_))
              : fmt::format(" WHERE ({0} <= {1} OR {0} IS NULL)", column, Literal(*upper_bound_));
    }
    return sql;
  }

  std::string redacted_url_;
  std::string password_;  // only to scrub it from server messages
  DatabaseScanOptions options_;
  std::unique_ptr<PGconn, ConnectionDeleter> connection_;
  std::string relation_oid_;
  std::string qualified_name_;  // schema.table as the server spells it
  std::string relation_sql_;    // quoted "schema"."table"
  std::vector<std::string> column_sql_;  // quoted column names
};

}  // namespace

std::unique_ptr<DatabaseScan> OpenPostgresScan(const std::string& url,
                                               const DatabaseScanOptions& options) {
  return std::make_unique<PostgresScan>(url, options);
}

}  // namespace tarn::format::postgres
