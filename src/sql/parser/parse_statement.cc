// Statements other than queries: DDL, DML, EXPLAIN, COPY, PREPARE/EXECUTE, SET/RESET and
// transaction control (SHOW, DESCRIBE, COMMENT, ALTER TABLE, USE, VACUUM: parse_catalog_statement.cc).
#include "common/error.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {

std::unique_ptr<Statement> Parser::ParseStatement() {
  int64_t start = Offset();
  std::unique_ptr<Statement> statement = ParseStatementBody();
  statement->query_offset = start;
  statement->text = std::string(sql_.substr(start, PreviousEnd() - start));
  return statement;
}

std::unique_ptr<Statement> Parser::ParseStatementBody() {
  const Token& token = Current();
  if (IsQueryStart() || IsOp("(") || IsWord("from") || IsWord("table")) {
    auto statement = std::make_unique<SelectStatement>();
    statement->node = ParseQuery();
    return statement;
  }
  if (token.kind != TokenKind::kIdentifier) SyntaxError();
  const std::string& word = token.text;
  if (word == "create") return ParseCreate();
  if (word == "drop") return ParseDrop();
  if (word == "insert") return ParseInsert();
  if (word == "update") return ParseUpdate();
  if (word == "delete") return ParseDelete();
  if (word == "explain") return ParseExplain();
  if (word == "copy") return ParseCopy();
  if (word == "prepare") return ParsePrepare();
  if (word == "execute") return ParseExecute();
  if (word == "deallocate") return ParseDeallocate();
  if (word == "set") return ParseSet();
  if (word == "reset") return ParseReset();
  if (word == "show") return ParseShow();
  if (word == "describe") return ParseDescribe();
  if (word == "comment") return ParseComment();
  if (word == "alter") return ParseAlter();
  if (word == "use") return ParseUse();
  if (word == "vacuum") return ParseVacuum();
  if (word == "grant" || word == "revoke") return ParseGrantOrRevoke();
  if (word == "begin" || word == "start" || word == "commit" || word == "end" ||
      word == "rollback" || word == "abort") {
    return ParseTransaction();
  }
  static constexpr std::string_view kKnown[] = {
      "analyze", "analyse", "attach",   "detach",  "install",
      "load",   "pragma",  "call",   "checkpoint", "merge", "truncate", "export", "import",
      "listen", "notify",  "lock",   "reindex", "cluster", "discard", "savepoint", "release",
      "summarize", "pivot", "unpivot", "do"};
  for (std::string_view known : kKnown) {
    if (word == known) {
      std::string upper = word;
      for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
      NotSupported(upper, token.offset);
    }
  }
  SyntaxError();
}

// --- CREATE -----------------------------------------------------------------------------------

std::unique_ptr<Statement> Parser::ParseCreate() {
  int64_t offset = Offset();
  ExpectWord("create");
  bool or_replace = false;
  if (AcceptWord("or")) {
    ExpectWord("replace");
    or_replace = true;
  }
  bool temporary = AcceptWord("temporary") || AcceptWord("temp");
  if (!or_replace && !temporary &&
      (IsWord("role") || (IsWord("row") && IsWord(PeekToken(1), "filter")))) {
    return ParseCreateAuthorization();
  }
  if (IsWord("table")) return ParseCreateTable(offset, or_replace, temporary);
  if (IsWord("view")) return ParseCreateView(offset, or_replace, temporary);
  if (Current().kind == TokenKind::kIdentifier) {
    std::string what = Current().text;
    if (what == "unique" || what == "materialized") what += " " + PeekToken(1).text;
    for (char& c : what) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    static constexpr std::string_view kKnown[] = {"SCHEMA", "INDEX", "UNIQUE INDEX", "SEQUENCE",
                                                  "MACRO", "FUNCTION", "TYPE", "SECRET",
                                                  "MATERIALIZED VIEW", "DATABASE", "ROLE", "USER",
                                                  "TRIGGER", "EXTENSION"};
    for (std::string_view known : kKnown) {
      if (what == known) NotSupported("CREATE " + what, Offset());
    }
  }
  SyntaxErrorExpected("TABLE or VIEW");
}

