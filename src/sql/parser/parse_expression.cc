// Expressions and types: precedence climbing over PostgreSQL's operator table. Function calls and
// window specs are in parse_function_call.cc.
#include <algorithm>
#include <array>

#include "common/error.h"
#include "common/number_parse.h"
#include "sql/parser/parser.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {
namespace {

struct InfixOperator {
  std::string_view text;
  ExpressionOp op;
  int precedence;
};

constexpr std::array<InfixOperator, 23> kInfixOperators = {{
    {"=", ExpressionOp::kEqual, kPrecedenceComparison},
    {"==", ExpressionOp::kEqual, kPrecedenceComparison},
    {"<>", ExpressionOp::kNotEqual, kPrecedenceComparison},
    {"!=", ExpressionOp::kNotEqual, kPrecedenceComparison},
    {"<", ExpressionOp::kLess, kPrecedenceComparison},
    {"<=", ExpressionOp::kLessEqual, kPrecedenceComparison},
    {">", ExpressionOp::kGreater, kPrecedenceComparison},
    {">=", ExpressionOp::kGreaterEqual, kPrecedenceComparison},
    {"||", ExpressionOp::kConcat, kPrecedenceOther},
    {"&", ExpressionOp::kBitwiseAnd, kPrecedenceOther},
    {"|", ExpressionOp::kBitwiseOr, kPrecedenceOther},
    {"<<", ExpressionOp::kShiftLeft, kPrecedenceOther},
    {">>", ExpressionOp::kShiftRight, kPrecedenceOther},
    {"~", ExpressionOp::kRegexMatch, kPrecedenceOther},
    {"!~", ExpressionOp::kRegexNotMatch, kPrecedenceOther},
    {"~*", ExpressionOp::kRegexIMatch, kPrecedenceOther},
    {"!~*", ExpressionOp::kRegexNotIMatch, kPrecedenceOther},
    {"+", ExpressionOp::kAdd, kPrecedenceAdditive},
    {"-", ExpressionOp::kSubtract, kPrecedenceAdditive},
    {"*", ExpressionOp::kMultiply, kPrecedenceMultiplicative},
    {"/", ExpressionOp::kDivide, kPrecedenceMultiplicative},
    {"//", ExpressionOp::kIntegerDivide, kPrecedenceMultiplicative},
    {"%", ExpressionOp::kModulo, kPrecedenceMultiplicative},
}};

const InfixOperator* FindInfixOperator(const Token& token) {
  if (token.kind != TokenKind::kOperator) return nullptr;
  for (const InfixOperator& candidate : kInfixOperators) {
    if (candidate.text == token.text) return &candidate;
  }
  return nullptr;
}

bool IsPatternWord(const Token& token) {
  return Parser::IsWord(token, "in") || Parser::IsWord(token, "like") ||
         Parser::IsWord(token, "ilike") || Parser::IsWord(token, "between") ||
         Parser::IsWord(token, "similar") || Parser::IsWord(token, "glob");
}

bool IsIntervalUnit(std::string_view word) {
  static constexpr std::string_view kUnits[] = {
      "year",   "years",   "month",  "months",  "day",          "days",         "hour",
      "hours",  "minute",  "minutes", "second", "seconds",      "millisecond",  "milliseconds",
      "microsecond", "microseconds", "week", "weeks", "decade", "decades", "century",
      "centuries", "quarter", "quarters", "millennium", "millennia"};
  for (std::string_view unit : kUnits) {
    if (unit == word) return true;
  }
  return false;
}

ParsedExpressionPtr MakeBinary(ExpressionOp op, ParsedExpressionPtr left, ParsedExpressionPtr right) {
  auto node = MakeExpression(ExpressionKind::kBinaryOperator, left->query_offset);
  node->op = op;
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(right));
  return node;
}

// Functions whose names are reserved words but still callable: left('abc', 2).
bool IsReservedFunctionName(std::string_view word) { return word == "left" || word == "right"; }

}  // namespace

ParsedExpressionPtr MakeStringConstant(std::string value, int64_t offset) {
  auto node = MakeExpression(ExpressionKind::kConstant, offset);
  node->constant_kind = ConstantKind::kString;
  node->value = std::move(value);
  return node;
}

ParsedExpressionPtr MakeCall(std::string name, std::vector<ParsedExpressionPtr> arguments,
                             int64_t offset) {
  auto node = MakeExpression(ExpressionKind::kFunction, offset);
  node->function_name = std::move(name);
  node->children = std::move(arguments);
  return node;
}

