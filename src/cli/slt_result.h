// How the sqllogictest runner turns result values into text and compares them with a record's
// expected values or hash (the rules are listed in slt_runner.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/slt_parser.h"
#include "exec/vector/value.h"

namespace tarn::cli {

// Text of a result value in a column whose type letter is 'type' (rules in slt_runner.h).
std::string SltValueText(const exec::Value& value, char type);
// The canonical text: "NULL", "(empty)" for the empty string, else Value::ToString().
std::string SltCanonicalText(const exec::Value& value);
// MD5 hex of 'values', each followed by "\n".
std::string SltHash(const std::vector<std::string>& values);

// A query's actual rows as text: typed form (SltValueText) and canonical form (Value::ToString with
// "(empty)"/"NULL") per cell.
struct SltActualResult {
  size_t column_count = 0;
  std::vector<std::vector<std::string>> typed;
  std::vector<std::vector<std::string>> canonical;
};

// Compares 'actual' with the query record's expectation. Returns nullopt when they match, else a
// report: the reason, the expected and the actual values.
std::optional<std::string> CompareQueryResult(const SltRecord& record, SltActualResult actual,
                                              int64_t hash_threshold);

}  // namespace tarn::cli
