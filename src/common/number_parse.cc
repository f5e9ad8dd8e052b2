#include "common/number_parse.h"

#include <fast_float/fast_float.h>

#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif

#include <cstring>
#include <limits>

namespace tarn {
namespace {

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

inline char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (ToLower(text[i]) != lower[i]) return false;
  }
  return true;
}

// Parses sign and digits into a signed value within [min, max]; overflow detected per digit.
template <class T>
bool ParseSigned(std::string_view text, T& out) {
  const char* position = text.data();
  const char* end = position + text.size();
  if (position == end) return false;
  bool negative = false;
  if (*position == '-' || *position == '+') {
    negative = *position == '-';
    ++position;
    if (position == end) return false;
  }
  using Unsigned = std::make_unsigned_t<T>;
  // Accumulate the magnitude; the limit is max+1 for negative numbers.
  const Unsigned limit =
      static_cast<Unsigned>(std::numeric_limits<T>::max()) + static_cast<Unsigned>(negative ? 1 : 0);
  Unsigned magnitude = 0;
  for (; position != end; ++position) {
    unsigned digit = static_cast<unsigned char>(*position - '0');
    if (digit > 9) return false;
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  out = negative ? static_cast<T>(Unsigned{0} - magnitude) : static_cast<T>(magnitude);
  return true;
}

// True when the 8 bytes of 'word' (little endian) are all ASCII digits.
inline bool IsEightDigits(uint64_t word) {
  return (((word & 0xF0F0F0F0F0F0F0F0ull) |
           (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) == 0x3333333333333333ull);
}

// The value of 8 ASCII digits (SWAR: pairs, then quads, then the halves).
inline uint32_t ParseEightDigits(uint64_t word) {
  word -= 0x3030303030303030ull;
  word = (word * 10) + (word >> 8);
  word = (((word & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
          (((word >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
         32;
  return static_cast<uint32_t>(word);
}

// The common shape of CSV numbers, "-123.4567" with at most 19 digits and no exponent, converted
// exactly with fast_float's Eisel-Lemire step (no division, and no branch on the digit count).
// Returns false (caller falls back to the full parser) for anything else or when Eisel-Lemire
// cannot decide.
inline bool ParsePlainDecimal(const char* position, const char* end, double& out) {
  bool negative = false;
  if (position != end && *position == '-') {
    negative = true;
    ++position;
  }
  uint64_t mantissa = 0;
  const char* digits_start = position;
  while (position != end && IsDigit(*position)) {
    mantissa = mantissa * 10 + static_cast<uint64_t>(*position - '0');
    ++position;
  }
  int64_t digits = position - digits_start;
  int64_t exponent = 0;
  if (position != end && *position == '.') {
    ++position;
    const char* fraction_start = position;
    while (end - position >= 8) {
      uint64_t word;
      std::memcpy(&word, position, 8);
      if (!IsEightDigits(word)) break;
      mantissa = mantissa * 100000000 + ParseEightDigits(word);
      position += 8;
    }
    while (position != end && IsDigit(*position)) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*position - '0');
      ++position;
    }
    exponent = -(position - fraction_start);
    digits += position - fraction_start;
  }
  if (position != end || digits == 0 || digits > 19) return false;
  if (mantissa == 0) {
    out = negative ? -0.0 : 0.0;
    return true;
  }
  fast_float::adjusted_mantissa adjusted =
      fast_float::compute_float<fast_float::binary_format<double>>(exponent, mantissa);
  if (adjusted.power2 < 0) return false;
  fast_float::to_float(negative, adjusted, out);
  return true;
}

#if defined(__SSE4_1__)
// ParseDoublePadded's fast path: text of 1..20 bytes after the sign, all digits but at most one '.',
// at most 19 digits. The 32 bytes ending at 'end' are loaded right-aligned (so no shift by the
// length is needed), bytes before the number are masked off, the '.' is squeezed out by moving the
// bytes before it one place right, and the digits are summed pairwise (maddubs / madd / packus /
// madd) into three 8-digit groups. Returns false for anything else.
inline bool ParseShortDecimal(const char* end, size_t length, bool negative, double& out) {
  const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
  const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 32));
  const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const int number_length = static_cast<int>(length);
  // Combined byte c (0..31; high = 0..15, low = 16..31) holds text byte number_length - 32 + c.
  const __m128i low_valid = _mm_cmpgt_epi8(index, _mm_set1_epi8(static_cast<char>(15 - number_length)));
  const __m128i high_valid = _mm_cmpgt_epi8(index, _mm_set1_epi8(static_cast<char>(31 - number_length)));
  const __m128i zero_char = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  __m128i low_digits = _mm_sub_epi8(low, zero_char);
  __m128i high_digits = _mm_sub_epi8(high, zero_char);
  const __m128i low_is_digit = _mm_cmpeq_epi8(_mm_min_epu8(low_digits, nine), low_digits);
  const __m128i high_is_digit = _mm_cmpeq_epi8(_mm_min_epu8(high_digits, nine), high_digits);
  const __m128i dot = _mm_set1_epi8('.');
  const uint32_t other = static_cast<uint32_t>(_mm_movemask_epi8(_mm_andnot_si128(high_is_digit, high_valid))) |
                         (static_cast<uint32_t>(_mm_movemask_epi8(_mm_andnot_si128(low_is_digit, low_valid))) << 16);
  const uint32_t dots = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(high, dot))) |
                        (static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(low, dot))) << 16);
  // Every valid byte is a digit except at most one '.', and at least one digit remains.
  const bool has_dot = other != 0;
  if ((other & ~dots) != 0 || (other & (other - 1)) != 0 || number_length - has_dot == 0) return false;
  if (number_length - has_dot > 19) return false;
  low_digits = _mm_and_si128(low_digits, _mm_and_si128(low_is_digit, low_valid));
  high_digits = _mm_and_si128(high_digits, _mm_and_si128(high_is_digit, high_valid));
  // Bytes at or before the dot take their left neighbour (no dot: dot_position = -1, nothing moves).
  const int dot_position = has_dot ? __builtin_ctz(other) : -1;
  const __m128i low_shifted = _mm_alignr_epi8(low_digits, high_digits, 15);
  const __m128i high_shifted = _mm_slli_si128(high_digits, 1);
  const __m128i low_take = _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(dot_position - 15)), index);
  const __m128i high_take = _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(dot_position + 1)), index);
  low_digits = _mm_blendv_epi8(low_digits, low_shifted, low_take);
  high_digits = _mm_blendv_epi8(high_digits, high_shifted, high_take);
  // Pairs, quads, then 8-digit groups: lanes [low 0-7, low 8-15, high 0-7, high 8-15].
  const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
  const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
  const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
  const __m128i low_quads = _mm_madd_epi16(_mm_maddubs_epi16(low_digits, tens), hundreds);
  const __m128i high_quads = _mm_madd_epi16(_mm_maddubs_epi16(high_digits, tens), hundreds);
  const __m128i groups = _mm_madd_epi16(_mm_packus_epi32(low_quads, high_quads), ten_thousands);
  const uint64_t middle_low = static_cast<uint64_t>(_mm_cvtsi128_si64(groups));
  const uint64_t top = static_cast<uint64_t>(_mm_extract_epi64(groups, 1)) >> 32;
  const uint64_t mantissa =
      top * 10000000000000000ull + (middle_low & 0xFFFFFFFFu) * 100000000ull + (middle_low >> 32);
  const int64_t exponent = has_dot ? dot_position - 31 : 0;
  if (mantissa == 0) {
    out = negative ? -0.0 : 0.0;
    return true;
  }
  fast_float::adjusted_mantissa adjusted =
      fast_float::compute_float<fast_float::binary_format<double>>(exponent, mantissa);
  if (adjusted.power2 < 0) return false;
  fast_float::to_float(negative, adjusted, out);
  return true;
}
#endif

}  // namespace

