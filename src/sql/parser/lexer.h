// Splits SQL text into tokens for the parser: identifiers (keywords are identifiers the parser
// recognizes by text), quoted identifiers, strings, numbers, parameters and operators.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::sql {

enum class TokenKind : uint8_t {
  kIdentifier,        // unquoted word, folded to lower case ("select", "value1")
  kQuotedIdentifier,  // "Name" with "" unescaped; never a keyword
  kString,            // '..' / E'..' / $$..$$, unescaped
  kInteger,           // digits only
  kDecimal,           // digits with '.' and/or exponent
  kParameter,         // $n ('text' = digits) or ? ('text' empty)
  kOperator,          // punctuation and operators: ( ) , ; . [ ] { } : :: := => + - * / // % ^ **
                      // || = == <> != < <= > >= & | << >> ~ !~ ~* !~*
  kEnd,               // end of input (offset = input size)
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;    // see TokenKind
  int64_t offset = 0;  // byte offset of the first character in the SQL text
  int64_t end = 0;     // byte offset one past the last character
};

// Tokenizes 'sql'; the result always ends with one kEnd token. Throws Error(kSyntaxError) for an
// unterminated string, quoted identifier or comment, a zero-length quoted identifier, or a stray
// character, at the offending offset.
std::vector<Token> Tokenize(std::string_view sql);

// True for PostgreSQL's reserved words (plus QUALIFY): they cannot be table or column names unless
// quoted. 'word' must be lower case.
bool IsReservedKeyword(std::string_view word);

}  // namespace tarn::sql
