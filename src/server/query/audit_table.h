// The audit trail as a SQL table for administrators: SELECT ... FROM tarn_audit_log() (all
// entries) or tarn_audit_log('2026-12-01') / tarn_audit_log(TIMESTAMP '2026-12-01 10:00:00') (from
// that time on; faster: older entries are not decrypted). Front ends that own a data directory's
// keyring add it through SessionOptions::table_functions: the server (query route) and
// `tarn sql --data-dir` (the local administrator).
//
// Columns: sequence BIGINT, time TIMESTAMP (UTC), request_id, principal, principal_kind,
// source_address, action, objects (", "-joined "kind:name[:OPERATION]"), statement, outcome
// ("success", "denied", "error"), error_code, rows BIGINT, bytes BIGINT (NULL = not applicable),
// detail — VARCHAR unless said. The sealed fields come back decrypted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/session/session.h"
#include "storage/encryption/keyring.h"

namespace tarn::server {

// The name the function answers to.
inline constexpr const char* kAuditTableFunction = "tarn_audit_log";

// Returns the rows of tarn_audit_log(arguments) for the audit log of 'data_dir', or nullopt when
// 'name' is another function. Throws Error(kPermissionDenied) unless 'access' is null (the local
// administrator) or an administrator, Error(kInvalidArgument) for a bad argument, and what
// ReadAuditLog throws for an unreadable log.
std::optional<sql::QueryResult> AuditTableFunction(const std::string& data_dir,
                                                   const storage::Keyring& keyring,
                                                   const std::string& name,
                                                   const std::vector<exec::Value>& arguments,
                                                   sql::AccessControl* access);

}  // namespace tarn::server
