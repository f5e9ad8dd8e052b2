#include "server/json/json_value.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::server {
namespace {

std::string ParseError(std::string_view text) {
  try {
    ParseJsonStrict(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
    return error.message();
  }
  return "no error";
}

TEST(JsonValueTest, ParsesScalarsArraysAndObjects) {
  JsonValue value = ParseJsonStrict(
      R"({"sql": "SELECT 1", "params": [1, -2, 2.5, "x", true, null, 18446744073709551615]})");
  ASSERT_EQ(value.kind(), JsonValue::Kind::kObject);
  ASSERT_EQ(value.members().size(), 2u);
  EXPECT_EQ(value.Find("sql")->string_value(), "SELECT 1");
  const auto& params = value.Find("params")->items();
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(params[0].int_value(), 1);
  EXPECT_EQ(params[1].int_value(), -2);
  EXPECT_EQ(params[2].double_value(), 2.5);
  EXPECT_EQ(params[3].string_value(), "x");
  EXPECT_TRUE(params[4].bool_value());
  EXPECT_TRUE(params[5].is_null());
  EXPECT_EQ(params[6].kind(), JsonValue::Kind::kUint);
  EXPECT_EQ(value.Find("missing"), nullptr);
}

TEST(JsonValueTest, RejectsTrailingContent) {
  EXPECT_NE(ParseError(R"({"a": 1} x)").find("malformed json"), std::string::npos);
  EXPECT_NE(ParseError(R"({"a": 1}})").find("malformed json"), std::string::npos);
  EXPECT_NE(ParseError("[1, 2,]").find("malformed json"), std::string::npos);
}

TEST(JsonValueTest, RejectsDuplicateKeysAtAnyDepth) {
  EXPECT_EQ(ParseError(R"({"sql": "a", "sql": "b"})"), "duplicate key \"sql\" in json object");
  EXPECT_EQ(ParseError(R"({"x": [{"k": 1, "k": 2}]})"), "duplicate key \"k\" in json object");
}

TEST(JsonValueTest, RejectsInvalidUtf8AndEmptyBodies) {
  EXPECT_EQ(ParseError("{\"sql\": \"\xC0\x80\"}"), "request body is not valid utf-8");
  EXPECT_EQ(ParseError(""), "request body is empty");
}

TEST(JsonValueTest, LimitsDepth) {
  EXPECT_EQ(ParseError("[[[[1]]]]").substr(0, 6), "no err");
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(ParseError(deep), "json nested deeper than 64");
}

}  // namespace
}  // namespace tarn::server
