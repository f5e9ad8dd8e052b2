#include "sql/parser/lexer.h"

#include <algorithm>
#include <array>

#include "common/error.h"

namespace tarn::sql {
namespace {

// Sorted, so lookups are a binary search. PostgreSQL's reserved and type/function-name keywords
// (which cannot be column names), plus QUALIFY.
constexpr std::array<std::string_view, 102> kReservedKeywords = {
    "all",          "analyse",      "analyze",           "and",
    "any",          "array",        "as",                "asc",
    "asymmetric",   "authorization", "binary",           "both",
    "case",         "cast",         "check",             "collate",
    "collation",    "column",       "concurrently",      "constraint",
    "create",       "cross",        "current_catalog",   "current_date",
    "current_role", "current_schema", "current_time",    "current_timestamp",
    "current_user", "default",      "deferrable",        "desc",
    "distinct",     "do",           "else",              "end",
    "except",       "false",        "fetch",             "for",
    "foreign",      "freeze",       "from",              "full",
    "grant",        "group",        "having",            "ilike",
    "in",           "initially",    "inner",             "intersect",
    "into",         "is",           "isnull",            "join",
    "lateral",      "leading",      "left",              "like",
    "limit",        "localtime",    "localtimestamp",    "natural",
    "not",          "notnull",      "null",              "offset",
    "on",           "only",         "or",                "order",
    "outer",        "overlaps",     "placing",           "primary",
    "qualify",      "references",   "returning",         "right",
    "select",       "session_user", "similar",           "some",
    "symmetric",    "system_user",  "table",             "tablesample",
    "then",         "to",           "trailing",          "true",
    "union",        "unique",       "user",              "using",
    "variadic",     "verbose",      "when",              "where",
    "window",       "with",
};

bool IsIdentifierStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool IsIdentifierChar(unsigned char c) {
  return IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void Fail(std::string message, size_t offset) {
  throw Error(ErrorCode::kSyntaxError, std::move(message)).AtQueryOffset(static_cast<int64_t>(offset));
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipWhitespaceAndComments();
      if (pos_ >= sql_.size()) break;
      tokens.push_back(Next());
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.offset = end.end = static_cast<int64_t>(sql_.size());
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  void SkipWhitespaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        size_t start = pos_;
        pos_ += 2;
        int depth = 1;  // comments nest, as in PostgreSQL
        while (depth > 0) {
          if (pos_ >= sql_.size()) Fail("unterminated /* comment", start);
          if (sql_[pos_] == '/' && Peek(1) == '*') {
            ++depth;
            pos_ += 2;
          } else if (sql_[pos_] == '*' && Peek(1) == '/') {
            --depth;
            pos_ += 2;
          } else {
            ++pos_;
          }
        }
      } else {
        break;
      }
    }
  }

  char Peek(size_t ahead) const {
    return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
  }

  Token Make(TokenKind kind, std::string text, size_t start) const {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.offset = static_cast<int64_t>(start);
    token.end = static_cast<int64_t>(pos_);
    return token;
  }

