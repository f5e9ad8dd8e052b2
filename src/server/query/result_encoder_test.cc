#include "server/query/result_encoder.h"

#include <gtest/gtest.h>

namespace tarn::server {
namespace {

std::string Encode(const std::string& sql, ResultFormat format) {
  sql::SessionOptions options;
  options.threads = 1;
  sql::Session session(options);
  auto result = std::make_shared<sql::QueryResult>(session.Query(sql));
  result->elapsed_seconds = 0.0125;
  ResultEncoder encoder(result, format, "q1");
  std::string body;
  std::string piece;
  while (encoder.Next(piece)) {
    body += piece;
    piece.clear();
  }
  return body;
}

const char* kQuery =
    "SELECT * FROM (VALUES (1, 'a,\"b\"', 2.5::DOUBLE, NULL::VARCHAR, DATE '2024-02-29'), "
    "(2, '', -0.125::DOUBLE, 'x', NULL)) t(id, text, d, n, day) ORDER BY id";

TEST(ResultEncoderTest, JsonHasColumnsRowsAndTiming) {
  EXPECT_EQ(Encode(kQuery, ResultFormat::kJson),
            R"({"query_id":"q1","columns":[{"name":"id","type":"INTEGER"},)"
            R"({"name":"text","type":"VARCHAR"},{"name":"d","type":"DOUBLE"},)"
            R"({"name":"n","type":"VARCHAR"},{"name":"day","type":"DATE"}],)"
            R"("rows":[[1,"a,\"b\"",2.5,null,"2024-02-29"],[2,"",-0.125,"x",null]],)"
            R"("elapsed_ms":12.5,"bytes_scanned":0})"
            "\n");
}

TEST(ResultEncoderTest, CsvQuotesLikeRfc4180AndLeavesNullEmpty) {
  EXPECT_EQ(Encode(kQuery, ResultFormat::kCsv),
            "id,text,d,n,day\r\n"
            "1,\"a,\"\"b\"\"\",2.5,,2024-02-29\r\n"
            "2,\"\",-0.125,x,\r\n");
}

TEST(ResultEncoderTest, NdjsonHasOneObjectPerRow) {
  EXPECT_EQ(Encode(kQuery, ResultFormat::kNdjson),
            R"({"id":1,"text":"a,\"b\"","d":2.5,"n":null,"day":"2024-02-29"})"
            "\n"
            R"({"id":2,"text":"","d":-0.125,"n":"x","day":null})"
            "\n");
}

TEST(ResultEncoderTest, EmptyResultIsStillADocument) {
  EXPECT_EQ(Encode("SELECT 1 AS one WHERE false", ResultFormat::kJson),
            R"({"query_id":"q1","columns":[{"name":"one","type":"INTEGER"}],"rows":[],)"
            R"("elapsed_ms":12.5,"bytes_scanned":0})"
            "\n");
  EXPECT_EQ(Encode("SELECT 1 AS one WHERE false", ResultFormat::kCsv), "one\r\n");
  EXPECT_EQ(Encode("SELECT 1 AS one WHERE false", ResultFormat::kNdjson), "");
}

TEST(ResultEncoderTest, PicksTheFormatFromAccept) {
  EXPECT_EQ(ResultFormatFromAccept("text/csv"), ResultFormat::kCsv);
  EXPECT_EQ(ResultFormatFromAccept("application/x-ndjson"), ResultFormat::kNdjson);
  EXPECT_EQ(ResultFormatFromAccept("application/json"), ResultFormat::kJson);
  EXPECT_EQ(ResultFormatFromAccept("*/*"), ResultFormat::kJson);
  EXPECT_EQ(ResultFormatFromAccept(""), ResultFormat::kJson);
}

}  // namespace
}  // namespace tarn::server
