#include "cli/statement_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tarn::cli {
namespace {

std::vector<std::string> Split(std::string_view script) {
  std::vector<std::string> statements;
  for (const auto& span : SplitStatements(script)) {
    statements.emplace_back(script.substr(span.offset, span.length));
  }
  return statements;
}

TEST(StatementSplitterTest, SplitsAtTopLevelSemicolons) {
  EXPECT_EQ(Split("SELECT 1; SELECT ';' ; -- c;\n /* ; */ SELECT 2"),
            (std::vector<std::string>{"SELECT 1", "SELECT ';'", "SELECT 2"}));
}

TEST(StatementSplitterTest, KeepsQuotedSemicolonsAndDoubledQuotes) {
  EXPECT_EQ(Split("SELECT 'it''s;' AS \"a;b\";"),
            (std::vector<std::string>{"SELECT 'it''s;' AS \"a;b\""}));
}

TEST(StatementSplitterTest, DropsEmptyStatementsAndReportsOffsets) {
  std::string script = " ;;\n  SELECT 1 ;  -- only a comment\n;";
  std::vector<StatementSpan> spans = SplitStatements(script);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].offset, 6u);
  EXPECT_EQ(spans[0].length, 8u);
}

TEST(StatementSplitterTest, CompleteOnlyWhenEndingInSemicolon) {
  EXPECT_TRUE(IsCompleteStatement("SELECT 1;"));
  EXPECT_TRUE(IsCompleteStatement("SELECT 1;  -- done\n"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1"));
  EXPECT_FALSE(IsCompleteStatement("SELECT ';'"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 'a;"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1 /* ; */"));
  EXPECT_FALSE(IsCompleteStatement(""));
}

}  // namespace
}  // namespace tarn::cli