ParsedExpressionPtr Parser::ParseExpression(int min_precedence) {
  DepthGuard guard(*this);
  // 'height_' bounds the height of the tree under construction in this frame: nested calls raise
  // it to their result's height, each operator applied here adds one. Checked on return, so that
  // walking or destroying the tree (here or in the binder) cannot overflow the stack.
  int outer_height = height_;
  height_ = 0;
  int64_t start_offset = Offset();
  ParsedExpressionPtr left = ParsePrefix();

  while (true) {
    const Token& token = Current();
    int precedence = -1;
    const InfixOperator* infix = FindInfixOperator(token);
    bool negated_pattern = false;
    if (infix != nullptr) {
      precedence = infix->precedence;
    } else if (IsOp(token, "^") || IsOp(token, "**")) {
      precedence = kPrecedencePower;
    } else if (IsWord(token, "or")) {
      precedence = kPrecedenceOr;
    } else if (IsWord(token, "and")) {
      precedence = kPrecedenceAnd;
    } else if (IsWord(token, "is") || IsWord(token, "isnull") || IsWord(token, "notnull")) {
      precedence = kPrecedenceIs;
    } else if (IsPatternWord(token)) {
      precedence = kPrecedencePattern;
    } else if (IsWord(token, "not") && IsPatternWord(PeekToken(1))) {
      precedence = kPrecedencePattern;
      negated_pattern = true;
    } else {
      break;
    }
    if (precedence < min_precedence) break;
    if (++height_ > kMaxExpressionHeight) TooDeep(start_offset);
    int64_t operator_offset = token.offset;

    if (infix != nullptr) {
      Advance();
      if (precedence == kPrecedenceComparison &&
          (IsWord("any") || IsWord("some") || IsWord("all")) && IsOp(PeekToken(1), "(")) {
        bool is_all = IsWord("all");
        int64_t quantifier_offset = Offset();
        Advance();
        Advance();
        if (!IsQueryStart()) NotSupported("ANY/ALL over a non-subquery", quantifier_offset);
        bool equal_any = infix->op == ExpressionOp::kEqual && !is_all;
        bool not_equal_all = infix->op == ExpressionOp::kNotEqual && is_all;
        if (!equal_any && !not_equal_all) {
          NotSupported("comparison with ANY/ALL other than = ANY and <> ALL", quantifier_offset);
        }
        auto node = MakeExpression(ExpressionKind::kInSubquery, left->query_offset);
        node->negated = not_equal_all;
        node->subquery = ParseQuery();
        ExpectOp(")");
        node->children.push_back(std::move(left));
        left = std::move(node);
        continue;
      }
      ParsedExpressionPtr right = ParseExpression(precedence + 1);
      left = MakeBinary(infix->op, std::move(left), std::move(right));
      continue;
    }
    if (precedence == kPrecedencePower) {
      Advance();
      ParsedExpressionPtr right = ParseExpression(precedence + 1);
      left = MakeBinary(ExpressionOp::kPower, std::move(left), std::move(right));
      continue;
    }
    if (precedence == kPrecedenceOr || precedence == kPrecedenceAnd) {
      Advance();
      ParsedExpressionPtr right = ParseExpression(precedence + 1);
      left = MakeBinary(precedence == kPrecedenceOr ? ExpressionOp::kOr : ExpressionOp::kAnd,
                        std::move(left), std::move(right));
      continue;
    }
    if (precedence == kPrecedenceIs) {
      if (AcceptWord("isnull") || AcceptWord("notnull")) {
        auto node = MakeExpression(ExpressionKind::kIsNull, left->query_offset);
        node->negated = IsWord(tokens_[position_ - 1], "notnull");
        node->children.push_back(std::move(left));
        left = std::move(node);
        continue;
      }
      Advance();  // IS
      bool negated = AcceptWord("not");
      if (AcceptWord("distinct")) {
        ExpectWord("from");
        ParsedExpressionPtr right = ParseExpression(kPrecedenceIs + 1);
        left = MakeBinary(negated ? ExpressionOp::kIsNotDistinctFrom : ExpressionOp::kIsDistinctFrom,
                          std::move(left), std::move(right));
        continue;
      }
      ExpressionKind kind;
      if (AcceptWord("null") || AcceptWord("unknown")) {
        kind = ExpressionKind::kIsNull;
      } else if (AcceptWord("true")) {
        kind = ExpressionKind::kIsTrue;
      } else if (AcceptWord("false")) {
        kind = ExpressionKind::kIsFalse;
      } else {
        SyntaxError();
      }
      auto node = MakeExpression(kind, left->query_offset);
      node->negated = negated;
      node->children.push_back(std::move(left));
      left = std::move(node);
      continue;
    }
    // Pattern level: [NOT] IN / LIKE / ILIKE / SIMILAR TO / GLOB / BETWEEN.
    if (negated_pattern) Advance();
    std::string word = Current().text;
    Advance();
    if (word == "in") {
      if (!IsOp("(")) SyntaxErrorExpected("\"(\"");
      if (IsQueryGroup(/*bare_parentheses=*/false)) {
        Advance();
        auto node = MakeExpression(ExpressionKind::kInSubquery, left->query_offset);
        node->negated = negated_pattern;
        node->subquery = ParseQuery();
        ExpectOp(")");
        node->children.push_back(std::move(left));
        left = std::move(node);
        continue;
      }
      Advance();
      auto node = MakeExpression(ExpressionKind::kInList, left->query_offset);
      node->negated = negated_pattern;
      node->children.push_back(std::move(left));
      do {
        node->children.push_back(ParseExpression());
      } while (AcceptOp(","));
      ExpectOp(")");
      left = std::move(node);
      continue;
    }
    if (word == "between") {
      if (IsWord("symmetric")) NotSupported("BETWEEN SYMMETRIC", Offset());
      AcceptWord("asymmetric");
      auto node = MakeExpression(ExpressionKind::kBetween, left->query_offset);
      node->negated = negated_pattern;
      node->children.push_back(std::move(left));
      node->children.push_back(ParseExpression(kPrecedencePattern + 1));
      ExpectWord("and");
      node->children.push_back(ParseExpression(kPrecedencePattern + 1));
      left = std::move(node);
      continue;
    }
    ExpressionOp op;
    if (word == "like") {
      op = negated_pattern ? ExpressionOp::kNotLike : ExpressionOp::kLike;
    } else if (word == "ilike") {
      op = negated_pattern ? ExpressionOp::kNotILike : ExpressionOp::kILike;
    } else if (word == "similar") {
      ExpectWord("to");
      op = negated_pattern ? ExpressionOp::kNotSimilarTo : ExpressionOp::kSimilarTo;
    } else {  // glob
      if (negated_pattern) NotSupported("NOT GLOB", operator_offset);
      op = ExpressionOp::kGlob;
    }
    ParsedExpressionPtr pattern = ParseExpression(kPrecedencePattern + 1);
    left = MakeBinary(op, std::move(left), std::move(pattern));
    if (IsWord("escape")) {
      if (op == ExpressionOp::kGlob) SyntaxError();
      Advance();
      left->children.push_back(ParseExpression(kPrecedencePattern + 1));
    }
  }
  int height = height_ + 2;
  if (height > kMaxExpressionHeight) TooDeep(start_offset);
  height_ = std::max(outer_height, height);
  return left;
}

