#include "cli/statement_splitter.h"

namespace tarn::cli {

namespace {

enum class Token { kSemicolon, kOther, kNothing };

// Walks 'script' and calls on_token(kind, begin, end) for each top-level ';' and for each run of
// significant text; whitespace and comments produce nothing. Unterminated quotes and comments run
// to the end of the script.
template <class Callback>
void Scan(std::string_view script, Callback on_token) {
  size_t i = 0;
  size_t n = script.size();
  while (i < n) {
    char c = script[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '-' && i + 1 < n && script[i + 1] == '-') {
      while (i < n && script[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && script[i + 1] == '*') {
      size_t end = script.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == ';') {
      on_token(Token::kSemicolon, i, i + 1);
      ++i;
    } else if (c == '\'' || c == '"') {
      size_t begin = i++;
      while (i < n) {
        if (script[i] == c) {
          if (i + 1 < n && script[i + 1] == c) {
            i += 2;  // doubled quote inside the literal
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      on_token(Token::kOther, begin, i);
    } else {
      on_token(Token::kOther, i, i + 1);
      ++i;
    }
  }
}

}  // namespace

std::vector<StatementSpan> SplitStatements(std::string_view script) {
  std::vector<StatementSpan> statements;
  bool open = false;
  size_t begin = 0;
  size_t end = 0;
  Scan(script, [&](Token token, size_t token_begin, size_t token_end) {
    if (token == Token::kSemicolon) {
      if (open) statements.push_back({begin, end - begin});
      open = false;
      return;
    }
    if (!open) {
      open = true;
      begin = token_begin;
    }
    end = token_end;
  });
  if (open) statements.push_back({begin, end - begin});
  return statements;
}

bool IsCompleteStatement(std::string_view text) {
  // An unterminated quote runs to the end of the text, so the last token is not a ';'.
  Token last = Token::kNothing;
  Scan(text, [&](Token token, size_t, size_t) { last = token; });
  return last == Token::kSemicolon;
}

}  // namespace tarn::cli