bool ParseInt32(std::string_view text, int32_t& out) { return ParseSigned<int32_t>(text, out); }

bool ParseInt64(std::string_view text, int64_t& out) { return ParseSigned<int64_t>(text, out); }

bool ParseDouble(std::string_view text, double& out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin == end) return false;
  if (ParsePlainDecimal(begin, end, out)) return true;
  if (*begin == '+') {
    ++begin;
    if (begin == end || *begin == '-' || *begin == '+') return false;
  }
  auto result = fast_float::from_chars(begin, end, out);
  return result.ec == std::errc() && result.ptr == end;
}

bool ParseDoublePadded(const char* begin, const char* end, double& out) {
#if defined(__SSE4_1__)
  size_t length = static_cast<size_t>(end - begin);
  if (length - 1 < 21) {
    const bool negative = *begin == '-';
    if (ParseShortDecimal(end, length - negative, negative, out)) return true;
  }
#endif
  return ParseDouble(std::string_view(begin, static_cast<size_t>(end - begin)), out);
}

bool ParseDecimal(std::string_view text, uint8_t width, uint8_t scale, int64_t& out) {
  if (width == 0 || width > 18 || scale > width) return false;
  const char* position = text.data();
  const char* end = position + text.size();
  if (position == end) return false;
  bool negative = false;
  if (*position == '-' || *position == '+') {
    negative = *position == '-';
    ++position;
  }
  int64_t value = 0;
  int integer_digits = 0;
  int any_digits = 0;
  // Integer part; leading zeros do not count towards the width.
  for (; position != end && IsDigit(*position); ++position) {
    ++any_digits;
    if (value == 0 && *position == '0') continue;
    if (++integer_digits > width - scale) return false;
    value = value * 10 + (*position - '0');
  }
  int fraction_digits = 0;
  bool round_up = false;
  if (position != end && *position == '.') {
    ++position;
    for (; position != end && IsDigit(*position); ++position) {
      ++any_digits;
      if (fraction_digits < scale) {
        value = value * 10 + (*position - '0');
        ++fraction_digits;
      } else if (fraction_digits == scale) {
        // The first dropped digit decides the rounding (half away from zero).
        round_up = *position >= '5';
        ++fraction_digits;
      }
    }
  }
  if (position != end || any_digits == 0) return false;
  for (int i = fraction_digits; i < scale; ++i) value *= 10;
  if (round_up) {
    ++value;
    int64_t limit = 1;
    for (int i = 0; i < width; ++i) limit *= 10;
    if (value >= limit) return false;
  }
  out = negative ? -value : value;
  return true;
}

bool ParseBoolean(std::string_view text, bool& out) {
  if (text.empty() || text.size() > 5) return false;
  static constexpr std::string_view kTrue[] = {"true", "t", "yes", "y", "1", "on"};
  static constexpr std::string_view kFalse[] = {"false", "f", "no", "n", "0", "off"};
  for (std::string_view word : kTrue) {
    if (EqualsIgnoreCase(text, word)) {
      out = true;
      return true;
    }
  }
  for (std::string_view word : kFalse) {
    if (EqualsIgnoreCase(text, word)) {
      out = false;
      return true;
    }
  }
  return false;
}

}  // namespace tarn
