// Function calls (plain, aggregates with DISTINCT/FILTER/ORDER BY, OVER windows and frames) and the
// calls with SQL-standard syntax (EXTRACT, POSITION, SUBSTRING); part of the expression parser.
#include "common/error.h"
#include "sql/parser/parser.h"
#include "sql/parser/parser_internal.h"

namespace tarn::sql {

ParsedExpressionPtr Parser::ParseFunctionCall(std::vector<std::string> name, int64_t offset) {
  auto node = MakeExpression(ExpressionKind::kFunction, offset);
  node->function_name = std::move(name.back());
  if (name.size() == 2) node->function_schema = std::move(name[0]);
  ExpectOp("(");
  if (IsOp("*") && IsOp(PeekToken(1), ")")) {
    Advance();
    Advance();
    node->star_argument = true;
  } else if (AcceptOp(")")) {
  } else {
    if (AcceptWord("distinct")) {
      node->distinct = true;
    } else {
      AcceptWord("all");
    }
    do {
      const Token& token = Current();
      if ((token.kind == TokenKind::kIdentifier || token.kind == TokenKind::kQuotedIdentifier) &&
          (IsOp(PeekToken(1), ":=") || IsOp(PeekToken(1), "=>"))) {
        node->argument_names.resize(node->children.size());
        node->argument_names.push_back(token.text);
        Advance();
        Advance();
      } else if (!node->argument_names.empty()) {
        node->argument_names.emplace_back();
      }
      node->children.push_back(ParseExpression());
    } while (AcceptOp(","));
    if (IsWord("order") && IsWord(PeekToken(1), "by")) {
      Advance();
      Advance();
      node->order_by = ParseOrderByList();
    }
    if (IsWord("ignore") && IsWord(PeekToken(1), "nulls")) {
      Advance();
      Advance();
      node->ignore_nulls = true;
    } else if (IsWord("respect") && IsWord(PeekToken(1), "nulls")) {
      Advance();
      Advance();
    }
    ExpectOp(")");
  }
  if (IsWord("within") && IsWord(PeekToken(1), "group")) {
    // percentile_cont(q) / percentile_disc(q) WITHIN GROUP (ORDER BY x [ASC|DESC]) become the
    // aggregates quantile_cont(x, q) / quantile_disc(x, q) (DESC: __percentile_cont_desc and
    // __percentile_disc_desc, see exec/function/aggregate/quantile*.cc).
    int64_t within_offset = Offset();
    Advance();
    Advance();
    ExpectOp("(");
    ExpectWord("order");
    ExpectWord("by");
    std::vector<OrderByItem> order = ParseOrderByList();
    ExpectOp(")");
    const std::string function = node->function_name;
    bool cont = function == "percentile_cont";
    if (!cont && function != "percentile_disc") {
      NotSupported("WITHIN GROUP for " + function, within_offset);
    }
    if (node->children.size() != 1 || node->distinct || !node->order_by.empty() ||
        !node->argument_names.empty() || order.size() != 1) {
      NotSupported(function + " WITHIN GROUP other than (fraction) WITHIN GROUP (ORDER BY x)",
                   within_offset);
    }
    bool descending = order[0].direction == OrderDirection::kDescending;
    node->children.insert(node->children.begin(), std::move(order[0].expression));
    if (cont) {
      node->function_name = descending ? "__percentile_cont_desc" : "quantile_cont";
    } else {
      node->function_name = descending ? "__percentile_disc_desc" : "quantile_disc";
    }
  }
  if (IsWord("filter") && IsOp(PeekToken(1), "(")) {
    Advance();
    Advance();
    ExpectWord("where");
    node->filter = ParseExpression();
    ExpectOp(")");
  }
  if (IsWord("over")) {
    Advance();
    if (IsOp("(")) {
      node->window = ParseWindowSpec();
    } else {
      node->window = std::make_unique<WindowSpec>();
      node->window->query_offset = Offset();
      node->window->base_window = ExpectIdentifier();
    }
  }
  return node;
}

ParsedExpressionPtr Parser::ParseSpecialFunction(const std::string& name, int64_t offset) {
  Advance();  // name
  ExpectOp("(");
  std::vector<ParsedExpressionPtr> arguments;
  std::string function = name;
  if (name == "overlay") NotSupported("OVERLAY", offset);
  if (name == "extract") {
    const Token& field = Current();
    if (field.kind != TokenKind::kIdentifier && field.kind != TokenKind::kString &&
        field.kind != TokenKind::kQuotedIdentifier) {
      SyntaxError();
    }
    std::string text = field.text;
    for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    arguments.push_back(MakeStringConstant(std::move(text), field.offset));
    Advance();
    ExpectWord("from");
    arguments.push_back(ParseExpression());
    function = "date_part";
  } else if (name == "position") {
    ParsedExpressionPtr needle = ParseExpression(kPrecedencePattern + 1);
    ExpectWord("in");
    arguments.push_back(ParseExpression());
    arguments.push_back(std::move(needle));
    function = "strpos";
  } else if (name == "substring") {
    arguments.push_back(ParseExpression());
    if (AcceptOp(",")) {
      do {
        arguments.push_back(ParseExpression());
      } while (AcceptOp(","));
    } else if (AcceptWord("from")) {
      arguments.push_back(ParseExpression());
      if (AcceptWord("for")) arguments.push_back(ParseExpression());
    } else if (IsWord("for")) {
      int64_t for_offset = Offset();
      Advance();
      auto one = MakeExpression(ExpressionKind::kConstant, for_offset);
      one->constant_kind = ConstantKind::kInteger;
      one->value = "1";
      arguments.push_back(std::move(one));
      arguments.push_back(ParseExpression());
    }
  } else {  // trim
    if (AcceptWord("leading")) {
      function = "ltrim";
    } else if (AcceptWord("trailing")) {
      function = "rtrim";
    } else {
      AcceptWord("both");
    }
    if (AcceptWord("from")) {
      arguments.push_back(ParseExpression());
    } else {
      ParsedExpressionPtr first = ParseExpression();
      if (AcceptWord("from")) {
        arguments.push_back(ParseExpression());
        arguments.push_back(std::move(first));
      } else {
        arguments.push_back(std::move(first));
        while (AcceptOp(",")) arguments.push_back(ParseExpression());
      }
    }
  }
  ExpectOp(")");
  return MakeCall(std::move(function), std::move(arguments), offset);
}


std::unique_ptr<WindowSpec> Parser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  spec->query_offset = Offset();
  ExpectOp("(");
  if (IsIdentifier() && !IsWord("partition") && !IsWord("rows") && !IsWord("range") &&
      !IsWord("groups")) {
    spec->base_window = ExpectIdentifier();
  }
  if (IsWord("partition")) {
    Advance();
    ExpectWord("by");
    spec->partition_by = ParseExpressionList();
  }
  if (AcceptWord("order")) {
    ExpectWord("by");
    spec->order_by = ParseOrderByList();
  }
  if (IsWord("rows") || IsWord("range") || IsWord("groups")) {
    spec->frame_unit = IsWord("rows")    ? FrameUnit::kRows
                       : IsWord("range") ? FrameUnit::kRange
                                         : FrameUnit::kGroups;
    Advance();
    if (AcceptWord("between")) {
      ParseFrameBound(spec->frame_start);
      ExpectWord("and");
      ParseFrameBound(spec->frame_end);
    } else {
      ParseFrameBound(spec->frame_start);
      spec->frame_end.kind = FrameBoundKind::kCurrentRow;
    }
    if (IsWord("exclude")) NotSupported("frame EXCLUDE", Offset());
  }
  ExpectOp(")");
  return spec;
}

void Parser::ParseFrameBound(FrameBound& bound) {
  if (IsWord("unbounded")) {
    Advance();
    if (AcceptWord("preceding")) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
    } else {
      ExpectWord("following");
      bound.kind = FrameBoundKind::kUnboundedFollowing;
    }
    return;
  }
  if (IsWord("current") && IsWord(PeekToken(1), "row")) {
    Advance();
    Advance();
    bound.kind = FrameBoundKind::kCurrentRow;
    return;
  }
  bound.offset = ParseExpression(kPrecedenceAnd + 1);
  if (AcceptWord("preceding")) {
    bound.kind = FrameBoundKind::kPreceding;
  } else {
    ExpectWord("following");
    bound.kind = FrameBoundKind::kFollowing;
  }
}


}  // namespace tarn::sql
