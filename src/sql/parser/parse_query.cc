// Queries: WITH, SELECT blocks, set operations, VALUES, ORDER BY / LIMIT, and the FROM clause.
#include "common/error.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {
namespace {

// Wraps 'node' as SELECT * FROM (node), so a second ORDER BY / LIMIT / WITH can be applied.
std::unique_ptr<QueryNode> WrapInSelect(std::unique_ptr<QueryNode> node) {
  auto wrapper = std::make_unique<QueryNode>();
  wrapper->kind = QueryNodeKind::kSelect;
  wrapper->query_offset = node->query_offset;
  wrapper->select_list.push_back(MakeExpression(ExpressionKind::kStar, node->query_offset));
  wrapper->from = std::make_unique<TableRef>();
  wrapper->from->kind = TableRefKind::kSubquery;
  wrapper->from->query_offset = node->query_offset;
  wrapper->from->subquery = std::move(node);
  return wrapper;
}

// Turns `name = value` arguments of a table function into named arguments (read_csv(header=true)).
void NameTableFunctionArguments(ParsedExpression& call) {
  for (size_t i = 0; i < call.children.size(); ++i) {
    if (!call.argument_names.empty() && !call.argument_names[i].empty()) continue;
    ParsedExpression& argument = *call.children[i];
    if (argument.kind != ExpressionKind::kBinaryOperator || argument.op != ExpressionOp::kEqual ||
        argument.children.size() != 2 || argument.children[0]->kind != ExpressionKind::kColumnRef ||
        argument.children[0]->names.size() != 1) {
      continue;
    }
    call.argument_names.resize(call.children.size());
    call.argument_names[i] = argument.children[0]->names[0];
    ParsedExpressionPtr value = std::move(argument.children[1]);
    call.children[i] = std::move(value);
  }
}

}  // namespace

bool Parser::IsQueryStart(size_t ahead) const {
  const Token& token = PeekToken(ahead);
  return IsWord(token, "select") || IsWord(token, "with") || IsWord(token, "values");
}

bool Parser::IsQueryGroup(bool bare_parentheses) const {
  // Find the run of '(' starting here; the innermost group is a query if it starts with a query
  // keyword. Walking outwards, each enclosing group is a query if the group inside it is one and
  // is followed by a set operation, ORDER BY or LIMIT (or, with 'bare_parentheses', nothing).
  size_t first = position_;
  size_t last = first;
  while (last < tokens_.size() && IsOp(tokens_[last], "(")) {
    ++last;
    if (last - first > static_cast<size_t>(kMaxParseDepth)) return false;
  }
  if (last == first || !IsQueryStart(last - position_)) return false;
  for (size_t group = last - 1; group > first; --group) {
    // 'group' is a query; decide whether 'group - 1' is.
    int64_t close = matching_[group];
    if (close < 0) return false;
    const Token& after = tokens_[static_cast<size_t>(close) + 1];
    bool continues = IsWord(after, "union") || IsWord(after, "intersect") ||
                     IsWord(after, "except") || IsWord(after, "order") ||
                     IsWord(after, "limit") || IsWord(after, "offset") || IsWord(after, "fetch");
    if (!continues && !(bare_parentheses && IsOp(after, ")"))) return false;
  }
  return true;
}