ParsedExpressionPtr Parser::ParsePrefix() {
  int64_t offset = Offset();
  if (IsWord("not")) {
    Advance();
    auto node = MakeExpression(ExpressionKind::kNot, offset);
    node->children.push_back(ParseExpression(kPrecedenceNot));
    return node;
  }
  if (IsOp("-") || IsOp("+") || IsOp("~")) {
    std::string op = Current().text;
    Advance();
    ParsedExpressionPtr operand = ParseExpression(kPrecedenceUnary);
    bool numeric = operand->kind == ExpressionKind::kConstant &&
                   (operand->constant_kind == ConstantKind::kInteger ||
                    operand->constant_kind == ConstantKind::kDecimal);
    if (numeric && op == "+") return operand;
    if (numeric && op == "-" && !operand->value.empty() && operand->value[0] != '-') {
      operand->value.insert(0, "-");
      operand->query_offset = offset;
      return operand;
    }
    auto node = MakeExpression(ExpressionKind::kUnaryOperator, offset);
    node->op = op == "-" ? ExpressionOp::kNegate
               : op == "+" ? ExpressionOp::kPlus
                           : ExpressionOp::kBitwiseNot;
    node->children.push_back(std::move(operand));
    return node;
  }
  return ParsePostfix(ParsePrimary());
}

