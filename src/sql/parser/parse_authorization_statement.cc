// Authorization statements (Lake Formation-style): GRANT / REVOKE of privileges and roles,
// CREATE / DROP ROLE, CREATE / DROP ROW FILTER and SHOW GRANTS. The grammar is in ast.h beside
// AuthorizationStatement; sql/session/authorization_statements.cc runs them.
#include "common/error.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {
namespace {

struct PrivilegeWord {
  std::string_view word;
  Privilege privilege;
};

constexpr PrivilegeWord kPrivilegeWords[] = {
    {"select", Privilege::kSelect}, {"insert", Privilege::kInsert}, {"update", Privilege::kUpdate},
    {"delete", Privilege::kDelete}, {"alter", Privilege::kAlter},   {"drop", Privilege::kDrop},
    {"create", Privilege::kCreate}, {"unmask", Privilege::kUnmask}, {"usage", Privilege::kUsage},
};

// Rejects what a row filter may not hold: subqueries (they would read other tables under the
// filter's owner) and parameters (a filter is stored, not bound).
void CheckFilterExpression(const ParsedExpression& expression) {
  if (expression.subquery != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: subqueries in row filters")
        .AtQueryOffset(expression.query_offset);
  }
  if (expression.kind == ExpressionKind::kParameter) {
    throw Error(ErrorCode::kNotSupported, "not supported: parameters in row filters")
        .AtQueryOffset(expression.query_offset);
  }
  if (expression.kind == ExpressionKind::kFunction && expression.window != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: window functions in row filters")
        .AtQueryOffset(expression.query_offset);
  }
  for (const auto& child : expression.children) CheckFilterExpression(*child);
  if (expression.case_operand) CheckFilterExpression(*expression.case_operand);
  for (const auto& branch : expression.case_branches) {
    CheckFilterExpression(*branch.when);
    CheckFilterExpression(*branch.then);
  }
  if (expression.else_expression) CheckFilterExpression(*expression.else_expression);
  if (expression.filter) CheckFilterExpression(*expression.filter);
}

}  // namespace

std::string_view PrivilegeName(Privilege privilege) {
  switch (privilege) {
    case Privilege::kSelect: return "SELECT";
    case Privilege::kInsert: return "INSERT";
    case Privilege::kUpdate: return "UPDATE";
    case Privilege::kDelete: return "DELETE";
    case Privilege::kAlter: return "ALTER";
    case Privilege::kDrop: return "DROP";
    case Privilege::kCreate: return "CREATE";
    case Privilege::kUnmask: return "UNMASK";
    case Privilege::kUsage: return "USAGE";
  }
  return "SELECT";
}

// [d.]t as a table of a database: "" database when unqualified.
void Parser::ParseAuthorizationTable(AuthorizationStatement& statement) {
  statement.object_offset = Offset();
  QualifiedName name = ParseQualifiedName();
  if (!name.catalog.empty()) {
    throw Error(ErrorCode::kSyntaxError, "expected a table name as database.table")
        .AtQueryOffset(name.query_offset);
  }
  statement.object_kind = GrantObjectKind::kTable;
  statement.database = name.schema;
  statement.name = name.name;
}

void Parser::ParseGrantee(AuthorizationStatement& statement) {
  if (AcceptWord("role")) {
    statement.grantee_kind = GranteeKind::kRole;
  } else if (AcceptWord("user")) {
    statement.grantee_kind = GranteeKind::kUser;
  } else {
    SyntaxErrorExpected("ROLE or USER");
  }
  statement.grantee_offset = Offset();
  statement.grantee = ExpectIdentifier();
}

