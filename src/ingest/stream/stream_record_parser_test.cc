#include "ingest/stream/stream_record_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "ingest/stream/stream_definition_store.h"
#include "ingest/stream/stream_test_fixture.h"

namespace tarn::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::shared_ptr<const StreamSchema> Schema() {
  StreamDefinition definition;
  definition.name = "s";
  definition.columns = {Column("id", TypeId::kBigint, false), Column("name", TypeId::kVarchar), Column("at", TypeId::kTimestamp)};
  auto schema = std::make_shared<StreamSchema>();
  schema->record_columns = definition.columns;
  schema->table_columns = StreamTableColumns(definition);  // + dt, hr
  for (const auto& column : schema->table_columns) schema->table_types.push_back(column.type);
  schema->arrival_partitions = true;
  return schema;
}

std::string Rows(const StreamBatch& batch) {
  std::string text;
  for (const auto& chunk : batch.chunks) text += chunk->ToString();
  return text;
}

TEST(StreamRecordParserTest, ReplayingThePayloadGivesTheSameRowsAndErrors) {
  auto schema = Schema();
  ChunkPool pool(schema->table_types);
  StreamBodySplitter splitter;
  std::vector<RecordSlice> records;
  PutResult result;
  splitter.Split("[{\"id\":1,\"name\":\"a long name over twelve bytes\",\"at\":\"2026-12-01 07:08:09\"}, 17,"
                 " {\"name\":\"no id\"}, {\"id\":2,\"at\":\"not a time\"}, {\"id\":3,\"x\":[1,{}]}]",
                 500, records, result);
  ASSERT_EQ(result.records.size(), 5u);
  EXPECT_EQ(result.records[1].error_code, "NotAnObject");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2].index, 3u);

  StreamRecordParser parser(schema);
  StreamBatch original;
  original.arrival_unix_micros = (int64_t{20423} * 86400 + 7 * 3600) * 1'000'000;  // 2025-12-01 07:00 UTC
  original.principal = "alice";
  parser.Convert(records, pool, original, &result);
  EXPECT_EQ(original.rows, 2u);
  ASSERT_EQ(original.errors.size(), 2u);
  EXPECT_EQ(original.errors[0].record_index, 2u);
  EXPECT_THAT(original.errors[0].error_message, HasSubstr("NOT NULL column 'id'"));
  EXPECT_EQ(original.errors[1].record_index, 3u);
  EXPECT_THAT(original.errors[1].error_message, HasSubstr("column 'at' is not a valid TIMESTAMP"));
  std::string payload(parser.EncodePayload(records, original));

  StreamRecordParser replayer(schema);
  StreamBatch replayed;
  std::vector<RecordSlice> replayed_records;
  replayer.DecodePayload(payload, 9, replayed, replayed_records);
  EXPECT_EQ(replayed.arrival_unix_micros, original.arrival_unix_micros);
  EXPECT_EQ(replayed.principal, "alice");
  replayer.Convert(replayed_records, pool, replayed, nullptr);
  EXPECT_EQ(Rows(replayed), Rows(original));
  EXPECT_THAT(Rows(original), HasSubstr("2025-12-01"));
  EXPECT_EQ(replayed.bytes, original.bytes);
  ASSERT_EQ(replayed.errors.size(), 2u);
  EXPECT_EQ(replayed.errors[1].record, original.errors[1].record);
  EXPECT_EQ(replayed.errors[1].error_message, original.errors[1].error_message);

  // Every cut of the payload fails to decode, naming the sequence.
  for (size_t cut : {size_t{0}, size_t{5}, size_t{12}, payload.size() - 1}) {
    StreamBatch broken;
    try {
      replayer.DecodePayload(std::string_view(payload).substr(0, cut), 9, broken, replayed_records);
      ADD_FAILURE() << "cut at " << cut << " decoded";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
      EXPECT_THAT(error.message(), HasSubstr("record 9"));
    }
  }
  pool.ReleaseAll(original);
  pool.ReleaseAll(replayed);
}

TEST(StreamRecordParserTest, IgnoredFieldsAreCheckedAndRepeatedKeysTakeTheLastValue) {
  auto schema = Schema();
  ChunkPool pool(schema->table_types);
  StreamBodySplitter splitter;
  std::vector<RecordSlice> records;
  PutResult result;
  splitter.Split("{\"id\":1,\"x\":tru}\n"                      // bad literal in a field that is no column
                 "{\"id\":2,\"x\":\"\xff\"}\n"                   // invalid UTF-8 there
                 "{\"id\":3,\"name\":\"a\",\"name\":null,\"id\":4}\n"  // repeated keys: the last counts
                 "{\"id\":5,\"name\":{\"k\": [1, \"\\u00e9\"]}}\n",     // nested: minified text, escapes kept
                 500, records, result);
  ASSERT_EQ(records.size(), 4u);
  StreamRecordParser parser(schema);
  StreamBatch batch;
  parser.Convert(records, pool, batch, &result);
  EXPECT_EQ(result.records[0].error_code, "InvalidJson");
  EXPECT_THAT(result.records[0].error_message, HasSubstr("invalid literal at byte 12"));
  EXPECT_EQ(result.records[1].error_code, "InvalidJson");
  EXPECT_THAT(result.records[1].error_message, HasSubstr("UTF-8 at byte 13"));
  EXPECT_EQ(result.failed_count, 2u);
  EXPECT_EQ(batch.rows, 2u);
  EXPECT_THAT(Rows(batch), HasSubstr("4|NULL|NULL|"));
  EXPECT_THAT(Rows(batch), HasSubstr("5|{\"k\":[1,\"\\u00e9\"]}|NULL|"));
  pool.ReleaseAll(batch);
}

TEST(StreamRecordParserTest, InfersColumnsInOrderOfFirstAppearance) {
  StreamBodySplitter splitter;
  std::vector<RecordSlice> records;
  PutResult result;
  splitter.Split("{\"a\":1,\"dt\":\"x\",\"b\":\"2026-01-01\"}\n{\"c\":[1],\"a\":2.5,\"A\":true}\n", 500, records,
                 result);
  std::vector<std::string> columns;
  for (const auto& column : splitter.Infer(records, /*skip_partition_names=*/true)) {
    columns.push_back(column.name + " " + column.type.ToString());
  }
  // "A" repeats "a" case-insensitively (first wins); dt is reserved; dates stay VARCHAR.
  EXPECT_THAT(columns, ElementsAre("a DOUBLE", "b VARCHAR", "c VARCHAR"));
}

}  // namespace
}  // namespace tarn::ingest