std::unique_ptr<Statement> Parser::ParseCreateTable(int64_t offset, bool or_replace,
                                                    bool temporary) {
  ExpectWord("table");
  auto statement = std::make_unique<CreateTableStatement>();
  statement->or_replace = or_replace;
  statement->temporary = temporary;
  if (IsWord("if")) {
    Advance();
    ExpectWord("not");
    ExpectWord("exists");
    statement->if_not_exists = true;
  }
  statement->name = ParseQualifiedName();
  if (AcceptWord("as")) {
    statement->as_query = ParseQuery();
    if (IsWord("with") && IsWord(PeekToken(1), "no")) NotSupported("WITH NO DATA", Offset());
    return statement;
  }
  ExpectOp("(");
  do {
    int64_t item_offset = Offset();
    if (IsWord("primary")) {
      Advance();
      ExpectWord("key");
      if (!statement->primary_key.empty()) {
        throw Error(ErrorCode::kSyntaxError, "multiple primary keys for table are not allowed")
            .AtQueryOffset(item_offset);
      }
      statement->primary_key = ParseIdentifierList();
    } else if (IsWord("constraint") || IsWord("unique") || IsWord("check") ||
               IsWord("foreign")) {
      NotSupported("table constraints other than PRIMARY KEY", item_offset);
    } else {
      statement->columns.push_back(ParseColumnDefinition());
    }
  } while (AcceptOp(","));
  ExpectOp(")");
  if (statement->columns.empty()) {
    throw Error(ErrorCode::kSyntaxError, "a table needs at least one column").AtQueryOffset(offset);
  }
  if (AcceptWord("as")) NotSupported("CREATE TABLE with columns AS query", PreviousEnd());
  return statement;
}

ColumnDefinition Parser::ParseColumnDefinition() {
  ColumnDefinition column;
  column.query_offset = Offset();
  column.name = ExpectIdentifier();
  column.type = ParseType();
  while (true) {
    int64_t constraint_offset = Offset();
    if (IsWord("not") && IsWord(PeekToken(1), "null")) {
      Advance();
      Advance();
      column.not_null = true;
    } else if (AcceptWord("null")) {
      column.not_null = false;
    } else if (IsWord("primary")) {
      Advance();
      ExpectWord("key");
      column.primary_key = true;
      column.not_null = true;
    } else if (AcceptWord("unique")) {
      column.unique = true;
    } else if (AcceptWord("default")) {
      column.default_value = ParseExpression(kPrecedenceOther);
    } else if (IsWord("check") || IsWord("references") || IsWord("collate") ||
               IsWord("constraint") || IsWord("generated")) {
      NotSupported("column constraint " + Current().text, constraint_offset);
    } else {
      break;
    }
  }
  return column;
}

std::unique_ptr<Statement> Parser::ParseCreateView(int64_t offset, bool or_replace,
                                                   bool temporary) {
  ExpectWord("view");
  auto statement = std::make_unique<CreateViewStatement>();
  statement->or_replace = or_replace;
  statement->temporary = temporary;
  if (IsWord("if")) {
    Advance();
    ExpectWord("not");
    ExpectWord("exists");
    statement->if_not_exists = true;
  }
  statement->name = ParseQualifiedName();
  if (IsOp("(")) statement->column_names = ParseIdentifierList();
  ExpectWord("as");
  int64_t query_start = Offset();
  statement->query = ParseQuery();
  statement->query_text = std::string(sql().substr(query_start, PreviousEnd() - query_start));
  return statement;
}

// --- DROP / INSERT / UPDATE / DELETE ---------------------------------------------------------

