#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "exec/function/function_test_util.h"

namespace tarn::exec {
namespace {

using ::testing::ElementsAre;
using testing::CallScalar;
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
Vector TextConstant(const char* value) { return MakeConstant(TypeId::kVarchar, Value::Varchar(value)); }
Vector Number(int64_t value) { return MakeConstant(TypeId::kBigint, Value::Bigint(value)); }

TEST(StringFunctionsTest, CaseAndLength) {
  Vector input = Text({"Hello World", "", nullptr, "héllo"});
  EXPECT_THAT(Strings(CallScalar("lower", {&input}, 4), 4),
              ElementsAre("hello world", "", "NULL", "héllo"));
  EXPECT_THAT(Strings(CallScalar("upper", {&input}, 4), 4),
              ElementsAre("HELLO WORLD", "", "NULL", "HÉLLO"));
  EXPECT_THAT(Strings(CallScalar("length", {&input}, 4), 4), ElementsAre("11", "0", "NULL", "5"));
}

TEST(StringFunctionsTest, ConcatSkipsNullsButOperatorPropagates) {
  Vector left = Text({"ab", "a", nullptr});
  Vector right = Text({"cd", "", "x"});
  EXPECT_THAT(Strings(CallScalar("||", {&left, &right}, 3), 3), ElementsAre("abcd", "a", "NULL"));
  EXPECT_THAT(Strings(CallScalar("concat", {&left, &right}, 3), 3), ElementsAre("abcd", "a", "x"));
}

TEST(StringFunctionsTest, Substring) {
  Vector input = Text({"hello", "héllo", ""});
  Vector two = Number(2);
  Vector three = Number(3);
  EXPECT_THAT(Strings(CallScalar("substr", {&input, &two}, 3), 3), ElementsAre("ello", "éllo", ""));
  EXPECT_THAT(Strings(CallScalar("substr", {&input, &two, &three}, 3), 3),
              ElementsAre("ell", "éll", ""));
  Vector zero = Number(0);
  EXPECT_THAT(Strings(CallScalar("substring", {&input, &zero, &three}, 1), 1), ElementsAre("he"));
  Vector negative = Number(-1);
  EXPECT_THROW(CallScalar("substr", {&input, &two, &negative}, 3), Error);
}

TEST(StringFunctionsTest, TrimReplaceSplit) {
  Vector input = Text({"  a b  ", "xxhixx"});
  EXPECT_THAT(Strings(CallScalar("trim", {&input}, 2), 2), ElementsAre("a b", "xxhixx"));
  EXPECT_THAT(Strings(CallScalar("ltrim", {&input}, 2), 2), ElementsAre("a b  ", "xxhixx"));
  Vector x = TextConstant("x");
  EXPECT_THAT(Strings(CallScalar("rtrim", {&input, &x}, 2), 2), ElementsAre("  a b  ", "xxhi"));
  Vector banana = Text({"banana", "aaa"});
  Vector from = Text({"an", "aa"});
  Vector to = Text({"", "b"});
  EXPECT_THAT(Strings(CallScalar("replace", {&banana, &from, &to}, 2), 2), ElementsAre("ba", "ba"));
  Vector csv = TextConstant("a,b,,c");
  Vector comma = TextConstant(",");
  Vector field = MakeFlat(TypeId::kBigint, {Value::Bigint(2), Value::Bigint(3), Value::Bigint(9),
                                            Value::Bigint(-1)});
  EXPECT_THAT(Strings(CallScalar("split_part", {&csv, &comma, &field}, 4), 4),
              ElementsAre("b", "", "", "c"));
}

TEST(StringFunctionsTest, SearchAndPad) {
  Vector input = Text({"hello", "日本語"});
  Vector needle = Text({"ll", "語"});
  EXPECT_THAT(Strings(CallScalar("strpos", {&input, &needle}, 2), 2), ElementsAre("3", "3"));
  EXPECT_THAT(Strings(CallScalar("position", {&needle, &input}, 2), 2), ElementsAre("3", "3"));
  EXPECT_THAT(Strings(CallScalar("contains", {&input, &needle}, 2), 2), ElementsAre("true", "true"));
  Vector he = TextConstant("he");
  EXPECT_THAT(Strings(CallScalar("starts_with", {&input, &he}, 2), 2), ElementsAre("true", "false"));
  Vector two = Number(2);
  Vector minus_one = Number(-1);
  EXPECT_THAT(Strings(CallScalar("left", {&input, &two}, 2), 2), ElementsAre("he", "日本"));
  EXPECT_THAT(Strings(CallScalar("right", {&input, &minus_one}, 2), 2), ElementsAre("ello", "本語"));
  EXPECT_THAT(Strings(CallScalar("reverse", {&input}, 2), 2), ElementsAre("olleh", "語本日"));
  Vector seven = Number(7);
  Vector fill = TextConstant("xy");
  EXPECT_THAT(Strings(CallScalar("lpad", {&input, &seven, &fill}, 2), 2),
              ElementsAre("xyhello", "xyxy日本語"));
  EXPECT_THAT(Strings(CallScalar("rpad", {&input, &two}, 2), 2), ElementsAre("he", "日本"));
  Vector three = Number(3);
  EXPECT_THAT(Strings(CallScalar("repeat", {&he, &three}, 1), 1), ElementsAre("hehehe"));
}

TEST(StringFunctionsTest, Like) {
  Vector input = Text({"hello", "hello", "hello", "", "a%b", "HeLLo", nullptr});
  Vector pattern = Text({"h%", "h_llo", "%ll%", "%", "a\\%b", "h%L_O", "%"});
  EXPECT_THAT(Strings(CallScalar("like", {&input, &pattern}, 7), 7),
              ElementsAre("true", "true", "true", "true", "true", "false", "NULL"));
  EXPECT_THAT(Strings(CallScalar("ilike", {&input, &pattern}, 7), 7),
              ElementsAre("true", "true", "true", "true", "true", "true", "NULL"));
  EXPECT_THAT(Strings(CallScalar("not_like", {&input, &pattern}, 7), 7),
              ElementsAre("false", "false", "false", "false", "false", "true", "NULL"));
  Vector text = Text({"ab", "a_b", "axb"});
  Vector escaped = TextConstant("a!_b");
  Vector bang = TextConstant("!");
  EXPECT_THAT(Strings(CallScalar("like", {&text, &escaped, &bang}, 3), 3),
              ElementsAre("false", "true", "false"));
  Vector empty = Text({""});
  Vector underscore = TextConstant("_");
  EXPECT_THAT(Strings(CallScalar("like", {&empty, &underscore}, 1), 1), ElementsAre("false"));
  // Backtracking: many '%' against a long non-matching text stays fast.
  Vector long_text = TextConstant(std::string(5000, 'a').c_str());
  Vector stars = TextConstant("%a%a%a%a%a%b");
  EXPECT_THAT(Strings(CallScalar("like", {&long_text, &stars}, 1), 1), ElementsAre("false"));
}

}  // namespace
}  // namespace tarn::exec

namespace tarn::exec {
namespace {

TEST(StringFunctionsTest, NullRowsWithGarbageAreNeverRead) {
  Vector input(TypeId::kVarchar);
  input.SetValue(0, Value::Varchar("Abc"));
  // Row 1 is NULL and its slot holds a 100-byte string pointing at an invalid address.
  const char* bogus = reinterpret_cast<const char*>(uintptr_t{16});
  std::memcpy(&input.data<StringRef>()[1], &bogus, 0);
  uint32_t length = 100;
  std::memcpy(reinterpret_cast<char*>(&input.data<StringRef>()[1]), &length, 4);
  std::memcpy(reinterpret_cast<char*>(&input.data<StringRef>()[1]) + 8, &bogus, 8);
  input.validity().SetInvalid(1);
  EXPECT_THAT(testing::Strings(testing::CallScalar("lower", {&input}, 2), 2),
              ::testing::ElementsAre("abc", "NULL"));
  EXPECT_THAT(testing::Strings(testing::CallScalar("=", {&input, &input}, 2), 2),
              ::testing::ElementsAre("true", "NULL"));
}

}  // namespace
}  // namespace tarn::exec
