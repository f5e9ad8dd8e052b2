#include "format/sqlite/sqlite_scan.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>

#include "common/error.h"
#include "common/string_ref.h"
#include "format/database_cursor_scan.h"
#include "format/database_value.h"
#include "format/sqlite/sqlite_types.h"

namespace tarn::format::sqlite {
namespace {

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

struct DatabaseDeleter {
  void operator()(sqlite3* database) const { sqlite3_close_v2(database); }
};

std::string QuoteIdentifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// 10^exponent for exponent <= 18.
int64_t PowerOfTen(int exponent) {
  int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

class SqliteScan final : public DatabaseCursorScan {
 public:
  SqliteScan(const std::string& path, const DatabaseScanOptions& options)
      : path_(path), options_(options) {
    sqlite3* database = nullptr;
    int status = sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr);
    database_.reset(database);
    if (status != SQLITE_OK) {
      throw Error(ErrorCode::kIoError,
                  fmt::format("cannot open sqlite database: {}",
                              database ? sqlite3_errmsg(database) : "out of memory"))
          .At({path_});
    }
    sqlite3_busy_timeout(database_.get(), 5000);
    // One read transaction: it starts at the first read, so the schema, the watermark and the rows
    // come from the same state of the file.
    Run("BEGIN");
    ReadColumns();
    if (!options_.incremental_column.empty()) ReadUpperBound();
    ProjectAll();
    Statement count = Prepare("SELECT max(rowid) FROM " + QuoteIdentifier(table_));
    if (sqlite3_step(count.get()) == SQLITE_ROW &&
        sqlite3_column_type(count.get(), 0) != SQLITE_NULL) {
      estimated_rows_ = static_cast<uint64_t>(sqlite3_column_int64(count.get(), 0));
    }
  }

  std::string Describe() const override {
    return fmt::format("read_sqlite('{}', '{}')", path_, table_);
  }

 protected:
  void OpenCursor() const override {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < projection_.size(); ++i) {
      sql += (i > 0 ? ", " : "") + QuoteIdentifier(schema_[projection_[i]].name);
    }
    if (projection_.empty()) sql += "NULL";
    sql += " FROM " + QuoteIdentifier(table_);
    if (upper_bound_) {
      std::string column = QuoteIdentifier(schema_[incremental_index_].name);
      // The first load is a full load: rows whose column is NULL are read then (and never again).
      sql += options_.lower_bound ? " WHERE " + column + " <= ?1 AND " + column + " > ?2"
                                  : " WHERE (" + column + " <= ?1 OR " + column + " IS NULL)";
    }
    rows_ = Prepare(sql);
    if (upper_bound_) BindText(rows_.get(), 1, *upper_bound_);
    if (upper_bound_ && options_.lower_bound) BindText(rows_.get(), 2, *options_.lower_bound);
  }

  size_t FetchRows(exec::DataChunk& chunk, bool& at_end) const override {
    size_t rows = 0;
    while (rows < exec::kVectorSize) {
      int status = sqlite3_step(rows_.get());
      if (status == SQLITE_DONE) {
        at_end = true;
        break;
      }
      if (status != SQLITE_ROW) {
        throw Error(ErrorCode::kIoError, fmt::format("reading sqlite table '{}' failed: {}", table_,
                                                     sqlite3_errmsg(database_.get())))
            .At({path_});
      }
      for (size_t column = 0; column < projection_.size(); ++column) {
        StoreValue(static_cast<int>(column), chunk.column(column), rows);
      }
      ++rows;
    }
    return rows;
  }

  void CloseCursor() const override {
    rows_.reset();
    Run("COMMIT");
  }

 private:
  void Run(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(database_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw Error(ErrorCode::kIoError, fmt::format("sqlite {} failed: {}", sql, text)).At({path_});
    }
  }

  Statement Prepare(const std::string& sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database_.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw Error(ErrorCode::kIoError, fmt::format("sqlite query on '{}' failed: {}", table_,
                                                   sqlite3_errmsg(database_.get())))
          .At({path_});
    }
    return Statement(statement);
  }

  static void BindText(sqlite3_stmt* statement, int index, const std::string& text) {
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }

