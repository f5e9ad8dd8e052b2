// Infers a column's SQL type from sample text values. Shared by the CSV sniffer and (later) the
// crawler, so a column gets the same type however it is discovered.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/logical_type.h"

namespace tarn::format {

// Returns true if 'text' reads as a value of 'type' with the reader's parsers (number_parse.h,
// date_time.h). BOOLEAN detection accepts only true/false (any case), so 0/1 stay integers.
bool TextFitsType(std::string_view text, TypeId type);

// Narrows a column's candidate types as values are observed. Candidates, most specific first:
// BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP; VARCHAR when none fits. Empty values (NULLs) are ignored.
class ColumnTypeDetector {
 public:
  void Observe(std::string_view text);
  // The most specific candidate that fits every observed value; VARCHAR if none, or if nothing but
  // empty values was observed.
  LogicalType Result() const;
  bool saw_value() const { return saw_value_; }

 private:
  static constexpr uint8_t kAll = 0x1f;
  uint8_t candidates_ = kAll;  // bit i set: kCandidateOrder[i] still possible
  bool saw_value_ = false;
};

}  // namespace tarn::format