std::unique_ptr<QueryNode> Parser::ParseQuery() {
  DepthGuard guard(*this);
  int64_t offset = Offset();
  bool recursive = false;
  std::vector<CommonTableExpression> ctes;
  if (AcceptWord("with")) {
    recursive = AcceptWord("recursive");
    do {
      CommonTableExpression cte;
      cte.query_offset = Offset();
      cte.name = ExpectIdentifier();
      if (IsOp("(")) cte.column_names = ParseIdentifierList();
      ExpectWord("as");
      if (IsWord("not") && IsWord(PeekToken(1), "materialized")) {
        Advance();
        Advance();
      } else {
        AcceptWord("materialized");
      }
      ExpectOp("(");
      cte.query = ParseQuery();
      ExpectOp(")");
      ctes.push_back(std::move(cte));
    } while (AcceptOp(","));
  }
  std::unique_ptr<QueryNode> node = ParseSetOperation(0);

  std::vector<OrderByItem> order_by;
  ParsedExpressionPtr limit;
  ParsedExpressionPtr offset_expression;
  bool has_limit = false;
  if (IsWord("order")) {
    Advance();
    ExpectWord("by");
    order_by = ParseOrderByList();
  }
  while (true) {
    if (IsWord("limit") && !has_limit) {
      Advance();
      has_limit = true;
      if (!AcceptWord("all")) limit = ParseExpression();
    } else if (IsWord("offset") && offset_expression == nullptr) {
      Advance();
      offset_expression = ParseExpression();
      if (!AcceptWord("rows")) AcceptWord("row");
    } else if (IsWord("fetch") && !has_limit) {
      Advance();
      if (!AcceptWord("first")) ExpectWord("next");
      has_limit = true;
      if (IsWord("row") || IsWord("rows")) {
        auto one = MakeExpression(ExpressionKind::kConstant, Offset());
        one->constant_kind = ConstantKind::kInteger;
        one->value = "1";
        limit = std::move(one);
      } else {
        limit = ParseExpression(kPrecedenceAdditive);
      }
      if (!AcceptWord("rows")) ExpectWord("row");
      if (IsWord("with")) NotSupported("FETCH ... WITH TIES", Offset());
      ExpectWord("only");
    } else {
      break;
    }
  }
  if (!order_by.empty() || has_limit || offset_expression != nullptr) {
    if (!node->order_by.empty() || node->limit != nullptr || node->offset != nullptr ||
        !node->ctes.empty()) {
      node = WrapInSelect(std::move(node));
    }
    node->order_by = std::move(order_by);
    node->limit = std::move(limit);
    node->offset = std::move(offset_expression);
  }
  if (!ctes.empty()) {
    if (!node->ctes.empty()) node = WrapInSelect(std::move(node));
    node->ctes = std::move(ctes);
    node->recursive = recursive;
    node->query_offset = offset;
  }
  if (IsWord("for") && (IsWord(PeekToken(1), "update") || IsWord(PeekToken(1), "share"))) {
    NotSupported("FOR UPDATE/SHARE", Offset());
  }
  return node;
}

std::unique_ptr<QueryNode> Parser::ParseSetOperation(int min_precedence) {
  std::unique_ptr<QueryNode> left = ParseQueryPrimary();
  while (true) {
    int precedence;
    SetOperationKind kind;
    if (IsWord("union")) {
      precedence = 1;
      kind = SetOperationKind::kUnion;
    } else if (IsWord("except")) {
      precedence = 1;
      kind = SetOperationKind::kExcept;
    } else if (IsWord("intersect")) {
      precedence = 2;
      kind = SetOperationKind::kIntersect;
    } else {
      break;
    }
    if (precedence < min_precedence) break;
    CountChainNode(Offset());
    Advance();
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNodeKind::kSetOperation;
    node->query_offset = left->query_offset;
    node->set_operation = kind;
    if (AcceptWord("all")) {
      node->set_all = true;
    } else {
      AcceptWord("distinct");
    }
    if (IsWord("by") && IsWord(PeekToken(1), "name")) NotSupported("UNION BY NAME", Offset());
    node->left = std::move(left);
    node->right = ParseSetOperation(precedence + 1);
    left = std::move(node);
  }
  return left;
}

std::unique_ptr<QueryNode> Parser::ParseQueryPrimary() {
  if (IsOp("(")) {
    Advance();
    std::unique_ptr<QueryNode> node = ParseQuery();
    ExpectOp(")");
    return node;
  }
  if (IsWord("select")) return ParseSelectBlock();
  if (IsWord("values")) return ParseValues();
  if (IsWord("table")) {  // TABLE name = SELECT * FROM name
    auto node = std::make_unique<QueryNode>();
    node->query_offset = Offset();
    Advance();
    node->select_list.push_back(MakeExpression(ExpressionKind::kStar, node->query_offset));
    node->from = std::make_unique<TableRef>();
    node->from->query_offset = Offset();
    node->from->name = ParseQualifiedName();
    return node;
  }
  if (IsWord("from")) {  // DuckDB: FROM t [SELECT ...]
    int64_t offset = Offset();
    Advance();
    std::unique_ptr<TableRef> from = ParseFromList();
    std::unique_ptr<QueryNode> node;
    if (IsWord("select")) {
      node = ParseSelectBlock();
      if (node->from != nullptr) SyntaxErrorAt(tokens_[position_ - 1]);
    } else {
      node = std::make_unique<QueryNode>();
      node->select_list.push_back(MakeExpression(ExpressionKind::kStar, offset));
    }
    node->query_offset = offset;
    node->from = std::move(from);
    return node;
  }
  SyntaxError();
}

