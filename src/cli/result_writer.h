// Turns query results into text for the terminal or a pipe: an aligned box table (like DuckDB's
// CLI), CSV, TSV, JSON or NDJSON. Used by `tarn sql` and the interactive shell.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "exec/vector/cell_text.h"
#include "format/csv/csv_field.h"
#include "exec/vector/vector.h"
#include "sql/session/session.h"

namespace tarn::cli {

enum class OutputFormat : uint8_t { kTable, kCsv, kTsv, kJson, kNdjson };

// Parses "table", "csv", "tsv", "json", "ndjson" (case-insensitive); nullopt otherwise.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);
std::string_view OutputFormatName(OutputFormat format);

struct FormatOptions {
  OutputFormat format = OutputFormat::kTable;
  // Table only: rows shown before the middle is elided (first and last half); 0 shows all rows.
  size_t max_rows = 40;
  // Table only: values wider than this many characters are cut and end in "…".
  size_t max_value_width = 40;
};

// Text accumulated in memory and written to a FILE in large blocks. With no FILE (tests) the text
// stays in text(). Write failures throw Error(kIoError); a closed pipe (EPIPE) ends the process
// quietly with exit code 0, as `tarn sql ... | head` expects.
class OutputBuffer {
 public:
  OutputBuffer() = default;
  explicit OutputBuffer(std::FILE* file) : file_(file) {}
  ~OutputBuffer();
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  std::string& text() { return text_; }
  // Writes the text out once it is large (streaming large results).
  void MaybeFlush() {
    if (file_ != nullptr && text_.size() >= (size_t{1} << 16)) Flush();
  }
  void Flush();

 private:
  std::FILE* file_ = nullptr;
  std::string text_;
};

using exec::AppendCellText;  // exec/vector/cell_text.h

using format::csv::AppendCsvField;  // format/csv/csv_field.h
// Appends 'value' as a TSV field: tab, newline, carriage return and backslash escaped as \t \n \r \\.
void AppendTsvField(std::string_view value, std::string& out);
// Appends 'value' as a JSON string literal with quotes; control characters escaped.
void AppendJsonString(std::string_view value, std::string& out);

// Number of terminal columns 'text' occupies (UTF-8 code points; every code point counts one).
size_t DisplayWidth(std::string_view text);

// Writes one statement's result. Statements without a result set print their status line in table
// format only. NULL is "NULL" in a table, empty in CSV/TSV, null in JSON (as are NaN and infinity,
// which JSON cannot express).
void WriteResult(const sql::QueryResult& result, const FormatOptions& options, OutputBuffer& out);

}  // namespace tarn::cli
