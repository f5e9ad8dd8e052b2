#include "server/json/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarn::server {
namespace {

TEST(JsonWriterTest, SeparatesMembersAndItems) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Key("a").Int(1).Key("b").BeginArray().Bool(true).Null().String("x");
  json.EndArray().Key("c").BeginObject().EndObject().EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":[true,null,"x"],"c":{}})");
}

TEST(JsonWriterTest, EscapesControlCharactersAndQuotes) {
  std::string out;
  AppendJsonString(std::string("a\"b\\c\n\t\x01\x7f", 9), out);
  EXPECT_EQ(out, R"("a\"b\\c\n\t\u0001\u007f")");
}

TEST(JsonWriterTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  std::string out;
  AppendJsonString("caf\xC3\xA9 \xE2\x82\xAC", out);  // café €
  EXPECT_EQ(out, "\"caf\xC3\xA9 \xE2\x82\xAC\"");
  out.clear();
  AppendJsonString("a\xFF" "b\xC3", out);  // a stray byte, a truncated sequence
  EXPECT_EQ(out, "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
}

TEST(JsonWriterTest, WritesNonFiniteDoublesAsNull) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray().Double(0.1).Double(NAN).Double(INFINITY).Double(-2.5e300).EndArray();
  EXPECT_EQ(out, "[0.1,null,null,-2.5e+300]");
}

TEST(JsonWriterTest, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));      // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));             // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));         // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));     // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));             // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));                 // continuation without a lead
}

}  // namespace
}  // namespace tarn::server
