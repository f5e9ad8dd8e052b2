#include "ingest/stream/stream_buffer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "ingest/stream/stream_definition_store.h"
#include "ingest/stream/stream_test_fixture.h"

namespace tarn::ingest {
namespace {

using ::testing::ElementsAre;

std::unique_ptr<StreamBatch> Batch(uint64_t sequence, uint64_t bytes) {
  auto batch = std::make_unique<StreamBatch>();
  batch->sequence = sequence;
  batch->bytes = bytes;
  batch->rows = 1;
  return batch;
}

std::vector<uint64_t> ReadySequences(const StreamBuffer& buffer) {
  std::vector<uint64_t> sequences;
  for (const StreamBatch* batch : buffer.Ready()) sequences.push_back(batch->sequence);
  return sequences;
}

TEST(StreamBufferTest, OnlyTheContiguousPrefixIsReady) {
  StreamBuffer buffer;
  buffer.SetBase(4);  // 1..4 delivered before
  auto now = StreamBuffer::Clock::now();
  buffer.Insert(Batch(7, 10), now);
  buffer.Insert(Batch(5, 20), now);
  EXPECT_EQ(buffer.contiguous_sequence(), 5u);
  EXPECT_THAT(ReadySequences(buffer), ElementsAre(5));
  EXPECT_EQ(buffer.max_sequence(), 7u);
  EXPECT_EQ(buffer.bytes(), 30u);  // waiting batches count for backpressure
  buffer.Insert(Batch(6, 40), now);
  EXPECT_EQ(buffer.contiguous_sequence(), 7u);
  EXPECT_THAT(ReadySequences(buffer), ElementsAre(5, 6, 7));
  auto taken = buffer.TakeUpTo(6);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[1]->sequence, 6u);
  EXPECT_THAT(ReadySequences(buffer), ElementsAre(7));
  EXPECT_EQ(buffer.bytes(), 10u);
  EXPECT_EQ(buffer.records(), 1u);
}

TEST(StreamDefinitionStoreTest, RoundTripsThroughJson) {
  StreamDefinition definition;
  definition.name = "Clicks-1";
  definition.columns = {Column("UserId", TypeId::kBigint, false, "who \"clicked\""),
                        Column("amount", LogicalType::Decimal(12, 3))};
  definition.partitioning = StreamPartitioning::kField;
  definition.partition_field = "userid";
  definition.buffer_seconds = 2.5;
  definition.created_by = "alice";
  definition.created_unix_seconds = 1764633600;
  ValidateStreamDefinition(definition);
  EXPECT_EQ(definition.table, "clicks-1");
  StreamDefinition back =
      StreamDefinitionStore::FromJson(StreamDefinitionStore::ToJson(definition), "test.json");
  EXPECT_EQ(back.name, "Clicks-1");
  EXPECT_EQ(back.table, "clicks-1");
  ASSERT_EQ(back.columns.size(), 2u);
  EXPECT_EQ(back.columns[0].name, "UserId");
  EXPECT_FALSE(back.columns[0].nullable);
  EXPECT_EQ(back.columns[0].description, "who \"clicked\"");
  EXPECT_EQ(back.columns[1].type, LogicalType::Decimal(12, 3));
  EXPECT_EQ(back.partitioning, StreamPartitioning::kField);
  EXPECT_EQ(back.buffer_seconds, 2.5);
  EXPECT_EQ(back.created_unix_seconds, 1764633600);
  std::vector<std::string> table_columns;
  for (const auto& column : StreamTableColumns(back)) table_columns.push_back(column.name);
  EXPECT_THAT(table_columns, ElementsAre("userid", "amount"));
  EXPECT_THROW(StreamDefinitionStore::FromJson("{\"name\":1}", "bad.json"), Error);
}

TEST(StreamDefinitionStoreTest, RejectsBadDefinitions) {
  auto check = [](auto mutate) {
    StreamDefinition definition;
    definition.name = "s";
    definition.columns = {Column("a", TypeId::kBigint)};
    mutate(definition);
    try {
      ValidateStreamDefinition(definition);
    } catch (const Error& error) {
      return std::string(error.message());
    }
    return std::string("ok");
  };
  EXPECT_EQ(check([](StreamDefinition&) {}), "ok");
  EXPECT_THAT(check([](StreamDefinition& d) { d.name = "a/b"; }), ::testing::HasSubstr("invalid stream name"));
  EXPECT_THAT(check([](StreamDefinition& d) { d.columns.push_back(Column("A", TypeId::kVarchar)); }),
              ::testing::HasSubstr("duplicate stream column 'A'"));
  EXPECT_THAT(check([](StreamDefinition& d) { d.columns.push_back(Column("hr", TypeId::kVarchar)); }),
              ::testing::HasSubstr("reserved"));
  EXPECT_THAT(check([](StreamDefinition& d) { d.compression = "lz9"; }), ::testing::HasSubstr("compression"));
  EXPECT_THAT(check([](StreamDefinition& d) {
                d.partitioning = StreamPartitioning::kField;
                d.partition_field = "zz";
              }),
              ::testing::HasSubstr("partition_field 'zz'"));
}

}  // namespace
}  // namespace tarn::ingest
