#include "server/query/audit_table.h"

#include "common/error.h"
#include "security/audit/audit_line.h"
#include "security/audit/audit_log.h"

namespace tarn::server {

namespace {

using exec::Value;

// The first time tarn_audit_log(since) returns: a TIMESTAMP, or text ParseAuditTime takes.
int64_t SinceMicros(const std::vector<Value>& arguments) {
  if (arguments.empty()) return 0;
  const char* usage =
      "tarn_audit_log takes at most one argument: the time to start from, as a TIMESTAMP or a "
      "string ('2026-12-01', '2026-12-01 10:00:00', UTC)";
  if (arguments.size() > 1 || arguments[0].is_null()) {
    throw Error(ErrorCode::kInvalidArgument, usage);
  }
  const Value& since = arguments[0];
  if (since.type().id() == TypeId::kTimestamp) return since.integer();
  if (since.type().id() == TypeId::kDate) return since.integer() * int64_t{86400} * 1000000;
  if (since.type().id() == TypeId::kVarchar) {
    if (std::optional<int64_t> time = security::ParseAuditTime(since.string())) return *time;
  }
  throw Error(ErrorCode::kInvalidArgument, usage);
}

Value TextOrNull(const std::string& text) {
  return text.empty() ? Value::Null(TypeId::kVarchar) : Value::Varchar(text);
}

Value CountOrNull(int64_t count) {
  return count < 0 ? Value::Null(TypeId::kBigint) : Value::Bigint(count);
}

std::string JoinObjects(const std::vector<std::string>& objects) {
  std::string out;
  for (const auto& object : objects) {
    if (!out.empty()) out += ", ";
    out += object;
  }
  return out;
}

}  // namespace

std::optional<sql::QueryResult> AuditTableFunction(const std::string& data_dir,
                                                   const storage::Keyring& keyring,
                                                   const std::string& name,
                                                   const std::vector<exec::Value>& arguments,
                                                   sql::AccessControl* access) {
  if (name != kAuditTableFunction) return std::nullopt;
  if (access != nullptr && !access->IsAdministrator()) {
    throw Error(ErrorCode::kPermissionDenied,
                "permission denied: tarn_audit_log() is for administrators");
  }
  int64_t since = SinceMicros(arguments);
  const LogicalType varchar(TypeId::kVarchar);
  const LogicalType bigint(TypeId::kBigint);
  sql::QueryResult result;
  result.column_names = {"sequence",   "time",    "request_id", "principal", "principal_kind",
                         "source_address", "action", "objects",  "statement", "outcome",
                         "error_code", "rows",    "bytes",      "detail"};
  result.column_types = {bigint,  LogicalType(TypeId::kTimestamp),
                         varchar, varchar,
                         varchar, varchar,
                         varchar, varchar,
                         varchar, varchar,
                         varchar, bigint,
                         bigint,  varchar};
  std::vector<security::StoredAuditEntry> entries = security::ReadAuditLog(data_dir, keyring, since);
  size_t row = 0;
  exec::DataChunk chunk;
  for (const auto& stored : entries) {
    if (row == 0) chunk.Initialize(result.column_types);
    const security::AuditEntry& entry = stored.entry;
    const Value values[] = {Value::Bigint(stored.seq),
                            Value::Timestamp(entry.time_micros),
                            TextOrNull(entry.request_id),
                            TextOrNull(entry.principal),
                            TextOrNull(entry.principal_kind),
                            TextOrNull(entry.source_address),
                            TextOrNull(entry.action),
                            TextOrNull(JoinObjects(entry.objects)),
                            TextOrNull(entry.statement),
                            TextOrNull(entry.outcome),
                            TextOrNull(entry.error_code),
                            CountOrNull(entry.rows),
                            CountOrNull(entry.bytes),
                            TextOrNull(entry.detail)};
    for (size_t column = 0; column < std::size(values); ++column) {
      chunk.column(column).SetValue(row, values[column]);
    }
    if (++row == exec::kVectorSize) {
      chunk.SetPhysicalSize(row);
      result.chunks.push_back(std::move(chunk));
      chunk = exec::DataChunk();
      row = 0;
    }
  }
  if (row > 0) {
    chunk.SetPhysicalSize(row);
    result.chunks.push_back(std::move(chunk));
  }
  return result;
}

}  // namespace tarn::server