std::unique_ptr<QueryNode> Parser::ParseSelectBlock() {
  auto node = std::make_unique<QueryNode>();
  node->kind = QueryNodeKind::kSelect;
  node->query_offset = Offset();
  ExpectWord("select");
  if (AcceptWord("distinct")) {
    node->distinct = true;
    if (AcceptWord("on")) {
      ExpectOp("(");
      node->distinct_on = ParseExpressionList();
      ExpectOp(")");
    }
  } else {
    AcceptWord("all");
  }
  ParseSelectList(*node);
  if (IsWord("into")) NotSupported("SELECT INTO", Offset());
  if (AcceptWord("from")) node->from = ParseFromList();
  if (AcceptWord("where")) node->where = ParseExpression();
  if (IsWord("group")) {
    Advance();
    ExpectWord("by");
    if (AcceptWord("all")) {
      node->group_by_all = true;
    } else {
      if ((IsWord("rollup") || IsWord("cube")) && IsOp(PeekToken(1), "(")) {
        NotSupported("ROLLUP/CUBE", Offset());
      }
      if (IsWord("grouping") && IsWord(PeekToken(1), "sets")) {
        NotSupported("GROUPING SETS", Offset());
      }
      node->group_by = ParseExpressionList();
    }
  }
  if (AcceptWord("having")) node->having = ParseExpression();
  for (int clause = 0; clause < 2; ++clause) {
    if (IsWord("window") && node->windows.empty()) {
      Advance();
      do {
        WindowDefinition definition;
        definition.query_offset = Offset();
        definition.name = ExpectIdentifier();
        ExpectWord("as");
        definition.spec = ParseWindowSpec();
        node->windows.push_back(std::move(definition));
      } while (AcceptOp(","));
    }
    if (IsWord("qualify") && node->qualify == nullptr) {
      Advance();
      node->qualify = ParseExpression();
    }
  }
  return node;
}

std::unique_ptr<QueryNode> Parser::ParseValues() {
  auto node = std::make_unique<QueryNode>();
  node->kind = QueryNodeKind::kValues;
  node->query_offset = Offset();
  ExpectWord("values");
  do {
    int64_t row_offset = Offset();
    ExpectOp("(");
    std::vector<ParsedExpressionPtr> row = ParseExpressionList();
    ExpectOp(")");
    if (!node->values.empty() && row.size() != node->values[0].size()) {
      throw Error(ErrorCode::kSyntaxError, "VALUES lists must all be the same length")
          .AtQueryOffset(row_offset);
    }
    node->values.push_back(std::move(row));
  } while (AcceptOp(","));
  return node;
}

bool Parser::CanBeBareAlias(const Token& token) const {
  if (token.kind == TokenKind::kQuotedIdentifier) return true;
  if (!IsIdentifier(token)) return false;
  static constexpr std::string_view kNotAliases[] = {"glob", "escape", "nulls", "exclude",
                                                     "replace", "at"};
  for (std::string_view word : kNotAliases) {
    if (token.text == word) return false;
  }
  return true;
}

void Parser::ParseSelectList(QueryNode& node) {
  do {
    if (IsOp("*")) {  // a bare * only stands as a whole select-list item
      auto star = MakeExpression(ExpressionKind::kStar, Offset());
      Advance();
      ParseStarModifiers(*star);
      node.select_list.push_back(std::move(star));
      continue;
    }
    ParsedExpressionPtr item = ParseExpression();
    if (AcceptWord("as")) {
      item->alias = ExpectLabel();
    } else if (CanBeBareAlias(Current())) {
      item->alias = Current().text;
      Advance();
    }
    node.select_list.push_back(std::move(item));
  } while (AcceptOp(","));
}

std::unique_ptr<TableRef> Parser::ParseFromList() {
  std::unique_ptr<TableRef> left = ParseTableRef();
  while (IsOp(",")) {
    CountChainNode(Offset());
    Advance();
    auto join = std::make_unique<TableRef>();
    join->kind = TableRefKind::kJoin;
    join->join_kind = JoinKind::kCross;
    join->query_offset = left->query_offset;
    join->left = std::move(left);
    join->right = ParseTableRef();
    left = std::move(join);
  }
  return left;
}

