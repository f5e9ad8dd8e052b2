#include "common/number_parse.h"

#include <cmath>
#include <cstring>
#include <cstdint>
#include <charconv>
#include <limits>
#include <random>
#include <string>

#include <fast_float/fast_float.h>

#include <gtest/gtest.h>

namespace tarn {
namespace {

TEST(NumberParseTest, ParsesInt64WithSign) {
  int64_t value = 0;
  EXPECT_TRUE(ParseInt64("+12", value));
  EXPECT_EQ(value, 12);
  EXPECT_TRUE(ParseInt64("-7", value));
  EXPECT_EQ(value, -7);
  EXPECT_TRUE(ParseInt64("0", value));
  EXPECT_EQ(value, 0);
}

TEST(NumberParseTest, Int64Limits) {
  int64_t value = 0;
  EXPECT_TRUE(ParseInt64("9223372036854775807", value));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(ParseInt64("-9223372036854775808", value));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(ParseInt64("9223372036854775808", value));
  EXPECT_FALSE(ParseInt64("-9223372036854775809", value));
  EXPECT_FALSE(ParseInt64("99999999999999999999", value));
}

TEST(NumberParseTest, Int32Limits) {
  int32_t value = 0;
  EXPECT_TRUE(ParseInt32("2147483647", value));
  EXPECT_EQ(value, 2147483647);
  EXPECT_TRUE(ParseInt32("-2147483648", value));
  EXPECT_EQ(value, -2147483647 - 1);
  EXPECT_FALSE(ParseInt32("2147483648", value));
}

TEST(NumberParseTest, RejectsMalformedIntegers) {
  int64_t value = 0;
  EXPECT_FALSE(ParseInt64("", value));
  EXPECT_FALSE(ParseInt64("-", value));
  EXPECT_FALSE(ParseInt64("+", value));
  EXPECT_FALSE(ParseInt64(" 1", value));
  EXPECT_FALSE(ParseInt64("1 ", value));
  EXPECT_FALSE(ParseInt64("1.0", value));
  EXPECT_FALSE(ParseInt64("--1", value));
  EXPECT_FALSE(ParseInt64("1a", value));
}

TEST(NumberParseTest, ParsesDoubles) {
  double value = 0;
  EXPECT_TRUE(ParseDouble("1", value));
  EXPECT_EQ(value, 1.0);
  EXPECT_TRUE(ParseDouble("-1.5", value));
  EXPECT_EQ(value, -1.5);
  EXPECT_TRUE(ParseDouble("1e10", value));
  EXPECT_EQ(value, 1e10);
  EXPECT_TRUE(ParseDouble(".5", value));
  EXPECT_EQ(value, 0.5);
  EXPECT_TRUE(ParseDouble("5.", value));
  EXPECT_EQ(value, 5.0);
  EXPECT_TRUE(ParseDouble("+2.25", value));
  EXPECT_EQ(value, 2.25);
  EXPECT_TRUE(ParseDouble("-0.12345678901234567", value));
  EXPECT_EQ(value, -0.12345678901234567);
}

TEST(NumberParseTest, DoublesAreCorrectlyRounded) {
  double value = 0;
  // A long expansion near 0.1 must land on the nearest double, not one ulp off.
  EXPECT_TRUE(ParseDouble("0.1000000000000000055511151231257827", value));
  EXPECT_EQ(value, 0.1);
  EXPECT_TRUE(ParseDouble("2.2250738585072014e-308", value));
  EXPECT_EQ(value, std::numeric_limits<double>::min());
}

// The fast path must agree bit for bit with fast_float on round-trip and random digit strings.
TEST(NumberParseTest, DoublesMatchFastFloatOnRandomInputs) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    if (i % 2 == 0) {
      double source;
      uint64_t bits = random();
      std::memcpy(&source, &bits, 8);
      if (!std::isfinite(source)) continue;
      if (i % 4 == 0) source = std::ldexp(static_cast<double>(random() >> 11), -static_cast<int>(random() % 80));
      char buffer[64];
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), source, std::chars_format::fixed);
      if (result.ec != std::errc()) continue;
      text.assign(buffer, result.ptr);
    } else {
      // Up to 20 random digits around a decimal point, sometimes negative.
      if (random() % 2) text += '-';
      int integer_digits = static_cast<int>(random() % 6);
      int fraction_digits = static_cast<int>(random() % 20);
      for (int d = 0; d < integer_digits; ++d) text += static_cast<char>('0' + random() % 10);
      text += '.';
      for (int d = 0; d < fraction_digits; ++d) text += static_cast<char>('0' + random() % 10);
      if (integer_digits + fraction_digits == 0) continue;
    }
    double expected = 0;
    auto reference = fast_float::from_chars(text.data(), text.data() + text.size(), expected);
    ASSERT_TRUE(reference.ec == std::errc() && reference.ptr == text.data() + text.size()) << text;
    double actual = 0;
    ASSERT_TRUE(ParseDouble(text, actual)) << text;
    uint64_t expected_bits;
    uint64_t actual_bits;
    std::memcpy(&expected_bits, &expected, 8);
    std::memcpy(&actual_bits, &actual, 8);
    ASSERT_EQ(actual_bits, expected_bits) << text;
  }
}

