#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using testing::CallScalar;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MakeConstant;
using testing::MakeFlat;
using testing::Strings;

Vector Text(std::vector<const char*> values) {
  std::vector<Value> list;
  for (const char* value : values) {
    list.push_back(value == nullptr ? Value::Null(TypeId::kVarchar) : Value::Varchar(value));
  }
  return MakeFlat(TypeId::kVarchar, list);
}
Vector TextConstant(const char* value) {
  return MakeConstant(TypeId::kVarchar, Value::Varchar(value));
}

TEST(RegexpTest, MatchesWithConstantAndPerRowPatterns) {
  Vector input = Text({"hello world", "HELLO", nullptr, "a longer string than twelve bytes"});
  Vector pattern = TextConstant("^h.*o");
  EXPECT_THAT(Strings(CallScalar("regexp_matches", {&input, &pattern}, 4), 4),
              ElementsAre("true", "false", "NULL", "false"));
  Vector insensitive = TextConstant("i");
  EXPECT_THAT(Strings(CallScalar("regexp_matches", {&input, &pattern, &insensitive}, 4), 4),
              ElementsAre("true", "true", "NULL", "false"));
  Vector patterns = Text({"world$", "^L", "x", "twelve"});
  EXPECT_THAT(Strings(CallScalar("regexp_matches", {&input, &patterns}, 4), 4),
              ElementsAre("true", "false", "NULL", "true"));
  EXPECT_THAT(Strings(CallScalar("regexp_full_match", {&input, &patterns}, 4), 4),
              ElementsAre("false", "false", "NULL", "false"));
}

TEST(RegexpTest, ReplaceFirstOrGlobalWithCaptures) {
  Vector input = Text({"banana", "", nullptr, "john smith"});
  Vector pattern = TextConstant("(a|n)(\\w)?");
  Vector rewrite = TextConstant("<\\2\\1>");
  EXPECT_THAT(Strings(CallScalar("regexp_replace", {&input, &pattern, &rewrite}, 4), 4),
              ElementsAre("b<na>ana", "", "NULL", "joh<n> smith"));
  Vector global = TextConstant("g");
  EXPECT_THAT(Strings(CallScalar("regexp_replace", {&input, &pattern, &rewrite, &global}, 4), 4),
              ElementsAre("b<na><na><a>", "", "NULL", "joh<n> smith"));
  // Empty matches: one between every character, none right after a previous match.
  Vector text = TextConstant("abc");
  Vector empty_pattern = TextConstant("b*");
  Vector dash = TextConstant("-");
  EXPECT_THAT(Strings(CallScalar("regexp_replace", {&text, &empty_pattern, &dash, &global}, 1), 1),
              ElementsAre("-a-c-"));
}

TEST(RegexpTest, ExtractGroup) {
  Vector input = Text({"key=value", "nothing", nullptr});
  Vector pattern = TextConstant("(\\w+)=(\\w+)");
  Vector two = MakeConstant(TypeId::kBigint, Value::Bigint(2));
  EXPECT_THAT(Strings(CallScalar("regexp_extract", {&input, &pattern, &two}, 3), 3),
              ElementsAre("value", "", "NULL"));
  EXPECT_THAT(Strings(CallScalar("regexp_extract", {&input, &pattern}, 3), 3),
              ElementsAre("key=value", "", "NULL"));
  Vector three = MakeConstant(TypeId::kBigint, Value::Bigint(3));
  EXPECT_THROW(CallScalar("regexp_extract", {&input, &pattern, &three}, 3), Error);
}

TEST(RegexpTest, InvalidPatternNamesPosition) {
  Vector input = Text({"abc"});
  Vector pattern = TextConstant("ab(c");
  try {
    CallScalar("regexp_matches", {&input, &pattern}, 1);
    FAIL();
  } catch (const Error& error) {
    EXPECT_THAT(error.message(), HasSubstr("invalid regular expression: missing )"));
    EXPECT_THAT(error.message(), HasSubstr("at position 1 of pattern 'ab(c'"));
  }
  Vector bad_option = TextConstant("x");
  EXPECT_THROW(CallScalar("regexp_matches", {&input, &input, &bad_option}, 1), Error);
}

TEST(StringFunctionsExtraTest, ConcatWsInitcapAsciiChrMd5) {
  Vector separator = TextConstant(", ");
  Vector a = Text({"x", nullptr, nullptr});
  Vector b = Text({"y", "z", nullptr});
  EXPECT_THAT(Strings(CallScalar("concat_ws", {&separator, &a, &b}, 3), 3),
              ElementsAre("x, y", "z", ""));
  Vector words = Text({"hello wORLD", "o'neil 3rd", nullptr});
  EXPECT_THAT(Strings(CallScalar("initcap", {&words}, 3), 3),
              ElementsAre("Hello World", "O'Neil 3rd", "NULL"));
  Vector chars = Text({"A", "é", "", "€uro"});
  EXPECT_THAT(Strings(CallScalar("ascii", {&chars}, 4), 4), ElementsAre("65", "233", "0", "8364"));
  Vector codes = MakeFlat(TypeId::kInteger, {Value::Integer(65), Value::Integer(233),
                                             Value::Integer(8364), Value::Integer(128512)});
  EXPECT_THAT(Strings(CallScalar("chr", {&codes}, 4), 4), ElementsAre("A", "é", "€", "😀"));
  Vector zero = MakeFlat(TypeId::kInteger, {Value::Integer(0)});
  EXPECT_THROW(CallScalar("chr", {&zero}, 1), Error);
  // RFC 1321 test suite values.
  Vector md5_inputs =
      Text({"", "abc", "message digest",
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890"});
  EXPECT_THAT(Strings(CallScalar("md5", {&md5_inputs}, 4), 4),
              ElementsAre("d41d8cd98f00b204e9800998ecf8427e", "900150983cd24fb0d6963f7d28e17f72",
                          "f96b697d7cb7938d525a2f31aaf161d0", "57edf4a22be3c955ac49da2e2107b67a"));
}

}  // namespace
}  // namespace tarn::exec
