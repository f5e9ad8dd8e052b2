#include "server/query/audit_action.h"

#include <cctype>

#include "sql/parser/ast.h"

namespace tarn::server {
namespace {

std::string StatementKindName(const sql::Statement& statement) {
  using sql::StatementKind;
  switch (statement.kind) {
    case StatementKind::kSelect: return "SELECT";
    case StatementKind::kCreateTable: return "CREATE TABLE";
    case StatementKind::kCreateView: return "CREATE VIEW";
    case StatementKind::kDrop: return "DROP";
    case StatementKind::kInsert: return "INSERT";
    case StatementKind::kUpdate: return "UPDATE";
    case StatementKind::kDelete: return "DELETE";
    case StatementKind::kExplain: return "EXPLAIN";
    case StatementKind::kCopy: return "COPY";
    default: break;
  }
  // Others by their first word as written: PREPARE, EXECUTE, SHOW, DESCRIBE, GRANT, REVOKE ...
  std::string word;
  for (char c : statement.text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      break;
    }
  }
  return word.empty() ? "STATEMENT" : word;
}

}  // namespace

std::string QueryAuditAction(const sql::Statement& statement) {
  return "query " + StatementKindName(statement);
}

}  // namespace tarn::server
