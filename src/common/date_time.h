// The one place dates and timestamps are parsed and printed (CSV, JSON, SQL literals, CAST all call
// these). DATE = days since 1970-01-01; TIMESTAMP = microseconds since 1970-01-01 00:00:00.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Days since 1970-01-01 of a proleptic Gregorian date; no validation.
int32_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day);
// The inverse of DaysFromCivil.
void CivilFromDays(int32_t days, int32_t& year, uint32_t& month, uint32_t& day);
bool IsValidDate(int32_t year, uint32_t month, uint32_t day);

// Parses "YYYY-MM-DD" (year may have a sign and up to 6 digits). Returns nullopt if malformed or not a
// real calendar date.
std::optional<int32_t> ParseDate(std::string_view text);
// Parses "YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][Z|+HH[:MM]|-HH[:MM]]"; an offset is applied (converted
// to UTC). A date alone is midnight. Returns nullopt if malformed.
std::optional<int64_t> ParseTimestamp(std::string_view text);

std::string FormatDate(int32_t days);
// "YYYY-MM-DD HH:MM:SS", plus ".ffffff" with trailing zeros trimmed when there are fractional seconds.
std::string FormatTimestamp(int64_t micros);

}  // namespace tarn