std::unique_ptr<Statement> Parser::ParseDrop() {
  ExpectWord("drop");
  if (IsWord("role") || (IsWord("row") && IsWord(PeekToken(1), "filter"))) {
    return ParseDropAuthorization();
  }
  auto statement = std::make_unique<DropStatement>();
  if (AcceptWord("table")) {
    statement->object_kind = ObjectKind::kTable;
  } else if (AcceptWord("view")) {
    statement->object_kind = ObjectKind::kView;
  } else if (AcceptWord("schema")) {
    statement->object_kind = ObjectKind::kSchema;
  } else {
    if (Current().kind == TokenKind::kIdentifier &&
        (IsWord("index") || IsWord("sequence") || IsWord("macro") || IsWord("function") ||
         IsWord("type") || IsWord("secret") || IsWord("database"))) {
      NotSupported("DROP " + Current().text, Offset());
    }
    SyntaxErrorExpected("TABLE, VIEW or SCHEMA");
  }
  if (IsWord("if")) {
    Advance();
    ExpectWord("exists");
    statement->if_exists = true;
  }
  do {
    statement->names.push_back(ParseQualifiedName());
  } while (AcceptOp(","));
  if (AcceptWord("cascade")) {
    statement->cascade = true;
  } else {
    AcceptWord("restrict");
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseInsert() {
  ExpectWord("insert");
  if (IsWord("or")) NotSupported("INSERT OR ...", Offset());
  ExpectWord("into");
  auto statement = std::make_unique<InsertStatement>();
  statement->table = ParseQualifiedName();
  if (IsWord("as")) NotSupported("INSERT target alias", Offset());
  if (IsOp("(") && !IsQueryGroup(/*bare_parentheses=*/true)) {
    statement->columns = ParseIdentifierList();
  }
  if (IsWord("default") && IsWord(PeekToken(1), "values")) {
    Advance();
    Advance();
    statement->default_values = true;
  } else if (IsQueryStart() || IsOp("(") || IsWord("from") || IsWord("table")) {
    statement->query = ParseQuery();
  } else {
    SyntaxErrorExpected("VALUES or SELECT");
  }
  if (IsWord("on") && IsWord(PeekToken(1), "conflict")) NotSupported("ON CONFLICT", Offset());
  if (IsWord("returning")) NotSupported("RETURNING", Offset());
  return statement;
}

std::unique_ptr<Statement> Parser::ParseUpdate() {
  ExpectWord("update");
  auto statement = std::make_unique<UpdateStatement>();
  statement->table = ParseQualifiedName();
  if (AcceptWord("as")) {
    statement->alias = ExpectIdentifier();
  } else if (IsIdentifier() && !IsWord("set")) {
    statement->alias = ExpectIdentifier();
  }
  ExpectWord("set");
  do {
    UpdateSetItem item;
    item.query_offset = Offset();
    if (IsOp("(")) NotSupported("multiple-column assignment", item.query_offset);
    item.column = ExpectIdentifier();
    if (IsOp(".") || IsOp("[")) NotSupported("assignment to a field", Offset());
    ExpectOp("=");
    item.value = ParseExpression();
    statement->set_items.push_back(std::move(item));
  } while (AcceptOp(","));
  if (AcceptWord("from")) statement->from = ParseFromList();
  if (AcceptWord("where")) {
    if (IsWord("current") && IsWord(PeekToken(1), "of")) NotSupported("WHERE CURRENT OF", Offset());
    statement->where = ParseExpression();
  }
  if (IsWord("returning")) NotSupported("RETURNING", Offset());
  return statement;
}

std::unique_ptr<Statement> Parser::ParseDelete() {
  ExpectWord("delete");
  ExpectWord("from");
  auto statement = std::make_unique<DeleteStatement>();
  statement->table = ParseQualifiedName();
  if (AcceptWord("as")) {
    statement->alias = ExpectIdentifier();
  } else if (IsIdentifier()) {
    statement->alias = ExpectIdentifier();
  }
  if (IsWord("using")) NotSupported("DELETE ... USING", Offset());
  if (AcceptWord("where")) statement->where = ParseExpression();
  if (IsWord("returning")) NotSupported("RETURNING", Offset());
  return statement;
}

// --- EXPLAIN / COPY / PREPARE / EXECUTE -------------------------------------------------------

std::unique_ptr<Statement> Parser::ParseExplain() {
  ExpectWord("explain");
  auto statement = std::make_unique<ExplainStatement>();
  if (AcceptWord("analyze") || AcceptWord("analyse")) statement->analyze = true;
  AcceptWord("verbose");
  if (IsOp("(") && !IsQueryStart(1)) NotSupported("EXPLAIN options", Offset());
  if (IsWord("explain")) SyntaxError();
  DepthGuard guard(*this);
  statement->statement = ParseStatement();
  return statement;
}

ParsedExpressionPtr Parser::ParseOptionValue() {
  // A bare word (csv, zstd, on, true) is kept as a one-part column reference.
  const Token& token = Current();
  if (token.kind == TokenKind::kIdentifier && token.text != "true" && token.text != "false" &&
      token.text != "null" && token.text != "default" && token.text != "not" &&
      !IsOp(PeekToken(1), "(") && !IsOp(PeekToken(1), ".")) {
    auto node = MakeExpression(ExpressionKind::kColumnRef, token.offset);
    node->names.push_back(token.text);
    Advance();
    return node;
  }
  return ParseExpression();
}

std::vector<NamedOption> Parser::ParseOptionList(bool allow_bare_flags) {
  std::vector<NamedOption> options;
  ExpectOp("(");
  do {
    NamedOption option;
    option.query_offset = Offset();
    option.name = ExpectLabel();
    if (AcceptOp("=")) {
      option.value = ParseOptionValue();
    } else if (!allow_bare_flags) {
      SyntaxErrorExpected("\"=\"");
    } else if (!IsOp(",") && !IsOp(")")) {
      option.value = ParseOptionValue();
    }
    options.push_back(std::move(option));
  } while (AcceptOp(","));
  ExpectOp(")");
  return options;
}

std::unique_ptr<Statement> Parser::ParseCopy() {
  ExpectWord("copy");
  auto statement = std::make_unique<CopyStatement>();
  if (IsOp("(")) {
    Advance();
    statement->query = ParseQuery();
    ExpectOp(")");
  } else {
    statement->table = ParseQualifiedName();
    if (IsOp("(")) statement->columns = ParseIdentifierList();
  }
  if (AcceptWord("from")) {
    if (statement->query != nullptr) SyntaxErrorAt(tokens_[position_ - 1]);
    statement->is_from = true;
  } else {
    ExpectWord("to");
  }
  if (IsWord("stdin") || IsWord("stdout") || IsWord("program")) {
    NotSupported("COPY " + Current().text, Offset());
  }
  if (Current().kind != TokenKind::kString) SyntaxErrorExpected("a file name string");
  statement->path = Current().text;
  Advance();
  AcceptWord("with");
  if (IsOp("(")) statement->options = ParseOptionList(/*allow_bare_flags=*/true);
  return statement;
}

std::unique_ptr<Statement> Parser::ParsePrepare() {
  ExpectWord("prepare");
  auto statement = std::make_unique<PrepareStatement>();
  statement->name = ExpectIdentifier();
  if (AcceptOp("(")) {
    do {
      statement->parameter_types.push_back(ParseType());
    } while (AcceptOp(","));
    ExpectOp(")");
  }
  ExpectWord("as");
  if (IsWord("prepare")) SyntaxError();
  DepthGuard guard(*this);
  statement->statement = ParseStatement();
  return statement;
}

std::unique_ptr<Statement> Parser::ParseExecute() {
  ExpectWord("execute");
  auto statement = std::make_unique<ExecuteStatement>();
  statement->name = ExpectIdentifier();
  if (AcceptOp("(")) {
    statement->parameters = ParseExpressionList();
    ExpectOp(")");
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseDeallocate() {
  ExpectWord("deallocate");
  AcceptWord("prepare");
  auto statement = std::make_unique<DeallocateStatement>();
  if (!AcceptWord("all")) statement->name = ExpectIdentifier();
  return statement;
}

// --- SET / RESET ---------------------------------------------------------------------------------

std::unique_ptr<Statement> Parser::ParseSet() {
  ExpectWord("set");
  auto statement = std::make_unique<SetStatement>();
  if (AcceptWord("session")) {
    statement->scope = SetScope::kSession;
  } else if (AcceptWord("local")) {
    statement->scope = SetScope::kLocal;
  } else if (AcceptWord("global")) {
    statement->scope = SetScope::kGlobal;
  }
  if (IsWord("time") && IsWord(PeekToken(1), "zone")) {
    Advance();
    Advance();
    statement->name = "timezone";
    statement->value = ParseOptionValue();
    return statement;
  }
  statement->name = ParseSettingName();
  if (!AcceptOp("=")) ExpectWord("to");
  if (Current().kind == TokenKind::kIdentifier &&
      (IsOp(PeekToken(1), ";") || PeekToken(1).kind == TokenKind::kEnd)) {
    // SET x = on / SET x TO default: any bare word, reserved or not.
    auto node = MakeExpression(ExpressionKind::kColumnRef, Offset());
    node->names.push_back(Current().text);
    Advance();
    statement->value = std::move(node);
  } else {
    statement->value = ParseExpression();
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseReset() {
  ExpectWord("reset");
  auto statement = std::make_unique<SetStatement>();
  statement->is_reset = true;
  if (AcceptWord("all")) {
    statement->name = "all";
    return statement;
  }
  statement->name = ParseSettingName();
  return statement;
}

std::string Parser::ParseSettingName() {
  std::string name;
  do {
    if (!name.empty()) name += ".";
    const Token& token = Current();
    std::string part = ExpectLabel();
    if (part.find('.') != std::string::npos || part.empty()) SyntaxErrorAt(token);
    name += part;
  } while (AcceptOp("."));
  return name;
}

// --- transactions ------------------------------------------------------------------------------

std::unique_ptr<Statement> Parser::ParseTransaction() {
  auto statement = std::make_unique<TransactionStatement>();
  if (AcceptWord("begin")) {
    statement->transaction_kind = TransactionKind::kBegin;
    if (!AcceptWord("transaction")) AcceptWord("work");
  } else if (AcceptWord("start")) {
    statement->transaction_kind = TransactionKind::kBegin;
    ExpectWord("transaction");
  } else if (AcceptWord("commit") || AcceptWord("end")) {
    statement->transaction_kind = TransactionKind::kCommit;
    if (!AcceptWord("transaction")) AcceptWord("work");
  } else {
    Advance();  // ROLLBACK / ABORT
    statement->transaction_kind = TransactionKind::kRollback;
    if (!AcceptWord("transaction")) AcceptWord("work");
    if (IsWord("to")) NotSupported("ROLLBACK TO SAVEPOINT", Offset());
  }
  if (IsWord("isolation") || IsWord("read")) NotSupported("transaction modes", Offset());
  return statement;
}

}  // namespace tarn::sql
