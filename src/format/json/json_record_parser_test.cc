#include "format/json/json_record_parser.h"

#include <limits>
#include <random>

#include <simdjson.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn::format::json {
namespace {

using ::testing::HasSubstr;

// A one-row parse into columns a BIGINT, i INTEGER, d DOUBLE, s VARCHAR, b BOOLEAN, t TIMESTAMP,
// m DECIMAL(6,2); each test checks the outcome and the cells as text.
class Parsed {
 public:
  Parsed() : chunk_(Types()), parser_(Names()) {
    targets_.resize(Names().size());
    for (size_t i = 0; i < targets_.size(); ++i) {
      LogicalType type = Types()[i];
      targets_[i] = {type.id(), type.width(), type.scale(), false, chunk_.column(i).raw_data(), &chunk_.column(i),
                     Names()[i]};
      pointers_.push_back(&targets_[i]);
    }
  }

  // Parses 'record'; 'after' follows it in memory (as the next NDJSON line does) but is not part of it.
  RecordOutcome Parse(std::string_view record, std::string_view after = "") {
    text_ = std::string(record) + std::string(after) + std::string(kJsonPadding, ' ');
    chunk_.Reset();
    for (size_t i = 0; i < targets_.size(); ++i) targets_[i].data = chunk_.column(i).raw_data();
    RecordOutcome outcome = parser_.ParseRow(text_.data(), record.size(), pointers_.data(), 0, problem_);
    chunk_.SetPhysicalSize(1);
    return outcome;
  }
  // The cell of column 'name' as text ("NULL" when null).
  std::string Cell(std::string_view name) {
    for (size_t i = 0; i < Names().size(); ++i) {
      if (Names()[i] == name) return chunk_.column(i).GetValue(0).ToString();
    }
    return "?";
  }
  const LineProblem& problem() const { return problem_; }

 private:
  // Static: targets keep views of the names.
  static const std::vector<std::string>& Names() {
    static const std::vector<std::string> names{"a", "i", "d", "s", "b", "t", "m"};
    return names;
  }
  static std::vector<LogicalType> Types() {
    return {LogicalType(TypeId::kBigint),  LogicalType(TypeId::kInteger), LogicalType(TypeId::kDouble),
            LogicalType(TypeId::kVarchar), LogicalType(TypeId::kBoolean), LogicalType(TypeId::kTimestamp),
            LogicalType::Decimal(6, 2)};
  }