  Token Next() {
    size_t start = pos_;
    char c = sql_[pos_];
    unsigned char uc = static_cast<unsigned char>(c);
    if ((c == 'e' || c == 'E') && Peek(1) == '\'') {
      ++pos_;
      return Make(TokenKind::kString, ReadString(start, /*escapes=*/true), start);
    }
    if (IsIdentifierStart(uc)) {
      std::string text;
      while (pos_ < sql_.size() && IsIdentifierChar(static_cast<unsigned char>(sql_[pos_]))) {
        char ch = sql_[pos_++];
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        text.push_back(ch);
      }
      return Make(TokenKind::kIdentifier, std::move(text), start);
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return ReadNumber(start);
    if (c == '\'') return Make(TokenKind::kString, ReadString(start, /*escapes=*/false), start);
    if (c == '"') return ReadQuotedIdentifier(start);
    if (c == '$') {
      if (IsDigit(Peek(1))) {
        ++pos_;
        while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
        return Make(TokenKind::kParameter, std::string(sql_.substr(start + 1, pos_ - start - 1)),
                    start);
      }
      return ReadDollarString(start);
    }
    if (c == '?') {
      ++pos_;
      return Make(TokenKind::kParameter, "", start);
    }
    return ReadOperator(start);
  }

  Token ReadNumber(size_t start) {
    bool is_decimal = false;
    while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
    if (pos_ < sql_.size() && sql_[pos_] == '.' && Peek(1) != '.') {
      is_decimal = true;
      ++pos_;
      while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
    }
    if (pos_ < sql_.size() && (sql_[pos_] == 'e' || sql_[pos_] == 'E')) {
      size_t exponent = pos_ + 1;
      if (exponent < sql_.size() && (sql_[exponent] == '+' || sql_[exponent] == '-')) ++exponent;
      if (exponent < sql_.size() && IsDigit(sql_[exponent])) {
        is_decimal = true;
        pos_ = exponent;
        while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
      }
    }
    if (pos_ < sql_.size() && IsIdentifierStart(static_cast<unsigned char>(sql_[pos_]))) {
      Fail("trailing junk after numeric literal at or near \"" +
               std::string(sql_.substr(start, pos_ + 1 - start)) + "\"",
           start);
    }
    return Make(is_decimal ? TokenKind::kDecimal : TokenKind::kInteger,
                std::string(sql_.substr(start, pos_ - start)), start);
  }

  // 'pos_' is on the opening quote.
  std::string ReadString(size_t start, bool escapes) {
    ++pos_;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) Fail("unterminated quoted string", start);
      char c = sql_[pos_++];
      if (c == '\'') {
        if (pos_ < sql_.size() && sql_[pos_] == '\'') {
          text.push_back('\'');
          ++pos_;
          continue;
        }
        return text;
      }
      if (escapes && c == '\\') {
        if (pos_ >= sql_.size()) Fail("unterminated quoted string", start);
        char escaped = sql_[pos_++];
        switch (escaped) {
          case 'n': text.push_back('\n'); break;
          case 't': text.push_back('\t'); break;
          case 'r': text.push_back('\r'); break;
          case 'b': text.push_back('\b'); break;
          case 'f': text.push_back('\f'); break;
          case '0': text.push_back('\0'); break;
          default: text.push_back(escaped); break;  // \\, \', \" and anything else literally
        }
        continue;
      }
      text.push_back(c);
    }
  }

  Token ReadQuotedIdentifier(size_t start) {
    ++pos_;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) Fail("unterminated quoted identifier", start);
      char c = sql_[pos_++];
      if (c == '"') {
        if (pos_ < sql_.size() && sql_[pos_] == '"') {
          text.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      text.push_back(c);
    }
    if (text.empty()) Fail("zero-length delimited identifier at or near \"\"\"\"", start);
    return Make(TokenKind::kQuotedIdentifier, std::move(text), start);
  }

  // $$...$$ or $tag$...$tag$.
  Token ReadDollarString(size_t start) {
    size_t tag_end = pos_ + 1;
    while (tag_end < sql_.size() && sql_[tag_end] != '$' &&
           IsIdentifierChar(static_cast<unsigned char>(sql_[tag_end]))) {
      ++tag_end;
    }
    if (tag_end >= sql_.size() || sql_[tag_end] != '$') {
      Fail("syntax error at or near \"$\"", start);
    }
    std::string_view tag = sql_.substr(pos_, tag_end + 1 - pos_);
    size_t body = tag_end + 1;
    size_t close = sql_.find(tag, body);
    if (close == std::string_view::npos) Fail("unterminated dollar-quoted string", start);
    pos_ = close + tag.size();
    return Make(TokenKind::kString, std::string(sql_.substr(body, close - body)), start);
  }

  Token ReadOperator(size_t start) {
    static constexpr std::string_view kThree[] = {"!~*"};
    static constexpr std::string_view kTwo[] = {"::", ":=", "=>", "||", "<>", "!=", ">=", "<=",
                                                "==", "**", "//", "<<", ">>", "!~", "~*"};
    std::string_view rest = sql_.substr(pos_);
    for (std::string_view op : kThree) {
      if (rest.substr(0, op.size()) == op) {
        pos_ += op.size();
        return Make(TokenKind::kOperator, std::string(op), start);
      }
    }
    for (std::string_view op : kTwo) {
      if (rest.substr(0, op.size()) == op) {
        pos_ += op.size();
        return Make(TokenKind::kOperator, std::string(op), start);
      }
    }
    static constexpr std::string_view kSingle = "(),;.[]{}:+-*/%^=<>&|~";
    char c = sql_[pos_];
    if (kSingle.find(c) != std::string_view::npos) {
      ++pos_;
      return Make(TokenKind::kOperator, std::string(1, c), start);
    }
    std::string shown(1, c);
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      shown = std::string("\\x") + kHex[(c >> 4) & 0xf] + kHex[c & 0xf];
    }
    Fail("syntax error at or near \"" + shown + "\"", start);
  }

  std::string_view sql_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

bool IsReservedKeyword(std::string_view word) {
  if (word.empty()) return false;
  return std::binary_search(kReservedKeywords.begin(), kReservedKeywords.end(), word);
}

}  // namespace tarn::sql
