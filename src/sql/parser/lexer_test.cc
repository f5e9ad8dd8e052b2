#include "sql/parser/lexer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::sql {
namespace {

std::vector<std::string> Texts(std::string_view sql) {
  std::vector<std::string> texts;
  for (const Token& token : Tokenize(sql)) {
    if (token.kind != TokenKind::kEnd) texts.push_back(token.text);
  }
  return texts;
}

int64_t ErrorOffset(std::string_view sql, std::string* message = nullptr) {
  try {
    Tokenize(sql);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kSyntaxError);
    if (message != nullptr) *message = error.message();
    return error.location().query_offset;
  }
  ADD_FAILURE() << "no error for " << sql;
  return -2;
}

TEST(LexerTest, FoldsIdentifiersAndKeepsQuotedOnes) {
  std::vector<Token> tokens = Tokenize("SELECT Value1, \"MiXed\"\"Q\" FROM T");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdentifier);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[1].text, "value1");
  EXPECT_EQ(tokens[1].offset, 7);
  EXPECT_EQ(tokens[1].end, 13);
  EXPECT_EQ(tokens[3].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(tokens[3].text, "MiXed\"Q");
  EXPECT_EQ(tokens[3].offset, 15);
  EXPECT_EQ(tokens[5].text, "t");
  EXPECT_EQ(tokens[6].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[6].offset, 32);
}

TEST(LexerTest, Numbers) {
  std::vector<Token> tokens = Tokenize("42 1.5 .5 5. 1e10 2.5E-3");
  EXPECT_EQ(tokens[0].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[1].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[1].text, "1.5");
  EXPECT_EQ(tokens[2].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[2].text, ".5");
  EXPECT_EQ(tokens[3].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[4].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[4].text, "1e10");
  EXPECT_EQ(tokens[5].text, "2.5E-3");
  // "1e" without exponent digits is junk after a number.
  std::string message;
  EXPECT_EQ(ErrorOffset("select 1e", &message), 7);
  EXPECT_THAT(message, testing::HasSubstr("trailing junk"));
  EXPECT_EQ(Tokenize("12345678901234567890123")[0].kind, TokenKind::kInteger);
}

TEST(LexerTest, StringsAndEscapes) {
  EXPECT_THAT(Texts("'it''s' E'a\\nb\\'c' $$x'y$$ $tag$ $$ $tag$"),
              testing::ElementsAre("it's", "a\nb'c", "x'y", " $$ "));
  EXPECT_EQ(Tokenize("''")[0].kind, TokenKind::kString);
  EXPECT_EQ(Tokenize("''")[0].text, "");
}

TEST(LexerTest, OperatorsLongestMatch) {
  EXPECT_THAT(Texts("a::int||b<>c!=d>=e<=f:=g=>h**i//j<<k>>l!~*m"),
              testing::ElementsAre("a", "::", "int", "||", "b", "<>", "c", "!=", "d", ">=", "e",
                                   "<=", "f", ":=", "g", "=>", "h", "**", "i", "//", "j", "<<",
                                   "k", ">>", "l", "!~*", "m"));
}

TEST(LexerTest, CommentsAndParameters) {
  std::vector<Token> tokens = Tokenize("select -- line\n /* a /* nested */ b */ $12, ?");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kParameter);
  EXPECT_EQ(tokens[1].text, "12");
  EXPECT_EQ(tokens[3].kind, TokenKind::kParameter);
  EXPECT_EQ(tokens[3].text, "");
}

TEST(LexerTest, ErrorsPointAtTheOpeningCharacter) {
  std::string message;
  EXPECT_EQ(ErrorOffset("select 'abc", &message), 7);
  EXPECT_EQ(message, "unterminated quoted string");
  EXPECT_EQ(ErrorOffset("select \"abc", &message), 7);
  EXPECT_EQ(message, "unterminated quoted identifier");
  EXPECT_EQ(ErrorOffset("select /* /* */", &message), 7);
  EXPECT_EQ(message, "unterminated /* comment");
  EXPECT_EQ(ErrorOffset("select \"\"", &message), 7);
  EXPECT_THAT(message, testing::HasSubstr("zero-length"));
  EXPECT_EQ(ErrorOffset("select a # b", &message), 9);
  EXPECT_EQ(message, "syntax error at or near \"#\"");
  EXPECT_EQ(ErrorOffset("select E'abc\\", &message), 7);
  EXPECT_EQ(ErrorOffset("select $x", &message), 7);
  EXPECT_EQ(ErrorOffset("select $a$ abc", &message), 7);
}

TEST(LexerTest, ReservedKeywords) {
  EXPECT_TRUE(IsReservedKeyword("select"));
  EXPECT_TRUE(IsReservedKeyword("left"));
  EXPECT_TRUE(IsReservedKeyword("qualify"));
  EXPECT_TRUE(IsReservedKeyword("with"));
  EXPECT_TRUE(IsReservedKeyword("all"));
  EXPECT_FALSE(IsReservedKeyword("value"));
  EXPECT_FALSE(IsReservedKeyword("date"));
  EXPECT_FALSE(IsReservedKeyword("year"));
  EXPECT_FALSE(IsReservedKeyword("first"));
  EXPECT_FALSE(IsReservedKeyword("filter"));
  EXPECT_FALSE(IsReservedKeyword(""));
}

}  // namespace
}  // namespace tarn::sql