  exec::DataChunk chunk_;
  JsonRecordParser parser_;
  std::vector<JsonTarget> targets_;
  std::vector<const JsonTarget*> pointers_;
  std::string text_;
  LineProblem problem_;
};

TEST(JsonRecordParserTest, ConvertsEachTypeAndLeavesMissingFieldsNull) {
  Parsed row;
  ASSERT_EQ(row.Parse(R"( {"a": -42, "i":7,"d":1.5e3,"s":"a string longer than twelve","b":true,)"
                      R"("t":"2026-12-01 07:08:09","m":"3.10"} )"),
            RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "-42");
  EXPECT_EQ(row.Cell("i"), "7");
  EXPECT_EQ(row.Cell("d"), "1500");
  EXPECT_EQ(row.Cell("s"), "a string longer than twelve");
  EXPECT_EQ(row.Cell("b"), "true");
  EXPECT_EQ(row.Cell("t"), "2026-12-01 07:08:09");
  EXPECT_EQ(row.Cell("m"), "3.10");
  ASSERT_EQ(row.Parse(R"({"s":null,"zzz":{"a":[1,2,{"b":null}]},"m":12.345})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "NULL");
  EXPECT_EQ(row.Cell("s"), "NULL");
  EXPECT_EQ(row.Cell("m"), "12.35");  // rounded half away from zero at scale 2
  ASSERT_EQ(row.Parse("{}"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("b"), "NULL");
}

TEST(JsonRecordParserTest, NumbersAtTheLimits) {
  Parsed row;
  ASSERT_EQ(row.Parse(R"({"a":9223372036854775807,"i":-2147483648,"d":-0.0})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "9223372036854775807");
  EXPECT_EQ(row.Cell("i"), "-2147483648");
  ASSERT_EQ(row.Parse(R"({"a":-9223372036854775808})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "-9223372036854775808");
  // One past each limit, a fraction or an exponent for an integer column, an overflowing double.
  for (std::string_view record : {R"({"a":9223372036854775808})", R"({"i":2147483648})", R"({"a":1.0})",
                                  R"({"a":1e2})", R"({"d":1e400})", R"({"m":12345.6})"}) {
    EXPECT_EQ(row.Parse(record), RecordOutcome::kMismatch) << record;
    EXPECT_THAT(row.problem().reason, HasSubstr("is not a valid")) << record;
  }
  ASSERT_EQ(row.Parse(R"({"d":18446744073709551616,"s":-1.25E-2})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("s"), "-1.25E-2");  // number text kept as written
}

TEST(JsonRecordParserTest, NestedValuesBecomeMinifiedText) {
  Parsed row;
  ASSERT_EQ(row.Parse(R"({"s": { "k" : [ 1 , "a b" , {"n" : null} ] , "e":[ ] }})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("s"), R"({"k":[1,"a b",{"n":null}],"e":[]})");
  EXPECT_EQ(row.Parse(R"({"a":[1]})"), RecordOutcome::kMismatch);
  EXPECT_EQ(row.problem().reason, "value of column 'a' is not a valid BIGINT");
  EXPECT_EQ(row.problem().column, 1u);  // the key's quote
}

TEST(JsonRecordParserTest, StringsUnescapeAndCheckUtf8) {
  Parsed row;
  ASSERT_EQ(row.Parse(R"({"s":"tab\there \"q\" \u00e9 \ud83d\ude00 \/"})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("s"), "tab\there \"q\" \xc3\xa9 \xf0\x9f\x98\x80 /");
  ASSERT_EQ(row.Parse("{\"s\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("s"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  ASSERT_EQ(row.Parse(R"({"\u0061":5})"), RecordOutcome::kRow);  // an escaped key still matches
  EXPECT_EQ(row.Cell("a"), "5");
  // Invalid UTF-8 (lone continuation, overlong, surrogate, truncated) and bad escapes, also in
  // fields that are not columns.
  for (std::string_view record :
       {"{\"s\":\"\x80\"}", "{\"s\":\"\xc0\xaf\"}", "{\"s\":\"\xed\xa0\x80\"}", "{\"x\":\"\xe2\x82\"}",
        R"({"s":"\ud83d"})", R"({"s":"\ude00"})", R"({"x":"\q"})", R"({"x":"\u12g4"})", "{\"s\":\"a\tb\"}"}) {
    EXPECT_EQ(row.Parse(record), RecordOutcome::kInvalidJson) << record;
  }
  EXPECT_EQ(row.Parse("{\"x\":\"\x80\"}"), RecordOutcome::kInvalidJson);
  EXPECT_THAT(row.problem().reason, HasSubstr("UTF-8"));
  EXPECT_EQ(row.problem().column, 6u);
}

TEST(JsonRecordParserTest, DuplicateKeysTakeTheLastValue) {
  Parsed row;
  ASSERT_EQ(row.Parse(R"({"a":1,"s":"x","a":2})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "2");
  ASSERT_EQ(row.Parse(R"({"a":1,"a":null})"), RecordOutcome::kRow);
  EXPECT_EQ(row.Cell("a"), "NULL");
  EXPECT_EQ(row.Parse(R"({"a":"x","a":2})"), RecordOutcome::kMismatch);  // the first bad value counts
  ASSERT_EQ(row.Parse(R"({"A":1,"a ":2})"), RecordOutcome::kRow);        // keys match exactly
  EXPECT_EQ(row.Cell("a"), "NULL");
}

TEST(JsonRecordParserTest, SyntaxErrorsAnywhereMakeTheRecordInvalid) {
  Parsed row;
  for (std::string_view record :
       {R"({"a":1,})", R"({"a":01})", R"({"a":1}})", R"({"a":1} {"a":2})", R"({"a":1 "i":2})", R"({"x":tru})",
        R"({"x":[1,]})", R"({"x":{"k" 1}})", R"({"x":-})", R"({"x":1.})", R"({"x":.5})", R"({"x":1e})",
        R"({"x":nul})", R"({"x":[1})", R"({"a":"unterminated)", R"({"a")", R"({a:1})", R"({"a":1)", "",
        R"({"s":"x","a":+1})", "{\"x\":[1,2]]}"}) {
    EXPECT_EQ(row.Parse(record), RecordOutcome::kInvalidJson) << record;
  }
  // A conversion failure before a syntax error is still a syntax error.
  EXPECT_EQ(row.Parse(R"({"a":"x","i":2,})"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse(R"([1,2])"), RecordOutcome::kNotAnObject);
  EXPECT_EQ(row.Parse(R"("text")"), RecordOutcome::kNotAnObject);
  std::string deep(1025, '[');
  deep = "{\"x\":" + deep + std::string(1025, ']') + "}";
  EXPECT_EQ(row.Parse(deep), RecordOutcome::kInvalidJson);
  std::string nested(1000, '[');
  nested = "{\"x\":" + nested + std::string(1000, ']') + "}";
  EXPECT_EQ(row.Parse(nested), RecordOutcome::kRow);
}

TEST(JsonRecordParserTest, NeverReadsPastTheRecord) {
  // The record is a prefix of a longer text: what follows it must not complete it.
  Parsed row;
  EXPECT_EQ(row.Parse(R"({"s":"ab)", R"("})"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse(R"({"a":12)", "}"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse(R"({"b":tr)", "ue}"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse(R"({"s)", R"(":1})"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse(R"({"s":"\)", R"(n"})"), RecordOutcome::kInvalidJson);
  EXPECT_EQ(row.Parse("{\"s\":\"\xe2\x82", "\xac\"}"), RecordOutcome::kInvalidJson);
}


// Differential check of the syntax rules against simdjson's DOM parser (which validates every
// value): random edits of a record are invalid for one exactly when they are for the other.
TEST(JsonRecordParserTest, AgreesWithSimdjsonOnMutatedRecords) {
  const std::string seed =
      "{\"a\":-12,\"s\":\"caf\xc3\xa9 \\u00e9\\n\",\"x\":[1.5e3,{\"k\":null},true,false],\"b\":true,"
      "\"t\":\"2026-12-01\",\"y\":{}}";
  const std::string alphabet = "{}[]\",:\\ \t\n0123456789.eE+-tfnulrsa\x80\xc3\xa9\xed\xf0";
  std::mt19937 random(42);
  Parsed row;
  simdjson::dom::parser dom;
  size_t invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string record = seed;
    int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % (record.size() + 1);
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: record.insert(record.begin() + static_cast<ptrdiff_t>(at), c); break;
        case 1: if (at < record.size()) record.erase(at, 1); break;
        default: if (at < record.size()) record[at] = c; break;
      }
    }
    simdjson::padded_string padded(record);
    simdjson::dom::element element;
    auto error = dom.parse(padded).get(element);
    RecordOutcome outcome = row.Parse(record);
    if (error == simdjson::NUMBER_ERROR) continue;  // out of range or malformed: checked above
    bool dom_valid = !error;
    bool ours_valid = outcome != RecordOutcome::kInvalidJson;
    invalid += !dom_valid;
    ASSERT_EQ(ours_valid, dom_valid) << "record: " << record << " simdjson: " << simdjson::error_message(error)
                                     << " ours: " << row.problem().reason;
    if (dom_valid) {
      EXPECT_EQ(outcome == RecordOutcome::kNotAnObject, !element.is_object()) << record;
    }
  }
  EXPECT_GT(invalid, 1000u);
}

}  // namespace
}  // namespace tarn::format::json