  void ReadColumns() {
    if (options_.table.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "read_sqlite needs a table name").At({path_});
    }
    Statement lookup = Prepare(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1 "
        "COLLATE NOCASE");
    BindText(lookup.get(), 1, options_.table);
    if (sqlite3_step(lookup.get()) != SQLITE_ROW) {
      throw Error(ErrorCode::kNotFound, fmt::format("table '{}' does not exist", options_.table))
          .At({path_});
    }
    table_ = reinterpret_cast<const char*>(sqlite3_column_text(lookup.get(), 0));
    Statement info = Prepare("SELECT name, type FROM pragma_table_info(?1)");
    BindText(info.get(), 1, table_);
    while (sqlite3_step(info.get()) == SQLITE_ROW) {
      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 0));
      const unsigned char* declared = sqlite3_column_text(info.get(), 1);
      std::string declared_type = declared ? reinterpret_cast<const char*>(declared) : "";
      std::optional<LogicalType> type = MapSqliteType(declared_type);
      if (!type) {
        throw Error(ErrorCode::kNotSupported,
                    fmt::format("column '{}' of table '{}' has type '{}', which tarn does not read "
                                "(supported: integer, real, numeric/decimal, text, boolean, date, "
                                "datetime/timestamp)",
                                name, table_, declared_type))
            .At({path_});
      }
      schema_.push_back({std::move(name), *type});
    }
  }

  void ReadUpperBound() {
    std::optional<size_t> index = FindColumn(options_.incremental_column);
    if (!index) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("incremental column '{}' does not exist in '{}'",
                              options_.incremental_column, table_))
          .At({path_});
    }
    incremental_index_ = *index;
    incremental_type_ = schema_[incremental_index_].type;
    std::string column = QuoteIdentifier(schema_[incremental_index_].name);
    std::string sql = "SELECT max(" + column + ") FROM " + QuoteIdentifier(table_);
    if (options_.lower_bound) sql += " WHERE " + column + " > ?1";
    Statement max = Prepare(sql);
    if (options_.lower_bound) BindText(max.get(), 1, *options_.lower_bound);
    if (sqlite3_step(max.get()) != SQLITE_ROW) {
      throw Error(ErrorCode::kIoError, fmt::format("sqlite query on '{}' failed: {}", table_,
                                                   sqlite3_errmsg(database_.get())))
          .At({path_});
    }
    switch (sqlite3_column_type(max.get(), 0)) {
      case SQLITE_NULL:
        empty_ = true;
        break;
      case SQLITE_FLOAT:  // shortest text that converts back exactly ("%!.15g" would round)
        upper_bound_ = fmt::format("{}", sqlite3_column_double(max.get(), 0));
        break;
      default:
        upper_bound_ = reinterpret_cast<const char*>(sqlite3_column_text(max.get(), 0));
    }
  }

  // 'row': the row of the chunk being filled.
  [[noreturn]] void ThrowBadValue(size_t output_column, size_t row, const char* stored_as) const {
    int64_t row_number = rows_read() + static_cast<int64_t>(row) + 1;
    const ColumnSchema& schema = schema_[projection_[output_column]];
    // The value itself is not shown: it is table data the caller may not be allowed to see.
    throw Error(
        ErrorCode::kInvalidInput,
        fmt::format("row {} of table '{}': column '{}' holds a {} value that does not fit {}",
                    row_number, table_, schema.name, stored_as, schema.type.ToString()))
        .At({path_, row_number, static_cast<int64_t>(projection_[output_column] + 1)});
  }

  void StoreValue(int column, exec::Vector& vector, size_t row) const {
    sqlite3_stmt* statement = rows_.get();
    const LogicalType& type = vector.type();
    switch (sqlite3_column_type(statement, column)) {
      case SQLITE_NULL:
        vector.validity().SetInvalid(row);
        return;
      case SQLITE_INTEGER: {
        int64_t value = sqlite3_column_int64(statement, column);
        switch (type.id()) {
          case TypeId::kBigint:
            vector.data<int64_t>()[row] = value;
            return;
          case TypeId::kBoolean:
            vector.data<uint8_t>()[row] = value != 0;
            return;
          case TypeId::kDouble:
            vector.data<double>()[row] = static_cast<double>(value);
            return;
          case TypeId::kDecimal: {
            int64_t limit = PowerOfTen(type.width() - type.scale());
            if (value >= limit || value <= -limit) ThrowBadValue(column, row, "integer");
            vector.data<int64_t>()[row] = value * PowerOfTen(type.scale());
            return;
          }
          case TypeId::kVarchar:
            vector.data<StringRef>()[row] = vector.AddString(fmt::format("{}", value));
            return;
          default:
            ThrowBadValue(column, row, "integer");
        }
      }
      case SQLITE_FLOAT: {
        double value = sqlite3_column_double(statement, column);
        if (type.id() == TypeId::kDouble) {
          vector.data<double>()[row] = value;
          return;
        }
        if (type.id() == TypeId::kBigint && std::trunc(value) == value &&
            std::fabs(value) < 9.2e18) {
          vector.data<int64_t>()[row] = static_cast<int64_t>(value);
          return;
        }
        if (type.id() == TypeId::kVarchar || type.id() == TypeId::kDecimal) {
          if (StoreTextValue(fmt::format("{}", value), vector, row)) return;
        }
        ThrowBadValue(column, row, "real");
      }
      case SQLITE_TEXT: {
        std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(statement, column)),
                              static_cast<size_t>(sqlite3_column_bytes(statement, column)));
        if (!StoreTextValue(text, vector, row)) ThrowBadValue(column, row, "text");
        return;
      }
      default:
        ThrowBadValue(column, row, "blob");
    }
  }

  std::string path_;
  DatabaseScanOptions options_;
  std::unique_ptr<sqlite3, DatabaseDeleter> database_;
  std::string table_;  // as the schema spells it
  mutable Statement rows_;  // the cursor (used under DatabaseCursorScan's mutex)
};

}  // namespace

std::unique_ptr<DatabaseScan> OpenSqliteScan(const std::string& path,
                                             const DatabaseScanOptions& options) {
  return std::make_unique<SqliteScan>(path, options);
}

}  // namespace tarn::format::sqlite