ParsedExpressionPtr Parser::ParsePostfix(ParsedExpressionPtr expression) {
  while (true) {
    if (IsOp("::")) {
      Advance();
      auto node = MakeExpression(ExpressionKind::kCast, expression->query_offset);
      node->type = ParseType();
      node->children.push_back(std::move(expression));
      expression = std::move(node);
    } else if (IsOp("[")) {
      int64_t offset = expression->query_offset;
      Advance();
      std::vector<ParsedExpressionPtr> arguments;
      arguments.push_back(std::move(expression));
      arguments.push_back(ParseExpression());
      if (IsOp(":")) NotSupported("list slices", Offset());
      ExpectOp("]");
      expression = MakeCall("array_extract", std::move(arguments), offset);
    } else if (IsWord("collate")) {
      NotSupported("COLLATE", Offset());
    } else if (IsWord("at") && IsWord(PeekToken(1), "time")) {
      NotSupported("AT TIME ZONE", Offset());
    } else {
      return expression;
    }
    if (++height_ > kMaxExpressionHeight) TooDeep(expression->query_offset);
  }
}

ParsedExpressionPtr Parser::ParsePrimary() {
  const Token& token = Current();
  int64_t offset = token.offset;
  switch (token.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal: {
      auto node = MakeExpression(ExpressionKind::kConstant, offset);
      node->constant_kind =
          token.kind == TokenKind::kInteger ? ConstantKind::kInteger : ConstantKind::kDecimal;
      node->value = token.text;
      Advance();
      return node;
    }
    case TokenKind::kString: {
      auto node = MakeStringConstant(token.text, offset);
      Advance();
      return node;
    }
    case TokenKind::kParameter: {
      auto node = MakeExpression(ExpressionKind::kParameter, offset);
      if (token.text.empty()) {
        node->parameter_index = next_question_parameter_++;
      } else if (!ParseInt64(token.text, node->parameter_index) || node->parameter_index <= 0 ||
                 node->parameter_index > 65535) {
        throw Error(ErrorCode::kSyntaxError, "there is no parameter $" + token.text)
            .AtQueryOffset(offset);
      }
      Advance();
      return node;
    }
    case TokenKind::kQuotedIdentifier:
      if (PeekToken(1).kind == TokenKind::kString) {  // "type" 'literal'
        auto node = MakeExpression(ExpressionKind::kTypedLiteral, offset);
        node->type.name = token.text;
        node->type.query_offset = offset;
        Advance();
        node->value = Current().text;
        Advance();
        return node;
      }
      return ParseNameOrCall();
    case TokenKind::kEnd:
      SyntaxError();
    case TokenKind::kOperator:
      if (token.text == "(") {
        if (IsQueryGroup(/*bare_parentheses=*/false)) {
          Advance();
          auto node = MakeExpression(ExpressionKind::kSubquery, offset);
          node->subquery = ParseQuery();
          ExpectOp(")");
          return node;
        }
        Advance();
        ParsedExpressionPtr inner = ParseExpression();
        if (IsOp(",")) NotSupported("row constructors", offset);
        ExpectOp(")");
        return inner;
      }
      if (token.text == "{") return ParseStructLiteral();
      if (token.text == "[") return ParseListLiteral(offset);
      SyntaxError();
    case TokenKind::kIdentifier:
      break;
  }

  // An unquoted word: a keyword with its own syntax, a typed literal, a name or a call.
  const std::string& word = token.text;
  const Token& next = PeekToken(1);
  bool call = IsOp(next, "(");
  if (word == "true" || word == "false") {
    auto node = MakeExpression(ExpressionKind::kConstant, offset);
    node->constant_kind = ConstantKind::kBoolean;
    node->value = word;
    Advance();
    return node;
  }
  if (word == "null") {
    Advance();
    return MakeExpression(ExpressionKind::kConstant, offset);
  }
  if (word == "default") {
    Advance();
    return MakeExpression(ExpressionKind::kDefault, offset);
  }
  if (word == "case") return ParseCase();
  if (word == "cast" || (word == "try_cast" && call)) return ParseCast(word == "try_cast");
  if (word == "exists" && call) {
    Advance();
    Advance();
    if (!IsQueryStart() && !IsOp("(")) SyntaxError();
    auto node = MakeExpression(ExpressionKind::kExists, offset);
    node->subquery = ParseQuery();
    ExpectOp(")");
    return node;
  }
  if (word == "interval" && (next.kind == TokenKind::kString || next.kind == TokenKind::kInteger ||
                             next.kind == TokenKind::kDecimal || IsOp(next, "("))) {
    return ParseInterval();
  }
  if (word == "array" && IsOp(next, "[")) {
    Advance();
    return ParseListLiteral(offset);
  }
  if (word == "array" && call) NotSupported("ARRAY(subquery)", offset);
  if (word == "row" && call) NotSupported("row constructors", offset);
  if (word == "current_date" || word == "current_timestamp" || word == "current_time" ||
      word == "localtimestamp" || word == "localtime" || word == "current_user" ||
      word == "current_schema" || word == "current_catalog" || word == "session_user" ||
      word == "current_role" || word == "user") {
    Advance();
    if (IsOp("(") && IsOp(PeekToken(1), ")")) {
      Advance();
      Advance();
    }
    return MakeCall(word, {}, offset);
  }
  if (call && (word == "extract" || word == "position" || word == "substring" || word == "trim" ||
               word == "overlay")) {
    return ParseSpecialFunction(word, offset);
  }
  if (word == "timestamp" || word == "time") {
    // TIMESTAMP WITH TIME ZONE '...' : a type of several words before the string.
    if ((IsWord(next, "with") || IsWord(next, "without")) && IsWord(PeekToken(2), "time") &&
        IsWord(PeekToken(3), "zone") && PeekToken(4).kind == TokenKind::kString) {
      auto node = MakeExpression(ExpressionKind::kTypedLiteral, offset);
      node->type = ParseType();
      node->value = Current().text;
      Advance();
      return node;
    }
  }
  if (next.kind == TokenKind::kString && !IsReservedKeyword(word)) {
    // type 'literal': DATE '2020-01-01', TIMESTAMP '...', DECIMAL '1.5'.
    auto node = MakeExpression(ExpressionKind::kTypedLiteral, offset);
    node->type.name = word == "double" ? "double" : word;
    node->type.query_offset = offset;
    Advance();
    node->value = Current().text;
    Advance();
    return node;
  }
  if (IsReservedKeyword(word) && !(call && IsReservedFunctionName(word))) SyntaxError();
  return ParseNameOrCall();
}

