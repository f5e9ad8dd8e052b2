// GRANT, REVOKE, CREATE / DROP ROLE, CREATE / DROP ROW FILTER and SHOW GRANTS: the session
// qualifies table names with its current database, checks that granted tables and columns exist
// and that a row filter binds over its table, then hands the statement to the session's
// AccessControl (security/authz/access_policy.h), which stores and checks who may.
#include "common/error.h"
#include "sql/parser/parser.h"
#include "sql/session/statement_context.h"

namespace tarn::sql {
namespace {

QualifiedName TableName(const AuthorizationStatement& statement) {
  QualifiedName name;
  name.schema = statement.database;
  name.name = statement.name;
  name.query_offset = statement.object_offset;
  return name;
}

// GRANT on a table: the table and each named column must exist (REVOKE may name dropped ones).
void CheckGrantedTable(StatementContext& context, const AuthorizationStatement& statement) {
  TargetTable target = FindTarget(context, TableName(statement), "grant on");
  for (const std::string& column : statement.columns) {
    bool found = false;
    for (const auto& schema : target.table->columns) found |= schema.name == column;
    if (!found) {
      throw Error(ErrorCode::kBinderError, "column \"" + column + "\" of relation \"" +
                                               statement.database + "." + statement.name +
                                               "\" does not exist")
          .AtQueryOffset(statement.object_offset);
    }
  }
}

// A row filter must bind as a condition over its table's columns.
void CheckRowFilter(StatementContext& context, const AuthorizationStatement& statement) {
  FindTarget(context, TableName(statement), "filter");
  std::string probe = "SELECT 1 FROM " + QuoteIdentifier(statement.database) + "." +
                      QuoteIdentifier(statement.name) + " WHERE " + statement.filter_expression;
  auto parsed = ParseStatements(probe);
  try {
    context.MakeBinder()->BindQuery(*static_cast<const SelectStatement&>(*parsed.at(0)).node);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kInternal) throw;
    throw Error(error.code(), "invalid row filter: " + error.message())
        .AtQueryOffset(statement.filter_offset);
  }
}

}  // namespace

QueryResult RunAuthorization(StatementContext& context, const AuthorizationStatement& statement) {
  AccessControl* access = context.catalog.access;
  if (access == nullptr) {
    throw Error(ErrorCode::kNotSupported,
                "not supported: authorization statements in a session without a data directory's "
                "security store (run tarn sql --data-dir DIR, or use tarn serve)")
        .AtQueryOffset(statement.query_offset);
  }
  std::unique_ptr<AuthorizationStatement> qualified = statement.Copy();
  if (qualified->object_kind == GrantObjectKind::kTable && qualified->database.empty()) {
    qualified->database = context.lake != nullptr ? context.lake->database() : "main";
  }
  if (statement.authorization_kind == AuthorizationKind::kShowGrants) {
    std::vector<std::vector<exec::Value>> rows;
    for (const auto& line : access->ShowGrants(*qualified)) {
      std::vector<exec::Value> row;
      for (const std::string& value : line) row.push_back(exec::Value::Varchar(value));
      rows.push_back(std::move(row));
    }
    std::vector<LogicalType> types(7, LogicalType(TypeId::kVarchar));
    return RowsResult({"grantee_type", "grantee", "privilege", "object_type", "object", "columns",
                       "row_filter"},
                      std::move(types), rows);
  }
  // Only administrators pass Execute; check that first so others learn nothing about tables.
  if (!access->IsAdministrator()) return StatusResult(access->Execute(*qualified));
  if (qualified->authorization_kind == AuthorizationKind::kGrant &&
      qualified->object_kind == GrantObjectKind::kTable) {
    CheckGrantedTable(context, *qualified);
  }
  if (qualified->authorization_kind == AuthorizationKind::kCreateRowFilter) {
    CheckRowFilter(context, *qualified);
  }
  return StatusResult(access->Execute(*qualified));
}

}  // namespace tarn::sql