// Parses 'text' with ParseDoublePadded from inside a buffer whose bytes around it are 'filler'
// (digits and dots there must not leak into the value), and checks it agrees with ParseDouble
// (same acceptance, same bits) and, when fast_float accepts the whole text, with fast_float.
void ExpectPaddedMatches(const std::string& text, char filler) {
  std::string buffer(kParseDoubleLookBehind, filler);
  buffer += text;
  buffer.append(kParseDoubleLookBehind, filler);
  const char* begin = buffer.data() + kParseDoubleLookBehind;
  const char* end = begin + text.size();
  double padded = 0;
  double plain = 0;
  bool padded_ok = ParseDoublePadded(begin, end, padded);
  bool plain_ok = ParseDouble(text, plain);
  ASSERT_EQ(padded_ok, plain_ok) << text;
  if (!plain_ok) return;
  uint64_t padded_bits;
  uint64_t plain_bits;
  std::memcpy(&padded_bits, &padded, 8);
  std::memcpy(&plain_bits, &plain, 8);
  ASSERT_EQ(padded_bits, plain_bits) << text;
  double expected = 0;
  auto reference = fast_float::from_chars(text.data(), text.data() + text.size(), expected);
  if (reference.ec == std::errc() && reference.ptr == text.data() + text.size()) {
    uint64_t expected_bits;
    std::memcpy(&expected_bits, &expected, 8);
    ASSERT_EQ(padded_bits, expected_bits) << text;
  }
}

TEST(NumberParseTest, PaddedDoublesMatchOnShapes) {
  const char fillers[] = {'9', '.', '-', ',', '\0', 'e'};
  const char* shapes[] = {
      "0", "-0", "0.0", "-0.0", "1", "-1", "5.", ".5", "-.5", "-5.", ".", "-", "-.", "", "+1", "+.5",
      "--1", "1..2", "1.2.3", "1e5", "1E-5", "-1.5e+10", "inf", "-Infinity", "nan", " 1", "1 ", "1,5",
      "441", "-1.2501397540966153", "0.05916648908696566", "-0.582630119964812",
      "1234567890123456789", "12345678901234567890", "-1234567890123456789", "1.234567890123456789",
      "12.34567890123456789", "123456789.0123456789", "0.0000000000000000001", "00000000000000000001",
      "000000000000000000001", "0.00000000000000000001", "9999999999999999999", "9999999999999999999.",
      "18446744073709551615", "18446744073709551616", "9007199254740993", "9007199254740993.0",
      "0.1000000000000000055511151231257827", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
      "123456789012345678.9", "1234567890123456789.", ".1234567890123456789", "-.1234567890123456789",
      "0000000000000000000.5"};
  for (char filler : fillers) {
    for (const char* shape : shapes) ExpectPaddedMatches(shape, filler);
  }
}

