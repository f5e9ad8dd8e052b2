// Statements about the catalog rather than rows: SHOW, DESCRIBE, COMMENT ON, ALTER TABLE, USE and
// VACUUM (the lake's metadata; sql/session/catalog_statements.cc runs them).
#include "common/error.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {

std::unique_ptr<Statement> Parser::ParseShow() {
  ExpectWord("show");
  if (IsWord("select") || IsWord("from") || IsWord("table")) {
    if (AcceptWord("table")) {  // SHOW TABLE name: describe it
      auto describe = std::make_unique<DescribeStatement>();
      describe->table = ParseQualifiedName();
      return describe;
    }
    auto describe = std::make_unique<DescribeStatement>();
    describe->query = ParseQuery();
    return describe;
  }
  if (AcceptWord("grants")) return ParseShowGrants();
  auto statement = std::make_unique<ShowStatement>();
  if (AcceptWord("tables")) {
    statement->show_kind = ShowKind::kTables;
    if (AcceptWord("from") || AcceptWord("in")) {
      int64_t offset = Offset();
      QualifiedName database = ParseQualifiedName();
      if (!database.schema.empty()) {
        throw Error(ErrorCode::kSyntaxError, "SHOW TABLES FROM takes a database name")
            .AtQueryOffset(offset);
      }
      statement->database = database.name;
    }
    if (IsWord("like")) NotSupported("SHOW TABLES LIKE", Offset());
  } else if (AcceptWord("databases")) {
    statement->show_kind = ShowKind::kDatabases;
  } else if (AcceptWord("schemas")) {
    statement->show_kind = ShowKind::kSchemas;
  } else if (AcceptWord("all")) {
    if (!AcceptWord("tables")) statement->show_kind = ShowKind::kAll;
  } else {
    statement->show_kind = ShowKind::kVariable;
    if (IsWord("time") && IsWord(PeekToken(1), "zone")) {
      Advance();
      Advance();
      statement->name = "timezone";
      return statement;
    }
    statement->name = ParseSettingName();
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseDescribe() {
  ExpectWord("describe");
  auto statement = std::make_unique<DescribeStatement>();
  if (IsQueryStart() || IsOp("(") || IsWord("from")) {
    statement->query = ParseQuery();
  } else {
    AcceptWord("table");
    statement->table = ParseQualifiedName();
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseComment() {
  ExpectWord("comment");
  ExpectWord("on");
  auto statement = std::make_unique<CommentStatement>();
  if (AcceptWord("table")) {
    statement->object_kind = ObjectKind::kTable;
    statement->name = ParseQualifiedName();
  } else if (AcceptWord("view")) {
    statement->object_kind = ObjectKind::kView;
    statement->name = ParseQualifiedName();
  } else if (AcceptWord("column")) {
    statement->object_kind = ObjectKind::kColumn;
    int64_t offset = Offset();
    std::vector<std::string> parts;
    parts.push_back(ExpectIdentifier());
    while (AcceptOp(".")) parts.push_back(ExpectLabel());
    if (parts.size() < 2 || parts.size() > 4) {
      throw Error(ErrorCode::kSyntaxError, "column name must be qualified as table.column")
          .AtQueryOffset(offset);
    }
    statement->column = parts.back();
    statement->name.query_offset = offset;
    statement->name.name = parts[parts.size() - 2];
    if (parts.size() >= 3) statement->name.schema = parts[parts.size() - 3];
    if (parts.size() == 4) statement->name.catalog = parts[0];
  } else {
    SyntaxErrorExpected("TABLE, VIEW or COLUMN");
  }
  ExpectWord("is");
  if (AcceptWord("null")) {
    statement->is_null = true;
  } else if (Current().kind == TokenKind::kString) {
    statement->comment = Current().text;
    Advance();
  } else {
    SyntaxErrorExpected("a string or NULL");
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseAlter() {
  ExpectWord("alter");
  if (!IsWord("table")) {
    if (IsWord("view") || IsWord("schema") || IsWord("index") || IsWord("database")) {
      NotSupported("ALTER " + Current().text, Offset());
    }
    SyntaxErrorExpected("TABLE");
  }
  Advance();
  auto statement = std::make_unique<AlterTableStatement>();
  if (IsWord("if")) {
    Advance();
    ExpectWord("exists");
    statement->if_exists = true;
  }
  statement->table = ParseQualifiedName();
  int64_t action_offset = Offset();
  if (AcceptWord("set")) {
    if (IsWord("owner") || IsWord("steward")) {
      statement->action = AlterTableAction::kSetProperty;
      statement->property = Current().text;
      Advance();
      AcceptWord("to");
      if (Current().kind != TokenKind::kString) SyntaxErrorExpected("a string");
      statement->value = Current().text;
      Advance();
      return statement;
    }
    statement->action = AlterTableAction::kSetOptions;
    statement->options = ParseOptionList(/*allow_bare_flags=*/false);
  } else if (AcceptWord("add")) {
    if (IsWord("constraint") || IsWord("primary") || IsWord("unique") || IsWord("check") ||
        IsWord("foreign")) {
      NotSupported("ALTER TABLE ADD constraint", Offset());
    }
    AcceptWord("column");
    statement->action = AlterTableAction::kAddColumn;
    if (IsWord("if")) {
      Advance();
      ExpectWord("not");
      ExpectWord("exists");
      statement->if_column_exists = true;
    }
    statement->column = ParseColumnDefinition();
  } else if (AcceptWord("drop")) {
    if (IsWord("constraint")) NotSupported("ALTER TABLE DROP CONSTRAINT", Offset());
    AcceptWord("column");
    statement->action = AlterTableAction::kDropColumn;
    if (IsWord("if")) {
      Advance();
      ExpectWord("exists");
      statement->if_column_exists = true;
    }
    statement->old_name = ExpectIdentifier();
    if (!AcceptWord("cascade")) AcceptWord("restrict");
  } else if (AcceptWord("rename")) {
    if (AcceptWord("to")) {
      statement->action = AlterTableAction::kRenameTable;
      statement->new_name = ExpectIdentifier();
    } else {
      AcceptWord("column");
      statement->action = AlterTableAction::kRenameColumn;
      statement->old_name = ExpectIdentifier();
      ExpectWord("to");
      statement->new_name = ExpectIdentifier();
    }
  } else if (AcceptWord("alter")) {
    AcceptWord("column");
    statement->action = AlterTableAction::kAlterColumnType;
    statement->column.query_offset = Offset();
    statement->column.name = ExpectIdentifier();
    if (AcceptWord("set")) {
      if (AcceptWord("sensitivity")) {
        statement->action = AlterTableAction::kSetSensitivity;
        if (Current().kind != TokenKind::kIdentifier && Current().kind != TokenKind::kString) {
          SyntaxErrorExpected("a sensitivity (public, internal, confidential or pii)");
        }
        statement->value = Current().text;
        for (char& c : statement->value) {
          c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        Advance();
        return statement;
      }
      if (IsWord("default") || IsWord("not")) NotSupported("ALTER COLUMN SET", Offset());
      ExpectWord("data");
    } else if (IsWord("drop")) {
      NotSupported("ALTER COLUMN DROP", Offset());
    }
    ExpectWord("type");
    statement->column.type = ParseType();
    if (IsWord("using")) NotSupported("ALTER COLUMN TYPE ... USING", Offset());
  } else {
    if (Current().kind == TokenKind::kEnd) SyntaxError();
    throw Error(ErrorCode::kSyntaxError,
                "syntax error at or near \"" +
                    std::string(sql().substr(Current().offset, Current().end - Current().offset)) +
                    "\", expected SET, ADD, DROP, RENAME or ALTER")
        .AtQueryOffset(action_offset);
  }
  return statement;
}

std::unique_ptr<Statement> Parser::ParseUse() {
  ExpectWord("use");
  auto statement = std::make_unique<UseStatement>();
  int64_t offset = Offset();
  QualifiedName name = ParseQualifiedName();
  if (!name.schema.empty()) {
    throw Error(ErrorCode::kSyntaxError, "USE takes a database name").AtQueryOffset(offset);
  }
  statement->database = name.name;
  return statement;
}

std::unique_ptr<Statement> Parser::ParseVacuum() {
  int64_t offset = Offset();
  ExpectWord("vacuum");
  if (AtEnd() || IsOp(";")) NotSupported("VACUUM without a table", offset);
  if (IsWord("full") || IsWord("analyze") || IsWord("verbose") || IsWord("freeze") ||
      IsOp("(")) {
    NotSupported("VACUUM " + Current().text, Offset());
  }
  auto statement = std::make_unique<VacuumStatement>();
  statement->table = ParseQualifiedName();
  if (IsOp("(")) NotSupported("VACUUM column lists", Offset());
  if (AcceptWord("retain")) {
    int64_t amount_offset = Offset();
    int64_t amount = ParseIntegerLiteral();
    if (amount < 0) {
      throw Error(ErrorCode::kSyntaxError, "RETAIN needs a non-negative number")
          .AtQueryOffset(amount_offset);
    }
    if (AcceptWord("days") || AcceptWord("day")) {
      statement->retain_hours = amount * 24;
    } else if (AcceptWord("hours") || AcceptWord("hour")) {
      statement->retain_hours = amount;
    } else {
      SyntaxErrorExpected("DAYS or HOURS");
    }
  }
  return statement;
}

}  // namespace tarn::sql
