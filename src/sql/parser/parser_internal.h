// The recursive-descent parser behind parser.h, shared by parse_expression.cc (expressions, types),
// parse_query.cc (SELECT, set operations, FROM), parse_catalog_statement.cc (SHOW, DESCRIBE,
// COMMENT, ALTER TABLE, USE, VACUUM) and parse_statement.cc (everything else).
// Not a public header: only files in sql/parser include it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {

// Binding strength of infix operators, weakest first (PostgreSQL's table).
enum Precedence : int {
  kPrecedenceLowest = 0,
  kPrecedenceOr = 1,
  kPrecedenceAnd = 2,
  kPrecedenceNot = 3,
  kPrecedenceIs = 4,
  kPrecedenceComparison = 5,
  kPrecedencePattern = 6,  // BETWEEN IN LIKE ILIKE SIMILAR GLOB
  kPrecedenceOther = 7,    // || and every other operator
  kPrecedenceAdditive = 8,
  kPrecedenceMultiplicative = 9,
  kPrecedencePower = 10,
  kPrecedenceUnary = 11,
};

// Height limit of one expression tree (operators chained or nested); see Parser::ParseExpression.
constexpr int kMaxExpressionHeight = 2 * kMaxParseDepth;

class Parser {
 public:
  explicit Parser(std::string_view sql);

  std::vector<std::unique_ptr<Statement>> ParseAll();
  ParsedExpressionPtr ParseSingleExpression();
  TypeName ParseSingleType();

  // --- token access
  const Token& Current() const { return tokens_[position_]; }
  const Token& PeekToken(size_t ahead = 1) const;
  void Advance() {
    if (tokens_[position_].kind != TokenKind::kEnd) ++position_;
  }
  bool AtEnd() const { return Current().kind == TokenKind::kEnd; }
  int64_t Offset() const { return Current().offset; }

  static bool IsWord(const Token& token, std::string_view word) {
    return token.kind == TokenKind::kIdentifier && token.text == word;
  }
  static bool IsOp(const Token& token, std::string_view op) {
    return token.kind == TokenKind::kOperator && token.text == op;
  }
  bool IsWord(std::string_view word) const { return IsWord(Current(), word); }
  bool IsOp(std::string_view op) const { return IsOp(Current(), op); }
  bool AcceptWord(std::string_view word);
  bool AcceptOp(std::string_view op);
  void ExpectWord(std::string_view word);
  void ExpectOp(std::string_view op);

  // Throws "syntax error at or near "<current token>"" (or "at end of input").
  [[noreturn]] void SyntaxError() const;
  [[noreturn]] void SyntaxErrorExpected(std::string_view what) const;
  [[noreturn]] void SyntaxErrorAt(const Token& token) const;
  [[noreturn]] void NotSupported(std::string_view what, int64_t offset) const;

  // Identifiers: an unquoted non-reserved word or a quoted identifier.
  bool IsIdentifier(const Token& token) const;
  bool IsIdentifier() const { return IsIdentifier(Current()); }
  std::string ExpectIdentifier();
  // After AS any word is allowed, reserved or not (PostgreSQL's ColLabel).
  std::string ExpectLabel();
  QualifiedName ParseQualifiedName();
  std::vector<std::string> ParseIdentifierList();  // '(' a, b ')'

