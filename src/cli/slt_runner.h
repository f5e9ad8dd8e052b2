// Runs sqllogictest files (see slt_parser.h) against a fresh tarn::sql::Session per file and
// reports each failure with file:line, the SQL, the expected and the actual result.
//
// Rules (documented in `tarn help slt`):
//  - tarn answers to the engine names "tarn" and "postgresql" in skipif/onlyif.
//  - Values: NULL -> "NULL", empty string -> "(empty)". Column type I prints integers as integers,
//    doubles truncated toward zero and DECIMAL truncated (SQLite's sqlite3_column_int64), booleans
//    as 1/0; R prints numbers with three decimals ("%.3f"); T and others print the canonical text.
//    A literal expected value also matches the value's canonical text (shortest round-trip double,
//    "true"/"false"), so DuckDB-style files that write `query I` over doubles pass too. Hashes always
//    use the typed form.
//  - Hashes: MD5 over the (sorted) values, each followed by "\n".
//  - `statement error` passes when the rendered error contains the text after '----' (ignoring
//    case); internal errors never count as the expected error.
//  - rowsort/valuesort sort the expected values as well as the actual ones.
//  - `__TEST_DIR__` in SQL and expected text becomes the .test file's directory; statements run
//    with the working directory set to the nearest enclosing folder named "tests" (else the file's
//    folder), so 'data/x.csv' means tests/data/x.csv.
//  - `require lake` runs the rest of the file with its tables in a lake (SltOptions::data_dir or a
//    temporary data directory removed afterwards); `restart` starts a new Session on the same lake.
//    Any other `require X` skips the rest of the file (tarn has no extensions); `mode skip`/`mode
//    unskip` skip records in between; `halt` ends the file; `loop`/`foreach` substitute ${VAR}.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/slt_parser.h"
#include "cli/slt_result.h"

namespace tarn::cli {

struct SltOptions {
  size_t threads = 0;             // Session threads (0 = all)
  std::FILE* output = stdout;     // failure reports go here
  bool verbose = false;           // also print each file name as it starts
  // 'require lake' runs the rest of a file on a lake: in this data directory when set (kept),
  // else in a fresh temporary one per file (removed when the file ends).
  std::string data_dir;
  bool lake = false;  // every file runs on a lake, as if it began with 'require lake'
};

struct SltSummary {
  int64_t passed = 0;
  int64_t failed = 0;
  int64_t skipped = 0;
};

class SltRunner {
 public:
  explicit SltRunner(SltOptions options) : options_(options) {}

  // Runs one file in a fresh Session; parse errors count as one failure.
  void RunFile(const std::string& path);
  // Like RunFile() but in a forked child process, so a crash in the engine fails only this file
  // ("crashed with signal N") and the run goes on. Call only while the process has no threads.
  void RunFileIsolated(const std::string& path);
  const SltSummary& summary() const { return summary_; }

 private:
  struct FileState;
  // Runs records [begin, end); returns false when the file must stop (halt, require).
  bool RunRange(FileState& state, size_t begin, size_t end);
  void RunStatement(FileState& state, const SltRecord& record);
  // 'require lake': a new Session whose tables live in a lake (see SltOptions::data_dir).
  void UseLake(FileState& state);
  void RunQuery(FileState& state, const SltRecord& record);
  void ReportFailure(const FileState& state, const SltRecord& record, const std::string& sql,
                     const std::string& details);

  SltOptions options_;
  SltSummary summary_;
};

}  // namespace tarn::cli
