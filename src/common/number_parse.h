// The one place numbers are parsed from text (CSV, JSON, SQL literals, CAST, HTTP parameters).
// Doubles are correctly rounded (fast_float); integers detect overflow; decimals round half away
// from zero to the target scale. All functions return false on malformed or out-of-range input and
// never throw, so hot loops can record the first bad row and throw once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tarn {

// Accepts an optional sign and digits only ("+12", "-7"). No spaces.
bool ParseInt32(std::string_view text, int32_t& out);
bool ParseInt64(std::string_view text, int64_t& out);
// Accepts "1", "-1.5", "1e10", ".5", "5.", "inf", "-Infinity", "nan" (case-insensitive).
bool ParseDouble(std::string_view text, double& out);
// ParseDouble of [begin, end) for text inside a larger buffer: the 32 bytes before 'end' must be
// readable memory (their content outside [begin, end) does not matter). Plain decimals of up to 19
// digits ("-1.2501397540966153", "441", ".5") are converted with a few SIMD steps and no per-digit
// loop; anything else goes through ParseDouble. Bit-identical to ParseDouble.
bool ParseDoublePadded(const char* begin, const char* end, double& out);
// How many bytes before 'end' ParseDoublePadded may read.
inline constexpr size_t kParseDoubleLookBehind = 32;
// Parses into value * 10^scale with at most 'width' total digits. "1.005" at scale 2 -> 101.
bool ParseDecimal(std::string_view text, uint8_t width, uint8_t scale, int64_t& out);
// Accepts true/false, t/f, yes/no, y/n, 1/0, on/off (case-insensitive).
bool ParseBoolean(std::string_view text, bool& out);

}  // namespace tarn
