#include "sql/parser/parser.h"

#include "common/error.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {

Parser::Parser(std::string_view sql) : sql_(sql), tokens_(Tokenize(sql)) {
  matching_.assign(tokens_.size(), -1);
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (IsOp(tokens_[i], "(")) {
      open.push_back(i);
    } else if (IsOp(tokens_[i], ")") && !open.empty()) {
      matching_[open.back()] = static_cast<int64_t>(i);
      open.pop_back();
    }
  }
}

const Token& Parser::PeekToken(size_t ahead) const {
  size_t index = position_ + ahead;
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

bool Parser::AcceptWord(std::string_view word) {
  if (!IsWord(word)) return false;
  Advance();
  return true;
}

bool Parser::AcceptOp(std::string_view op) {
  if (!IsOp(op)) return false;
  Advance();
  return true;
}

void Parser::ExpectWord(std::string_view word) {
  if (!AcceptWord(word)) {
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    SyntaxErrorExpected(upper);
  }
}

void Parser::ExpectOp(std::string_view op) {
  if (!AcceptOp(op)) SyntaxErrorExpected("\"" + std::string(op) + "\"");
}

void Parser::SyntaxErrorAt(const Token& token) const {
  if (token.kind == TokenKind::kEnd) {
    throw Error(ErrorCode::kSyntaxError, "syntax error at end of input").AtQueryOffset(token.offset);
  }
  std::string_view text = sql_.substr(token.offset, token.end - token.offset);
  throw Error(ErrorCode::kSyntaxError, "syntax error at or near \"" + std::string(text) + "\"")
      .AtQueryOffset(token.offset);
}

void Parser::SyntaxError() const { SyntaxErrorAt(Current()); }

void Parser::SyntaxErrorExpected(std::string_view what) const {
  const Token& token = Current();
  std::string message;
  if (token.kind == TokenKind::kEnd) {
    message = "syntax error at end of input";
  } else {
    message = "syntax error at or near \"" +
              std::string(sql_.substr(token.offset, token.end - token.offset)) + "\"";
  }
  message += ", expected ";
  message += what;
  throw Error(ErrorCode::kSyntaxError, std::move(message)).AtQueryOffset(token.offset);
}

void Parser::NotSupported(std::string_view what, int64_t offset) const {
  throw Error(ErrorCode::kNotSupported, "not supported: " + std::string(what))
      .AtQueryOffset(offset);
}

bool Parser::IsIdentifier(const Token& token) const {
  if (token.kind == TokenKind::kQuotedIdentifier) return true;
  return token.kind == TokenKind::kIdentifier && !IsReservedKeyword(token.text);
}

std::string Parser::ExpectIdentifier() {
  if (!IsIdentifier()) SyntaxError();
  std::string name = Current().text;
  Advance();
  return name;
}

std::string Parser::ExpectLabel() {
  const Token& token = Current();
  if (token.kind != TokenKind::kIdentifier && token.kind != TokenKind::kQuotedIdentifier) {
    SyntaxError();
  }
  std::string name = token.text;
  Advance();
  return name;
}

QualifiedName Parser::ParseQualifiedName() {
  QualifiedName name;
  name.query_offset = Offset();
  std::vector<std::string> parts;
  parts.push_back(ExpectIdentifier());
  while (IsOp(".")) {
    Advance();
    parts.push_back(ExpectLabel());
  }
  if (parts.size() > 3) {
    throw Error(ErrorCode::kSyntaxError, "improper qualified name (too many dotted names)")
        .AtQueryOffset(name.query_offset);
  }
  name.name = std::move(parts.back());
  if (parts.size() >= 2) name.schema = std::move(parts[parts.size() - 2]);
  if (parts.size() == 3) name.catalog = std::move(parts[0]);
  return name;
}

std::vector<std::string> Parser::ParseIdentifierList() {
  ExpectOp("(");
  std::vector<std::string> names;
  do {
    names.push_back(ExpectIdentifier());
  } while (AcceptOp(","));
  ExpectOp(")");
  return names;
}

Parser::DepthGuard::DepthGuard(Parser& parser) : parser_(parser) { parser_.EnterDepth(); }

void Parser::EnterDepth() {
  if (++depth_ > kMaxParseDepth) {
    --depth_;
    TooDeep(Offset());
  }
}

void Parser::TooDeep(int64_t offset) const {
  throw Error(ErrorCode::kSyntaxError, "statement is nested too deeply (more than " +
                                           std::to_string(kMaxParseDepth) + " levels)")
      .AtQueryOffset(offset);
}

void Parser::CountChainNode(int64_t offset) {
  if (++chain_nodes_ > kMaxParseDepth) TooDeep(offset);
}

std::vector<std::unique_ptr<Statement>> Parser::ParseAll() {
  std::vector<std::unique_ptr<Statement>> statements;
  while (true) {
    while (AcceptOp(";")) {
    }
    if (AtEnd()) break;
    chain_nodes_ = 0;
    height_ = 0;
    statements.push_back(ParseStatement());
    if (!AtEnd() && !IsOp(";")) SyntaxError();
  }
  return statements;
}

ParsedExpressionPtr Parser::ParseSingleExpression() {
  ParsedExpressionPtr expression = ParseExpression();
  if (!AtEnd()) SyntaxError();
  return expression;
}

TypeName Parser::ParseSingleType() {
  TypeName type = ParseType();
  if (!AtEnd()) SyntaxError();
  return type;
}

ParsedExpressionPtr MakeExpression(ExpressionKind kind, int64_t offset) {
  auto expression = std::make_unique<ParsedExpression>();
  expression->kind = kind;
  expression->query_offset = offset;
  return expression;
}

std::vector<std::unique_ptr<Statement>> ParseStatements(std::string_view sql) {
  return Parser(sql).ParseAll();
}

ParsedExpressionPtr ParseExpression(std::string_view sql) {
  return Parser(sql).ParseSingleExpression();
}

TypeName ParseTypeName(std::string_view sql) { return Parser(sql).ParseSingleType(); }

std::string QuoteIdentifier(std::string_view name) {
  bool simple = !name.empty() && !IsReservedKeyword(name) &&
                ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) simple = false;
  }
  if (simple) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace tarn::sql
