#include "format/database_scan.h"

#include <fmt/format.h>

#include <cctype>

#include "common/error.h"
#include "format/postgres/postgres_scan.h"
#include "format/sqlite/sqlite_scan.h"

namespace tarn::format {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kSqliteScheme = "sqlite://";

}  // namespace

bool IsDatabaseUrl(std::string_view source) {
  return StartsWith(source, "postgresql://") || StartsWith(source, "postgres://") ||
         StartsWith(source, kSqliteScheme);
}

std::unique_ptr<DatabaseScan> OpenDatabaseScan(std::string_view url,
                                               const DatabaseScanOptions& options) {
  if (StartsWith(url, kSqliteScheme)) {
    // sqlite:///abs/file.db -> /abs/file.db; sqlite://rel/file.db -> rel/file.db
    std::string path(url.substr(kSqliteScheme.size()));
    if (path.empty()) throw Error(ErrorCode::kInvalidArgument, "sqlite:// URL without a file path");
    return sqlite::OpenSqliteScan(path, options);
  }
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return postgres::OpenPostgresScan(std::string(url), options);
  }
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("not a database URL: {} (expected postgresql://… or sqlite://…)",
                          RedactUrl(url)));
}

DatabaseScanOptions ParseDatabaseScanOptions(const ScanOptions& options) {
  DatabaseScanOptions result;
  for (const auto& [key, value] : options.values) {
    std::string text = value.is_null() ? "" : value.ToString();
    if (key == "table") {
      result.table = text;
    } else if (key == "incremental_column") {
      result.incremental_column = text;
    } else if (key == "lower_bound") {
      if (!value.is_null()) result.lower_bound = text;
    } else {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("unknown option '{}' (database scans take table, incremental_column, "
                              "lower_bound)",
                              key));
    }
  }
  if (!options.struct_options.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("unknown option '{}'", options.struct_options.begin()->first));
  }
  return result;
}

std::unique_ptr<ScanSource> OpenPostgresTableScan(const std::vector<std::string>& sources,
                                                  const ScanOptions& options) {
  if (sources.size() != 1) {
    throw Error(ErrorCode::kInvalidArgument, "read_postgres takes one connection URL");
  }
  const std::string& url = sources.front();
  if (!StartsWith(url, "postgresql://") && !StartsWith(url, "postgres://")) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("read_postgres expects a postgresql:// URL, got {}", RedactUrl(url)));
  }
  return postgres::OpenPostgresScan(url, ParseDatabaseScanOptions(options));
}

std::unique_ptr<ScanSource> OpenSqliteTableScan(const std::vector<std::string>& sources,
                                                const ScanOptions& options) {
  if (sources.size() != 1) throw Error(ErrorCode::kInvalidArgument, "read_sqlite takes one file");
  std::string path = sources.front();
  if (StartsWith(path, kSqliteScheme)) path = path.substr(kSqliteScheme.size());
  return sqlite::OpenSqliteScan(path, ParseDatabaseScanOptions(options));
}

std::string RedactUrl(std::string_view url) {
  std::string result(url);
  // userinfo: scheme://user:password@host
  size_t scheme_end = result.find("://");
  if (scheme_end != std::string::npos) {
    size_t authority = scheme_end + 3;
    size_t authority_end = result.find_first_of("/?", authority);
    if (authority_end == std::string::npos) authority_end = result.size();
    size_t at = result.rfind('@', authority_end);
    if (at != std::string::npos && at >= authority) {
      size_t colon = result.find(':', authority);
      if (colon != std::string::npos && colon < at)
        result.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=… in a query string or a key=value connection string.
  std::string lower = result;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::string_view kKey = "password=";
  for (size_t at = lower.find(kKey); at != std::string::npos; at = lower.find(kKey, at + 1)) {
    size_t value = at + kKey.size();
    size_t end = result.find_first_of("& ", value);
    if (end == std::string::npos) end = result.size();
    result.replace(value, end - value, "***");
    lower.replace(value, end - value, "***");
  }
  return result;
}

}  // namespace tarn::format