// Every digit count 1..22 with the point anywhere (or absent), random and all-nine digits, signs,
// leading zeros and exponents.
TEST(NumberParseTest, PaddedDoublesMatchOnRandomInputs) {
  std::mt19937_64 random(11);
  const char fillers[] = {'7', '.', ','};
  for (int i = 0; i < 300000; ++i) {
    int digit_count = 1 + static_cast<int>(random() % 22);
    int point = static_cast<int>(random() % (digit_count + 2)) - 1;  // -1: no point
    std::string text;
    if (random() % 2) text += '-';
    int leading_zeros = random() % 4 == 0 ? static_cast<int>(random() % (digit_count + 1)) : 0;
    bool nines = random() % 16 == 0;
    for (int d = 0; d < digit_count; ++d) {
      if (d == point) text += '.';
      if (d < leading_zeros) {
        text += '0';
      } else {
        text += nines ? '9' : static_cast<char>('0' + random() % 10);
      }
    }
    if (point == digit_count) text += '.';
    if (random() % 32 == 0) text += "e" + std::to_string(static_cast<int>(random() % 40) - 20);
    ExpectPaddedMatches(text, fillers[i % 3]);
  }
  // Shortest round-trip forms of random doubles (the shape of generated CSV data).
  for (int i = 0; i < 100000; ++i) {
    double source;
    uint64_t bits = random();
    std::memcpy(&source, &bits, 8);
    if (!std::isfinite(source)) continue;
    if (i % 2 == 0) source = std::ldexp(static_cast<double>(random() >> 11), -static_cast<int>(random() % 60));
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), source);
    ExpectPaddedMatches(std::string(buffer, result.ptr), fillers[i % 3]);
  }
}

TEST(NumberParseTest, ParsesSpecialDoubles) {
  double value = 0;
  EXPECT_TRUE(ParseDouble("inf", value));
  EXPECT_TRUE(std::isinf(value) && value > 0);
  EXPECT_TRUE(ParseDouble("-Infinity", value));
  EXPECT_TRUE(std::isinf(value) && value < 0);
  EXPECT_TRUE(ParseDouble("NaN", value));
  EXPECT_TRUE(std::isnan(value));
}

TEST(NumberParseTest, RejectsMalformedDoubles) {
  double value = 0;
  EXPECT_FALSE(ParseDouble("", value));
  EXPECT_FALSE(ParseDouble(".", value));
  EXPECT_FALSE(ParseDouble("1e", value));
  EXPECT_FALSE(ParseDouble("1.5x", value));
  EXPECT_FALSE(ParseDouble(" 1", value));
  EXPECT_FALSE(ParseDouble("+-1", value));
  EXPECT_FALSE(ParseDouble("+", value));
  EXPECT_FALSE(ParseDouble("abc", value));
}

TEST(NumberParseTest, ParsesDecimalsWithRounding) {
  int64_t value = 0;
  EXPECT_TRUE(ParseDecimal("1.005", 10, 2, value));
  EXPECT_EQ(value, 101);
  EXPECT_TRUE(ParseDecimal("1.004", 10, 2, value));
  EXPECT_EQ(value, 100);
  EXPECT_TRUE(ParseDecimal("-1.005", 10, 2, value));
  EXPECT_EQ(value, -101);
  EXPECT_TRUE(ParseDecimal("12", 10, 2, value));
  EXPECT_EQ(value, 1200);
  EXPECT_TRUE(ParseDecimal(".5", 3, 1, value));
  EXPECT_EQ(value, 5);
  EXPECT_TRUE(ParseDecimal("007.1", 3, 1, value));
  EXPECT_EQ(value, 71);
}

TEST(NumberParseTest, DecimalRejectsTooManyDigits) {
  int64_t value = 0;
  EXPECT_FALSE(ParseDecimal("123.4", 4, 2, value));  // 3 integer digits, room for 2
  EXPECT_TRUE(ParseDecimal("12.34", 4, 2, value));
  EXPECT_FALSE(ParseDecimal("99.995", 4, 2, value));  // rounds to 100.00
  EXPECT_FALSE(ParseDecimal("", 4, 2, value));
  EXPECT_FALSE(ParseDecimal(".", 4, 2, value));
  EXPECT_FALSE(ParseDecimal("1.2.3", 4, 2, value));
}

TEST(NumberParseTest, ParsesBooleans) {
  bool value = false;
  for (const char* text : {"true", "TRUE", "t", "yes", "Y", "1", "on", "On"}) {
    value = false;
    EXPECT_TRUE(ParseBoolean(text, value)) << text;
    EXPECT_TRUE(value) << text;
  }
  for (const char* text : {"false", "F", "no", "n", "0", "off"}) {
    value = true;
    EXPECT_TRUE(ParseBoolean(text, value)) << text;
    EXPECT_FALSE(value) << text;
  }
  EXPECT_FALSE(ParseBoolean("", value));
  EXPECT_FALSE(ParseBoolean("2", value));
  EXPECT_FALSE(ParseBoolean("truth", value));
  EXPECT_FALSE(ParseBoolean("offf", value));
}

}  // namespace
}  // namespace tarn
