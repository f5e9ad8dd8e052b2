// Date/time format strings for strftime/strptime (C/DuckDB "%Y-%m-%d") and to_char/to_timestamp/
// to_date (PostgreSQL "YYYY-MM-DD HH24:MI:SS"): a format is compiled once into fields and literals,
// then used to print or parse many values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::exec {

enum class TimeField : uint8_t {
  kLiteral,
  kYear,           // 4+ digits (%Y, YYYY)
  kYearTwoDigits,  // %y, YY
  kMonth,          // 01-12
  kDay,            // 01-31
  kHour24,
  kHour12,
  kMinute,
  kSecond,
  kMillisecond,  // 3 digits (MS); parsed as a fraction of a second
  kMicrosecond,  // 6 digits (%f, US); parsed as a fraction of a second
  kMonthName,
  kMonthAbbreviation,
  kDayName,
  kDayAbbreviation,
  kDayOfYear,       // 001-366
  kWeekdaySunday0,  // %w: 0 = Sunday
  kWeekdaySunday1,  // PostgreSQL D: 1 = Sunday
  kIsoWeekday,      // %u, ID: 1 = Monday
  kQuarter,
  kMeridiem,  // AM/PM
};

enum class TextCase : uint8_t { kCapitalized, kUpper, kLower };

struct TimeFormatItem {
  TimeField field = TimeField::kLiteral;
  std::string literal;     // kLiteral
  bool pad = true;         // zero-pad numbers (PostgreSQL also blank-pads names to 9)
  bool pad_names = false;  // PostgreSQL Month/Day without FM: blank-padded to 9
  TextCase text_case = TextCase::kCapitalized;
  bool dots = false;  // meridiem as "a.m."
};

enum class TimeFormatDialect : uint8_t { kStrftime, kPostgres };

// A compiled format. Compile() returns nullopt and sets 'error' for an unknown specifier.
class TimeFormat {
 public:
  static std::optional<TimeFormat> Compile(std::string_view format, TimeFormatDialect dialect,
                                           std::string& error);

  // Appends 'micros' (a TIMESTAMP) printed with this format to 'out'.
  void Format(int64_t micros, std::string& out) const;
  // Parses 'text' into a TIMESTAMP; false when it does not match the format, holds an invalid
  // date or time, or has characters left over.
  bool Parse(std::string_view text, int64_t& micros) const;

 private:
  std::vector<TimeFormatItem> items_;
  TimeFormatDialect dialect_ = TimeFormatDialect::kStrftime;
};

}  // namespace tarn::exec