void Parser::ParseStarModifiers(ParsedExpression& star) {
  if (AcceptWord("exclude")) {
    if (AcceptOp("(")) {
      do {
        star.star_exclude.push_back(ExpectIdentifier());
      } while (AcceptOp(","));
      ExpectOp(")");
    } else {
      star.star_exclude.push_back(ExpectIdentifier());
    }
  }
  if (IsWord("replace") && IsOp(PeekToken(1), "(")) NotSupported("* REPLACE", Offset());
}

ParsedExpressionPtr Parser::ParseNameOrCall() {
  int64_t offset = Offset();
  std::vector<std::string> parts;
  parts.push_back(Current().text);
  Advance();
  while (IsOp(".")) {
    Advance();
    if (IsOp("*")) {
      Advance();
      auto node = MakeExpression(ExpressionKind::kStar, offset);
      node->names = std::move(parts);
      ParseStarModifiers(*node);
      return node;
    }
    parts.push_back(ExpectLabel());
  }
  if (IsOp("(")) {
    if (parts.size() > 2) {
      throw Error(ErrorCode::kSyntaxError, "improper qualified name (too many dotted names)")
          .AtQueryOffset(offset);
    }
    return ParseFunctionCall(std::move(parts), offset);
  }
  auto node = MakeExpression(ExpressionKind::kColumnRef, offset);
  node->names = std::move(parts);
  return node;
}

ParsedExpressionPtr Parser::ParseCase() {
  auto node = MakeExpression(ExpressionKind::kCase, Offset());
  Advance();  // CASE
  if (!IsWord("when")) node->case_operand = ParseExpression();
  while (AcceptWord("when")) {
    CaseBranch branch;
    branch.when = ParseExpression();
    ExpectWord("then");
    branch.then = ParseExpression();
    node->case_branches.push_back(std::move(branch));
  }
  if (node->case_branches.empty()) SyntaxErrorExpected("WHEN");
  if (AcceptWord("else")) node->else_expression = ParseExpression();
  ExpectWord("end");
  return node;
}

ParsedExpressionPtr Parser::ParseCast(bool try_cast) {
  auto node = MakeExpression(ExpressionKind::kCast, Offset());
  node->try_cast = try_cast;
  Advance();
  ExpectOp("(");
  node->children.push_back(ParseExpression());
  ExpectWord("as");
  node->type = ParseType();
  ExpectOp(")");
  return node;
}

