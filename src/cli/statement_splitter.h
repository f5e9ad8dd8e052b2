// Splits SQL scripts into statements at top-level ';' (outside quotes and comments), so `tarn sql`
// can run and print statements one by one and the shell knows when a statement is complete.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace tarn::cli {

// One statement: bytes [offset, offset + length) of the script, without its ';', trimmed of
// surrounding whitespace. Statements holding only whitespace and comments are dropped.
struct StatementSpan {
  size_t offset = 0;
  size_t length = 0;
};

// Returns the statements of 'script'. Understands '...' strings (with '' escapes), "..." identifiers,
// -- line comments and /* */ block comments. The last statement needs no ';'.
std::vector<StatementSpan> SplitStatements(std::string_view script);

// Returns true when 'text' ends in a top-level ';' (ignoring trailing whitespace and comments):
// the interactive shell runs the buffer then, and asks for another line otherwise.
bool IsCompleteStatement(std::string_view text);

}  // namespace tarn::cli