  // --- depth guard: every recursive entry point holds one.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& parser);
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& parser_;
  };
  void EnterDepth();  // ++depth_, throwing past kMaxParseDepth
  [[noreturn]] void TooDeep(int64_t offset) const;
  // Counts one more set operation or join in the statement (left-deep chains), throwing past
  // kMaxParseDepth.
  void CountChainNode(int64_t offset);

  // --- expressions (parse_expression.cc)
  ParsedExpressionPtr ParseExpression(int min_precedence = kPrecedenceLowest);
  ParsedExpressionPtr ParsePrefix();
  ParsedExpressionPtr ParsePrimary();
  ParsedExpressionPtr ParsePostfix(ParsedExpressionPtr expression);
  ParsedExpressionPtr ParseNameOrCall();
  void ParseStarModifiers(ParsedExpression& star);  // * EXCLUDE (...)
  ParsedExpressionPtr ParseFunctionCall(std::vector<std::string> name, int64_t offset);
  ParsedExpressionPtr ParseSpecialFunction(const std::string& name, int64_t offset);
  ParsedExpressionPtr ParseCase();
  ParsedExpressionPtr ParseCast(bool try_cast);
  ParsedExpressionPtr ParseStructLiteral();
  ParsedExpressionPtr ParseListLiteral(int64_t offset);
  ParsedExpressionPtr ParseInterval();
  std::unique_ptr<WindowSpec> ParseWindowSpec();
  void ParseFrameBound(FrameBound& bound);
  TypeName ParseType();
  std::vector<ParsedExpressionPtr> ParseExpressionList();
  std::vector<OrderByItem> ParseOrderByList();
  int64_t ParseIntegerLiteral();

  // --- queries (parse_query.cc)
  bool IsQueryStart(size_t ahead = 0) const;  // SELECT, WITH or VALUES
  // True when the parenthesized group opened by the current token ('(') holds a query rather
  // than an expression list or a join: "(SELECT ..." or "((SELECT ...) UNION ...". With
  // 'bare_parentheses', "((SELECT 1))" counts as a query too (FROM, INSERT).
  bool IsQueryGroup(bool bare_parentheses) const;
  std::unique_ptr<QueryNode> ParseQuery();
  std::unique_ptr<QueryNode> ParseSetOperation(int min_precedence);
  std::unique_ptr<QueryNode> ParseQueryPrimary();
  std::unique_ptr<QueryNode> ParseSelectBlock();
  std::unique_ptr<QueryNode> ParseValues();
  void ParseSelectList(QueryNode& node);
  bool CanBeBareAlias(const Token& token) const;
  std::unique_ptr<TableRef> ParseFromList();
  std::unique_ptr<TableRef> ParseTableRef();
  std::unique_ptr<TableRef> ParseTablePrimary();
  void ParseTableAlias(TableRef& ref);
  void ParseTimeTravel(TableRef& ref);  // FOR VERSION|TIMESTAMP AS OF expr

  // --- statements (parse_statement.cc)
  std::unique_ptr<Statement> ParseStatement();  // sets query_offset and text
  std::unique_ptr<Statement> ParseStatementBody();
  std::unique_ptr<Statement> ParseCreate();
  std::unique_ptr<Statement> ParseCreateTable(int64_t offset, bool or_replace, bool temporary);
  std::unique_ptr<Statement> ParseCreateView(int64_t offset, bool or_replace, bool temporary);
  ColumnDefinition ParseColumnDefinition();
  std::unique_ptr<Statement> ParseDrop();
  std::unique_ptr<Statement> ParseInsert();
  std::unique_ptr<Statement> ParseUpdate();
  std::unique_ptr<Statement> ParseDelete();
  std::unique_ptr<Statement> ParseExplain();
  std::unique_ptr<Statement> ParseCopy();
  std::unique_ptr<Statement> ParsePrepare();
  std::unique_ptr<Statement> ParseExecute();
  std::unique_ptr<Statement> ParseDeallocate();
  std::unique_ptr<Statement> ParseSet();
  std::unique_ptr<Statement> ParseReset();
  std::unique_ptr<Statement> ParseTransaction();
  // --- catalog statements (parse_catalog_statement.cc)
  std::unique_ptr<Statement> ParseShow();
  std::unique_ptr<Statement> ParseDescribe();
  std::unique_ptr<Statement> ParseComment();
  std::unique_ptr<Statement> ParseAlter();
  std::unique_ptr<Statement> ParseUse();
  std::unique_ptr<Statement> ParseVacuum();
  std::vector<NamedOption> ParseOptionList(bool allow_bare_flags);
  ParsedExpressionPtr ParseOptionValue();
  std::string ParseSettingName();  // a.b.c for SET / RESET / SHOW; parts may not contain '.' 
  // --- authorization statements (parse_authorization_statement.cc)
  std::unique_ptr<Statement> ParseGrantOrRevoke();        // at GRANT or REVOKE
  std::unique_ptr<Statement> ParseCreateAuthorization();  // after CREATE, at ROLE or ROW
  std::unique_ptr<Statement> ParseDropAuthorization();    // after DROP, at ROLE or ROW
  std::unique_ptr<Statement> ParseShowGrants();           // after SHOW GRANTS
  void ParseAuthorizationTable(AuthorizationStatement& statement);
  void ParseGrantee(AuthorizationStatement& statement);  // ROLE r | USER u

  std::string_view sql() const { return sql_; }
  // End offset of the last consumed token (for statement and view text).
  int64_t PreviousEnd() const { return position_ == 0 ? 0 : tokens_[position_ - 1].end; }

 private:
  std::string_view sql_;
  std::vector<Token> tokens_;
  std::vector<int64_t> matching_;  // for each '(' token: index of its ')' (-1 if unmatched)
  size_t position_ = 0;
  int depth_ = 0;
  int height_ = 0;               // see ParseExpression
  int64_t chain_nodes_ = 0;      // set operations + joins in the current statement
  int64_t next_question_parameter_ = 1;  // '?' parameters are numbered left to right
};

// Makes a node of 'kind' at 'offset'.
ParsedExpressionPtr MakeExpression(ExpressionKind kind, int64_t offset);
// A string constant node / a call of 'name' with 'arguments' (parse_expression.cc).
ParsedExpressionPtr MakeStringConstant(std::string value, int64_t offset);
ParsedExpressionPtr MakeCall(std::string name, std::vector<ParsedExpressionPtr> arguments,
                             int64_t offset);

}  // namespace tarn::sql