std::unique_ptr<Statement> Parser::ParseGrantOrRevoke() {
  bool grant = IsWord("grant");
  Advance();
  auto statement = std::make_unique<AuthorizationStatement>();
  std::string_view direction = grant ? "to" : "from";
  if (AcceptWord("role")) {  // GRANT ROLE r TO USER u / REVOKE ROLE r FROM USER u
    statement->authorization_kind =
        grant ? AuthorizationKind::kGrantRole : AuthorizationKind::kRevokeRole;
    statement->role_offset = Offset();
    statement->role = ExpectIdentifier();
    ExpectWord(direction);
    if (!IsWord("user")) SyntaxErrorExpected("USER");
    ParseGrantee(*statement);
    return statement;
  }
  statement->authorization_kind = grant ? AuthorizationKind::kGrant : AuthorizationKind::kRevoke;
  if (AcceptWord("all")) {
    AcceptWord("privileges");
    statement->all_privileges = true;
  } else {
    do {
      const PrivilegeWord* found = nullptr;
      for (const PrivilegeWord& word : kPrivilegeWords) {
        if (IsWord(word.word)) found = &word;
      }
      if (found == nullptr) {
        SyntaxErrorExpected(
            "a privilege (SELECT, INSERT, UPDATE, DELETE, ALTER, DROP, CREATE, UNMASK, USAGE or ALL)");
      }
      bool repeated = false;
      for (Privilege privilege : statement->privileges) repeated |= privilege == found->privilege;
      if (!repeated) statement->privileges.push_back(found->privilege);
      Advance();
    } while (AcceptOp(","));
  }
  ExpectWord("on");
  int64_t object_offset = Offset();
  if (AcceptWord("database")) {
    statement->object_kind = GrantObjectKind::kDatabase;
    statement->object_offset = Offset();
    statement->database = ExpectIdentifier();
  } else if (AcceptWord("secret")) {
    statement->object_kind = GrantObjectKind::kSecret;
    statement->object_offset = Offset();
    statement->name = ExpectIdentifier();
  } else {  // TABLE is optional, as in PostgreSQL
    if (!AcceptWord("table") && (IsWord("view") || IsWord("schema") || IsWord("function"))) {
      SyntaxErrorExpected("DATABASE, TABLE or SECRET");
    }
    ParseAuthorizationTable(*statement);
    if (IsOp("(")) statement->columns = ParseIdentifierList();
  }
  // Which privileges fit which object: checked here so the error points at the statement.
  for (Privilege privilege : statement->privileges) {
    bool fits = statement->object_kind == GrantObjectKind::kSecret
                    ? privilege == Privilege::kUsage
                : statement->object_kind == GrantObjectKind::kTable
                    ? privilege != Privilege::kUsage && privilege != Privilege::kCreate
                    : privilege != Privilege::kUsage;
    if (!statement->columns.empty()) {
      fits = fits && (privilege == Privilege::kSelect || privilege == Privilege::kInsert ||
                      privilege == Privilege::kUpdate);
    }
    if (!fits) {
      std::string object = statement->object_kind == GrantObjectKind::kSecret     ? "a secret"
                           : statement->object_kind == GrantObjectKind::kDatabase ? "a database"
                           : statement->columns.empty()                          ? "a table"
                                                                                  : "columns";
      throw Error(ErrorCode::kSyntaxError, "privilege " + std::string(PrivilegeName(privilege)) +
                                               " does not apply to " + object)
          .AtQueryOffset(object_offset);
    }
  }
  ExpectWord(direction);
  ParseGrantee(*statement);
  return statement;
}

// After CREATE: ROLE r | ROW FILTER f ON [d.]t FOR ROLE r | USER u USING (expr).
std::unique_ptr<Statement> Parser::ParseCreateAuthorization() {
  auto statement = std::make_unique<AuthorizationStatement>();
  if (AcceptWord("role")) {
    statement->authorization_kind = AuthorizationKind::kCreateRole;
    statement->role_offset = Offset();
    statement->role = ExpectIdentifier();
    return statement;
  }
  ExpectWord("row");
  ExpectWord("filter");
  statement->authorization_kind = AuthorizationKind::kCreateRowFilter;
  statement->filter_name = ExpectIdentifier();
  ExpectWord("on");
  ParseAuthorizationTable(*statement);
  ExpectWord("for");
  ParseGrantee(*statement);
  ExpectWord("using");
  ExpectOp("(");
  statement->filter_offset = Offset();
  ParsedExpressionPtr expression = ParseExpression();
  CheckFilterExpression(*expression);
  statement->filter_expression = expression->ToString();
  ExpectOp(")");
  return statement;
}

// After DROP: ROLE r | ROW FILTER f ON [d.]t.
std::unique_ptr<Statement> Parser::ParseDropAuthorization() {
  auto statement = std::make_unique<AuthorizationStatement>();
  if (AcceptWord("role")) {
    statement->authorization_kind = AuthorizationKind::kDropRole;
    statement->role_offset = Offset();
    statement->role = ExpectIdentifier();
    return statement;
  }
  ExpectWord("row");
  ExpectWord("filter");
  statement->authorization_kind = AuthorizationKind::kDropRowFilter;
  statement->filter_name = ExpectIdentifier();
  ExpectWord("on");
  ParseAuthorizationTable(*statement);
  return statement;
}

// After SHOW GRANTS: [FOR ROLE r | USER u].
std::unique_ptr<Statement> Parser::ParseShowGrants() {
  auto statement = std::make_unique<AuthorizationStatement>();
  statement->authorization_kind = AuthorizationKind::kShowGrants;
  if (AcceptWord("for")) ParseGrantee(*statement);
  return statement;
}

std::unique_ptr<AuthorizationStatement> AuthorizationStatement::Copy() const {
  auto copy = std::make_unique<AuthorizationStatement>();
  copy->query_offset = query_offset;
  copy->text = text;
  copy->authorization_kind = authorization_kind;
  copy->privileges = privileges;
  copy->all_privileges = all_privileges;
  copy->object_kind = object_kind;
  copy->database = database;
  copy->name = name;
  copy->columns = columns;
  copy->object_offset = object_offset;
  copy->grantee_kind = grantee_kind;
  copy->grantee = grantee;
  copy->grantee_offset = grantee_offset;
  copy->role = role;
  copy->role_offset = role_offset;
  copy->filter_name = filter_name;
  copy->filter_expression = filter_expression;
  copy->filter_offset = filter_offset;
  return copy;
}

}  // namespace tarn::sql
