// Reads sqllogictest files (the format of SQLite's test corpus, with DuckDB's extensions) into
// records for the runner in slt_runner.h. Lines starting with '#' are comments; blank lines end
// records.
//
// Records understood:
//   statement ok | statement error      SQL lines; for 'error' optionally '----' and a message
//                                       substring expected in the error
//   query <types> [nosort|rowsort|valuesort] [label]
//                                       SQL lines, '----', expected values: one per line (SQLite) or
//                                       one row per line, values separated by tabs (DuckDB), or
//                                       "N values hashing to <md5>"
//   hash-threshold N, halt, require X, mode X, loop VAR BEGIN END, foreach VAR V..., endloop,
//   restart
//   skipif ENGINE / onlyif ENGINE       conditions attached to the next record
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn::cli {

enum class SltRecordKind : uint8_t {
  kStatement,
  kQuery,
  kHashThreshold,
  kHalt,
  kRequire,
  kMode,
  kLoop,     // loop VAR BEGIN END (END exclusive) or foreach VAR VALUE...
  kEndLoop,
  kRestart,  // restart: a new Session (on the same lake: what persisted is still there)
};

enum class SltSortMode : uint8_t { kNoSort, kRowSort, kValueSort };

struct SltCondition {
  bool skip_if = false;  // true: skipif ENGINE; false: onlyif ENGINE
  std::string engine;
};

struct SltRecord {
  SltRecordKind kind = SltRecordKind::kStatement;
  int64_t line = 0;                       // 1-based line of the record's first line
  std::vector<SltCondition> conditions;   // skipif/onlyif lines before the record
  std::string sql;                        // statement or query text (lines joined by '\n')
  bool expect_error = false;              // statement error
  std::string expected_error;             // substring the error must contain (may be empty)
  std::string column_types;               // query: one letter per column (I, R, T)
  SltSortMode sort_mode = SltSortMode::kNoSort;
  std::string label;
  std::vector<std::string> expected;      // query: the lines after '----'
  int64_t number = 0;                     // hash-threshold N
  std::string argument;                   // require X, mode X, loop variable name
  std::vector<std::string> loop_values;   // loop/foreach: the values the variable takes
};

// Parses the text of a .test file. Throws Error(kInvalidInput) at 'path':line for an unknown or
// malformed record.
std::vector<SltRecord> ParseSltFile(std::string_view text, const std::string& path);

}  // namespace tarn::cli