ParsedExpressionPtr Parser::ParseStructLiteral() {
  auto node = MakeExpression(ExpressionKind::kStruct, Offset());
  Advance();  // {
  if (AcceptOp("}")) return node;
  do {
    const Token& key = Current();
    if (key.kind != TokenKind::kString && key.kind != TokenKind::kIdentifier &&
        key.kind != TokenKind::kQuotedIdentifier) {
      SyntaxError();
    }
    node->struct_keys.push_back(key.text);
    Advance();
    ExpectOp(":");
    node->children.push_back(ParseExpression());
  } while (AcceptOp(","));
  ExpectOp("}");
  return node;
}

ParsedExpressionPtr Parser::ParseListLiteral(int64_t offset) {
  auto node = MakeExpression(ExpressionKind::kList, offset);
  ExpectOp("[");
  if (AcceptOp("]")) return node;
  do {
    node->children.push_back(ParseExpression());
  } while (AcceptOp(","));
  ExpectOp("]");
  return node;
}

ParsedExpressionPtr Parser::ParseInterval() {
  auto node = MakeExpression(ExpressionKind::kTypedLiteral, Offset());
  node->type.name = "interval";
  node->type.query_offset = Offset();
  Advance();  // INTERVAL
  const Token& token = Current();
  if (IsOp("(")) NotSupported("INTERVAL with a non-constant value", token.offset);
  bool is_number = token.kind != TokenKind::kString;
  node->value = token.text;
  Advance();
  if (Current().kind == TokenKind::kIdentifier && IsIntervalUnit(Current().text)) {
    node->value += " " + Current().text;
    Advance();
    if (IsWord("to")) NotSupported("INTERVAL ... TO ...", Offset());
  } else if (is_number) {
    SyntaxErrorExpected("an interval unit");
  }
  return node;
}

int64_t Parser::ParseIntegerLiteral() {
  const Token& token = Current();
  int64_t value = 0;
  if (token.kind != TokenKind::kInteger || !ParseInt64(token.text, value)) SyntaxError();
  Advance();
  return value;
}

TypeName Parser::ParseType() {
  TypeName type;
  type.query_offset = Offset();
  const Token& token = Current();
  if (token.kind == TokenKind::kQuotedIdentifier) {
    type.name = token.text;
    Advance();
  } else if (token.kind == TokenKind::kIdentifier && !IsReservedKeyword(token.text)) {
    type.name = token.text;
    Advance();
    if (type.name == "double") {
      AcceptWord("precision");
    } else if (type.name == "character" || type.name == "char") {
      type.name = AcceptWord("varying") ? "varchar" : "char";
    } else if (type.name == "struct" || type.name == "map" || type.name == "union") {
      NotSupported("nested types", type.query_offset);
    }
  } else {
    SyntaxErrorExpected("a type name");
  }
  if (AcceptOp("(")) {
    do {
      type.parameters.push_back(ParseIntegerLiteral());
    } while (AcceptOp(","));
    ExpectOp(")");
  }
  if ((type.name == "timestamp" || type.name == "time") &&
      (IsWord("with") || IsWord("without")) && IsWord(PeekToken(1), "time") &&
      IsWord(PeekToken(2), "zone")) {
    bool with_zone = IsWord("with");
    Advance();
    Advance();
    Advance();
    if (with_zone) type.name += "tz";
  }
  while (true) {
    if (IsOp("[")) {
      Advance();
      if (Current().kind == TokenKind::kInteger) Advance();
      ExpectOp("]");
      ++type.array_dimensions;
    } else if (IsWord("array")) {
      Advance();
      ++type.array_dimensions;
    } else {
      break;
    }
    if (type.array_dimensions > 32) SyntaxError();
  }
  return type;
}

std::vector<ParsedExpressionPtr> Parser::ParseExpressionList() {
  std::vector<ParsedExpressionPtr> list;
  do {
    list.push_back(ParseExpression());
  } while (AcceptOp(","));
  return list;
}

std::vector<OrderByItem> Parser::ParseOrderByList() {
  std::vector<OrderByItem> items;
  do {
    OrderByItem item;
    item.query_offset = Offset();
    item.expression = ParseExpression();
    if (AcceptWord("asc")) {
      item.direction = OrderDirection::kAscending;
    } else if (AcceptWord("desc")) {
      item.direction = OrderDirection::kDescending;
    }
    if (IsWord("nulls") && (IsWord(PeekToken(1), "first") || IsWord(PeekToken(1), "last"))) {
      Advance();
      item.null_order = IsWord("first") ? NullOrder::kNullsFirst : NullOrder::kNullsLast;
      Advance();
    }
    items.push_back(std::move(item));
  } while (AcceptOp(","));
  return items;
}

}  // namespace tarn::sql