std::unique_ptr<TableRef> Parser::ParseTableRef() {
  DepthGuard guard(*this);
  std::unique_ptr<TableRef> left = ParseTablePrimary();
  while (true) {
    int64_t join_offset = Offset();
    bool natural = false;
    JoinKind kind = JoinKind::kInner;
    if (IsWord("asof") || IsWord("positional") || IsWord("semi") || IsWord("anti")) {
      NotSupported(Current().text + " joins", join_offset);
    }
    if (AcceptWord("cross")) {
      ExpectWord("join");
      kind = JoinKind::kCross;
    } else {
      natural = AcceptWord("natural");
      if (AcceptWord("inner")) {
      } else if (AcceptWord("left")) {
        kind = JoinKind::kLeft;
        AcceptWord("outer");
      } else if (AcceptWord("right")) {
        kind = JoinKind::kRight;
        AcceptWord("outer");
      } else if (AcceptWord("full")) {
        kind = JoinKind::kFull;
        AcceptWord("outer");
      } else if (!IsWord("join")) {
        if (natural) SyntaxErrorExpected("JOIN");
        break;
      }
      ExpectWord("join");
    }
    CountChainNode(join_offset);
    auto join = std::make_unique<TableRef>();
    join->kind = TableRefKind::kJoin;
    join->join_kind = kind;
    join->natural = natural;
    join->query_offset = left->query_offset;
    join->left = std::move(left);
    join->right = ParseTablePrimary();
    if (kind != JoinKind::kCross && !natural) {
      if (AcceptWord("on")) {
        join->condition = ParseExpression();
      } else if (AcceptWord("using")) {
        join->using_columns = ParseIdentifierList();
      } else {
        SyntaxErrorExpected("ON or USING");
      }
    }
    left = std::move(join);
  }
  return left;
}

std::unique_ptr<TableRef> Parser::ParseTablePrimary() {
  int64_t offset = Offset();
  if (IsWord("lateral")) NotSupported("LATERAL", offset);
  std::unique_ptr<TableRef> ref;
  if (IsOp("(")) {
    // A subquery, or a parenthesized join.
    if (IsQueryGroup(/*bare_parentheses=*/true)) {
      Advance();
      ref = std::make_unique<TableRef>();
      ref->kind = TableRefKind::kSubquery;
      ref->query_offset = offset;
      ref->subquery = ParseQuery();
      ExpectOp(")");
    } else {
      Advance();
      ref = ParseTableRef();
      ExpectOp(")");
    }
  } else if (Current().kind == TokenKind::kString) {
    ref = std::make_unique<TableRef>();
    ref->kind = TableRefKind::kFile;
    ref->query_offset = offset;
    ref->path = Current().text;
    Advance();
  } else {
    if (!IsIdentifier()) SyntaxError();
    ref = std::make_unique<TableRef>();
    ref->query_offset = offset;
    QualifiedName name = ParseQualifiedName();
    if (IsOp("(")) {
      std::vector<std::string> parts;
      if (!name.catalog.empty()) {
        throw Error(ErrorCode::kSyntaxError, "improper qualified name (too many dotted names)")
            .AtQueryOffset(offset);
      }
      if (!name.schema.empty()) parts.push_back(name.schema);
      parts.push_back(name.name);
      ref->kind = TableRefKind::kTableFunction;
      ref->function = ParseFunctionCall(std::move(parts), offset);
      NameTableFunctionArguments(*ref->function);
    } else {
      ref->kind = TableRefKind::kBaseTable;
      ref->name = std::move(name);
      if (IsWord("for") && (IsWord(PeekToken(1), "version") || IsWord(PeekToken(1), "timestamp") ||
                            IsWord(PeekToken(1), "system_time"))) {
        ParseTimeTravel(*ref);
      }
    }
  }
  ParseTableAlias(*ref);
  if (IsWord("tablesample") || (IsWord("using") && IsWord(PeekToken(1), "sample"))) {
    NotSupported("TABLESAMPLE", Offset());
  }
  return ref;
}

void Parser::ParseTimeTravel(TableRef& ref) {
  ExpectWord("for");
  if (IsWord("system_time")) NotSupported("FOR SYSTEM_TIME (use FOR TIMESTAMP AS OF)", Offset());
  ref.as_of_kind = AcceptWord("version") ? AsOfKind::kVersion : AsOfKind::kTimestamp;
  if (ref.as_of_kind == AsOfKind::kTimestamp) ExpectWord("timestamp");
  ExpectWord("as");
  ExpectWord("of");
  ref.as_of = ParseExpression(kPrecedenceOther);
}

void Parser::ParseTableAlias(TableRef& ref) {
  static constexpr std::string_view kNotAliases[] = {"set",  "asof",  "positional", "semi",
                                                     "anti", "pivot", "unpivot",    "sample"};
  if (AcceptWord("as")) {
    ref.alias = ExpectIdentifier();
  } else if (IsIdentifier()) {
    for (std::string_view word : kNotAliases) {
      if (IsWord(word)) return;
    }
    ref.alias = Current().text;
    Advance();
  } else {
    return;
  }
  if (IsOp("(")) ref.column_aliases = ParseIdentifierList();
}

}  // namespace tarn::sql
