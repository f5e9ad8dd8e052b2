// The audit action of one SQL statement ("query SELECT", "query GRANT" ...): every front end that
// audits statements (POST /v1/query, `tarn sql --data-dir`) names them alike.
#pragma once

#include <string>

namespace tarn::sql {
struct Statement;
}

namespace tarn::server {

// "query " + the statement's kind: SELECT, CREATE TABLE, CREATE VIEW, DROP, INSERT, UPDATE,
// DELETE, EXPLAIN, COPY, or else its first word as written (PREPARE, SHOW, GRANT ...).
std::string QueryAuditAction(const sql::Statement& statement);

// The action of SQL that failed before any statement ran (a syntax error).
inline constexpr const char* kUnparsedQueryAction = "query";

}  // namespace tarn::server
