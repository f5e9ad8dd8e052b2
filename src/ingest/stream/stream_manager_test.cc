#include "ingest/stream/stream_manager.h"

#include <time.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/stream/stream_test_fixture.h"

// Expected values are derived by hand from the records each test puts.
namespace tarn::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

StreamDefinition OrdersStream() {
  StreamDefinition definition;
  definition.name = "orders";
  definition.partitioning = StreamPartitioning::kNone;
  definition.buffer_seconds = 3600;
  definition.columns = {Column("id", TypeId::kBigint, false),
                        Column("name", TypeId::kVarchar),
                        Column("price", LogicalType::Decimal(10, 2)),
                        Column("ok", TypeId::kBoolean),
                        Column("day", TypeId::kDate),
                        Column("at", TypeId::kTimestamp),
                        Column("score", TypeId::kDouble),
                        Column("n", TypeId::kInteger)};
  return definition;
}

template <class Function>
Error CaptureError(Function function) {
  try {
    function();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an error";
  return Error(ErrorCode::kInternal, "no error");
}

TEST_F(StreamTest, PutThenFlushReadsExactValuesThroughSql) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  PutResult first = manager_->Put(
      "orders",
      "{\"id\":1,\"name\":\"alpha\",\"price\":12.5,\"ok\":true,\"day\":\"2026-03-04\",\"at\":\"2026-03-04 05:06:07\","
      "\"score\":0.25,\"n\":7}\n"
      "{\"id\":2,\"name\":\"a longer name than twelve bytes\",\"price\":\"3.10\",\"ok\":false,\"n\":-3,"
      "\"extra\":\"ignored\"}\n",
      "alice");
  ASSERT_EQ(first.records.size(), 2u);
  EXPECT_EQ(first.failed_count, 0u);
  EXPECT_EQ(first.records[0].sequence, 1u);
  EXPECT_EQ(first.records[1].sequence, 1u);
  PutResult second = manager_->Put("orders", "[{\"id\":3,\"name\":null,\"at\":\"2026-12-31T23:59:59\"}]", "bob");
  ASSERT_EQ(second.records.size(), 1u);
  EXPECT_EQ(second.records[0].error_code, "");
  EXPECT_EQ(second.records[0].sequence, 2u);
  EXPECT_EQ(manager_->Status("orders").buffered_records, 3u);

  int64_t snapshot = manager_->Flush("orders");
  EXPECT_EQ(snapshot, 1);
  EXPECT_EQ(manager_->Flush("orders"), 0);  // nothing left
  EXPECT_THAT(Rows("SELECT id, name, price, ok, day, at, score, n FROM raw.orders ORDER BY id"),
              ElementsAre("1|alpha|12.50|true|2026-03-04|2026-03-04 05:06:07|0.25|7",
                          "2|a longer name than twelve bytes|3.10|false|NULL|NULL|NULL|-3",
                          "3|NULL|NULL|NULL|NULL|2026-12-31 23:59:59|NULL|NULL"));
  auto table = lake_->catalog->FindTable("raw", "orders");
  ASSERT_TRUE(table);
  auto current = lake_->catalog->FindSnapshot(table->id);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->operation, "stream");
  EXPECT_EQ(current->summary["stream"], "orders");
  EXPECT_EQ(current->summary["records"], "3");
  EXPECT_EQ(current->summary["principals"], "alice,bob");
  EXPECT_EQ(lake_->catalog->Watermark(table->id, "stream:orders"), "2");
  StreamStatus status = manager_->Status("orders");
  EXPECT_EQ(status.total_records, 3u);
  EXPECT_EQ(status.buffered_records, 0u);
  EXPECT_EQ(status.deliveries, 1u);
  EXPECT_EQ(status.delivered_sequence, 2u);
  EXPECT_EQ(status.last_delivery_snapshot, 1);
  EXPECT_EQ(manager_->totals().records, 3u);
}

TEST_F(StreamTest, RecordsThatDoNotFitGoToTheErrorTable) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  PutResult result = manager_->Put("orders",
                                   "{\"id\":10,\"n\":\"not a number\"}\n"
                                   "{\"name\":\"no id\"}\n"
                                   "{\"id\":11,\"n\":4000000000}\n"
                                   "{\"id\":12}\n",
                                   "alice");
  ASSERT_EQ(result.records.size(), 4u);
  EXPECT_EQ(result.failed_count, 0u);
  EXPECT_EQ(result.error_table_count, 3u);
  EXPECT_EQ(result.records[0].error_code, "SchemaMismatch");
  EXPECT_THAT(result.records[0].error_message, HasSubstr("column 'n' is not a valid INTEGER"));
  EXPECT_EQ(result.records[0].sequence, 1u);
  EXPECT_THAT(result.records[1].error_message, HasSubstr("missing value for NOT NULL column 'id'"));
  EXPECT_EQ(result.records[2].error_code, "SchemaMismatch");  // 4000000000 does not fit INTEGER
  EXPECT_EQ(result.records[3].error_code, "");
  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT id FROM raw.orders"), ElementsAre("12"));
  EXPECT_THAT(Rows("SELECT stream, sequence, record_index, error_code, record FROM raw.orders__errors "
                   "ORDER BY record_index"),
              ElementsAre("orders|1|0|SchemaMismatch|{\"id\":10,\"n\":\"not a number\"}",
                          "orders|1|1|SchemaMismatch|{\"name\":\"no id\"}",
                          "orders|1|2|SchemaMismatch|{\"id\":11,\"n\":4000000000}"));
  EXPECT_THAT(Rows("SELECT error_message FROM raw.orders__errors WHERE record_index = 1"),
              ElementsAre("missing value for NOT NULL column 'id'"));
  EXPECT_EQ(manager_->Status("orders").error_records, 3u);
}

TEST_F(StreamTest, InvalidJsonAndNonObjectsFailPerRecord) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  PutResult result = manager_->Put("orders",
                                   "{\"id\":1}\n"
                                   "{\"id\":2,\n"
                                   "[1,2]\n"
                                   "{\"id\":4,\"name\":\"\xff\"}\n"
                                   "42\n"
                                   "\n"
                                   "{\"id\":6}",
                                   "alice");
  ASSERT_EQ(result.records.size(), 6u);
  EXPECT_EQ(result.failed_count, 4u);
  EXPECT_EQ(result.records[0].error_code, "");
  EXPECT_EQ(result.records[1].error_code, "InvalidJson");
  EXPECT_EQ(result.records[1].sequence, 0u);
  EXPECT_EQ(result.records[2].error_code, "NotAnObject");
  EXPECT_EQ(result.records[3].error_code, "InvalidJson");
  EXPECT_THAT(result.records[3].error_message, HasSubstr("UTF-8"));
  EXPECT_EQ(result.records[4].error_code, "NotAnObject");
  EXPECT_EQ(result.records[5].error_code, "");
  EXPECT_EQ(result.records[5].sequence, 1u);

  PutResult array = manager_->Put("orders", "[{\"id\":7}, 5, \"x\", {\"id\":8}]", "alice");
  ASSERT_EQ(array.records.size(), 4u);
  EXPECT_EQ(array.records[1].error_code, "NotAnObject");
  EXPECT_EQ(array.records[2].error_code, "NotAnObject");
  EXPECT_EQ(array.records[3].sequence, 2u);

  // Nothing stored: no WAL record, sequence numbers unused.
  PutResult none = manager_->Put("orders", "7\n{\"id\":", "alice");
  EXPECT_EQ(none.failed_count, 2u);

  Error utf8 = CaptureError([&] { manager_->Put("orders", "[{\"id\":9,\"name\":\"\xc3\x28\"}]", "alice"); });
  EXPECT_EQ(utf8.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(utf8.message(), HasSubstr("not valid UTF-8 at byte 17"));
  Error malformed = CaptureError([&] { manager_->Put("orders", "[{\"id\":1},", "alice"); });
  EXPECT_EQ(malformed.code(), ErrorCode::kInvalidArgument);
  Error trailing = CaptureError([&] { manager_->Put("orders", "[{\"id\":1}] x", "alice"); });
  EXPECT_EQ(trailing.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(trailing.message(), HasSubstr("malformed JSON array"));
  Error empty = CaptureError([&] { manager_->Put("orders", " \n", "alice"); });
  EXPECT_THAT(empty.message(), HasSubstr("no records"));

  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT id FROM raw.orders ORDER BY id"), ElementsAre("1", "6", "7", "8"));
  EXPECT_THAT(Rows("SELECT count(*) FROM raw.orders__errors"), ElementsAre("0"));
}

TEST_F(StreamTest, LimitsPerPutAreNamed) {
  StreamManagerOptions options = ManagerOptions();
  options.max_records_per_put = 3;
  options.max_bytes_per_put = 100;
  Open(options);
  manager_->Create(OrdersStream(), "alice");
  Error records = CaptureError([&] { manager_->Put("orders", "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n{\"id\":4}", "a"); });
  EXPECT_EQ(records.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(records.message(), HasSubstr("max_records_per_put = 3"));
  Error bytes = CaptureError([&] { manager_->Put("orders", std::string(101, ' '), "a"); });
  EXPECT_EQ(bytes.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(bytes.message(), HasSubstr("max_bytes_per_put = 100"));
  EXPECT_EQ(manager_->Put("orders", "{\"id\":1}\n{\"id\":2}\n{\"id\":3}", "a").records.size(), 3u);
  EXPECT_EQ(manager_->Status("orders").total_records, 3u);
  Error unknown = CaptureError([&] { manager_->Put("nope", "{}", "a"); });
  EXPECT_EQ(unknown.code(), ErrorCode::kNotFound);
}

TEST_F(StreamTest, BackpressureWhenBuffersOrTheLogAreFull) {
  StreamManagerOptions options = ManagerOptions();
  options.max_buffered_bytes = 50;
  Open(options);
  manager_->Create(OrdersStream(), "alice");
  std::string record = "{\"id\":1,\"name\":\"" + std::string(50, 'x') + "\"}";
  manager_->Put("orders", record, "a");
  Error full = CaptureError([&] { manager_->Put("orders", record, "a"); });
  EXPECT_EQ(full.code(), ErrorCode::kOutOfMemory);
  EXPECT_THAT(full.message(), HasSubstr("stream buffers are full"));
  manager_->Flush("orders");
  manager_->Put("orders", record, "a");

  options = ManagerOptions();
  options.wal_size_limit = 8192;
  Open(options);
  Error log_full(ErrorCode::kInternal, "no error");
  for (int i = 0; i < 100; ++i) {
    try {
      manager_->Put("orders", "{\"id\":2,\"name\":\"" + std::string(900, 'y') + "\"}", "a");
    } catch (const Error& error) {
      log_full = error;
      break;
    }
  }
  EXPECT_EQ(log_full.code(), ErrorCode::kOutOfMemory);
  EXPECT_THAT(log_full.message(), HasSubstr("stream write-ahead log is full"));
  manager_->Flush("orders");  // delivers and trims: room again
  manager_->Put("orders", "{\"id\":3}", "a");
  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT sum(CASE WHEN id = 1 THEN 1 ELSE 0 END), sum(CASE WHEN id = 3 THEN 1 ELSE 0 END) "
                   "FROM raw.orders"),
              ElementsAre("2|1"));
}

TEST_F(StreamTest, InfersTheSchemaFromTheFirstBatchAndKeepsIt) {
  Open();
  StreamDefinition definition;
  definition.name = "Events";
  definition.partitioning = StreamPartitioning::kNone;
  manager_->Create(definition, "alice");
  manager_->Put("Events",
                "[{\"a\":1,\"B\":\"x\",\"c\":1.5,\"d\":true,\"e\":{\"k\":[1, 2]},\"f\":null},"
                "{\"a\":2,\"c\":3}]",
                "alice");
  StreamStatus status = manager_->Status("Events");
  std::vector<std::string> columns;
  for (const auto& column : status.definition.columns) columns.push_back(column.name + " " + column.type.ToString());
  EXPECT_THAT(columns, ElementsAre("a BIGINT", "B VARCHAR", "c DOUBLE", "d BOOLEAN", "e VARCHAR", "f VARCHAR"));
  manager_->Flush("Events");
  EXPECT_THAT(Rows("SELECT a, b, c = 1.5, c = 3.0, d, e, f FROM raw.events ORDER BY a"),
              ElementsAre("1|x|true|false|true|{\"k\":[1,2]}|NULL", "2|NULL|false|true|NULL|NULL|NULL"));
  Open();  // the inferred schema was persisted
  status = manager_->Status("Events");
  EXPECT_EQ(status.definition.columns.size(), 6u);
  PutResult result = manager_->Put("Events", "{\"a\":\"text\"}", "alice");
  EXPECT_EQ(result.records[0].error_code, "SchemaMismatch");
}

TEST_F(StreamTest, ArrivalTimePartitionsTheTable) {
  Open();
  StreamDefinition definition;
  definition.name = "clicks";
  definition.columns = {Column("id", TypeId::kBigint)};
  manager_->Create(definition, "alice");
  auto folder = [] {
    time_t now = time(nullptr);
    struct tm parts;
    gmtime_r(&now, &parts);
    char date[16];
    strftime(date, sizeof(date), "%Y-%m-%d", &parts);
    return std::pair<std::string, int>(date, parts.tm_hour);
  };
  auto before = folder();
  manager_->Put("clicks", "{\"id\":5}", "alice");
  auto after = folder();
  manager_->Flush("clicks");
  auto table = lake_->catalog->FindTable("raw", "clicks");
  ASSERT_TRUE(table);
  EXPECT_THAT(table->partition_columns, ElementsAre("dt", "hr"));
  auto files = lake_->catalog->SnapshotFiles(table->id, lake_->catalog->FindSnapshot(table->id)->id);
  ASSERT_EQ(files.size(), 1u);
  std::vector<std::string> rows = Rows("SELECT id, dt, hr FROM raw.clicks");
  ASSERT_EQ(rows.size(), 1u);
  std::string expected_before = fmt::format("5|{}|{}", before.first, before.second);
  std::string expected_after = fmt::format("5|{}|{}", after.first, after.second);
  EXPECT_TRUE(rows[0] == expected_before || rows[0] == expected_after) << rows[0];
  EXPECT_TRUE(files[0].key.find(fmt::format("/dt={}/hr={}/", before.first, before.second)) != std::string::npos ||
              files[0].key.find(fmt::format("/dt={}/hr={}/", after.first, after.second)) != std::string::npos)
      << files[0].key;

  StreamDefinition reserved = definition;
  reserved.name = "clicks2";
  reserved.columns.push_back(Column("dt", TypeId::kVarchar));
  EXPECT_EQ(CaptureError([&] { manager_->Create(reserved, "a"); }).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CaptureError([&] { manager_->Create(definition, "a"); }).code(), ErrorCode::kConflict);
  definition.name = "bad name";
  EXPECT_EQ(CaptureError([&] { manager_->Create(definition, "a"); }).code(), ErrorCode::kInvalidArgument);
}

TEST_F(StreamTest, FieldPartitioning) {
  Open();
  StreamDefinition definition = OrdersStream();
  definition.partitioning = StreamPartitioning::kField;
  definition.partition_field = "Name";
  manager_->Create(definition, "alice");
  manager_->Put("orders", "{\"id\":1,\"name\":\"eu\"}\n{\"id\":2,\"name\":\"us\"}\n{\"id\":3,\"name\":\"eu\"}", "a");
  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT name, count(*) FROM raw.orders GROUP BY name ORDER BY name"),
              ElementsAre("eu|2", "us|1"));
  auto table = lake_->catalog->FindTable("raw", "orders");
  EXPECT_EQ(lake_->catalog->SnapshotFiles(table->id, lake_->catalog->FindSnapshot(table->id)->id).size(), 2u);
}

TEST_F(StreamTest, ConcurrentPutsAreDeliveredExactlyOnce) {
  Open();
  StreamDefinition definition;
  definition.name = "load";
  definition.partitioning = StreamPartitioning::kNone;
  definition.columns = {Column("id", TypeId::kBigint, false), Column("payload", TypeId::kVarchar)};
  definition.buffer_bytes = 4096;  // many deliveries while the puts run
  definition.buffer_seconds = 0.01;
  manager_->Create(definition, "alice");
  constexpr int kThreads = 4, kPuts = 40, kRecords = 25;
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int put = 0; put < kPuts; ++put) {
        std::string body;
        for (int record = 0; record < kRecords; ++record) {
          int64_t id = (static_cast<int64_t>(thread) * kPuts + put) * kRecords + record;
          body += fmt::format("{{\"id\":{},\"payload\":\"record number {} of the load test\"}}\n", id, id);
        }
        manager_->Put("load", body, "client");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  manager_->Flush("load");
  // 4000 distinct ids 0..3999: sum = 3999 * 4000 / 2.
  EXPECT_THAT(Rows("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id) FROM raw.load"),
              ElementsAre("4000|4000|0|3999|7998000"));
  EXPECT_GT(manager_->Status("load").deliveries, 1u);
  EXPECT_EQ(manager_->totals().buffered_bytes, 0u);
}

TEST_F(StreamTest, FailedDeliveryKeepsTheBufferAndRetries) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  manager_->Put("orders", "{\"id\":1}", "alice");
  // A file where the table's folder must go: every object write fails, as on a broken disk.
  std::string blocker = directory_.path() + "/data/lake/raw/raw/orders";
  std::filesystem::create_directories(std::filesystem::path(blocker).parent_path());
  { std::ofstream(blocker) << "x"; }
  Error failure = CaptureError([&] { manager_->Flush("orders"); });
  EXPECT_THAT(failure.what(), HasSubstr("raw/raw/orders/part-"));
  StreamStatus status = manager_->Status("orders");
  EXPECT_THAT(status.last_error, HasSubstr("raw/raw/orders/part-"));
  EXPECT_EQ(status.buffered_records, 1u);
  EXPECT_EQ(status.deliveries, 0u);
  EXPECT_EQ(manager_->totals().delivery_failures, 1u);
  std::filesystem::remove(blocker);
  manager_->Put("orders", "{\"id\":2}", "alice");
  EXPECT_GT(manager_->Flush("orders"), 0);
  EXPECT_EQ(manager_->Status("orders").last_error, "");
  EXPECT_THAT(Rows("SELECT id FROM raw.orders ORDER BY id"), ElementsAre("1", "2"));
}

TEST_F(StreamTest, DeliversOnTopOfOtherWriters) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  manager_->Put("orders", "{\"id\":1}", "alice");
  Rows("INSERT INTO raw.orders (id, name) VALUES (100, 'from sql')");
  manager_->Flush("orders");
  manager_->Put("orders", "{\"id\":2}", "alice");
  Rows("INSERT INTO raw.orders (id, name) VALUES (101, 'from sql')");
  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT id, name FROM raw.orders ORDER BY id"),
              ElementsAre("1|NULL", "2|NULL", "100|from sql", "101|from sql"));
  auto table = lake_->catalog->FindTable("raw", "orders");
  EXPECT_EQ(lake_->catalog->Watermark(table->id, "stream:orders"), "2");
}

TEST_F(StreamTest, MalformedRecordsAreInvalidJson) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  // Each line breaks RFC 8259 in one way: trailing comma, leading zero, extra brace, two values,
  // a raw tab inside a string, a missing comma, a bad literal in a column's value.
  PutResult result = manager_->Put("orders",
                                   "{\"id\":1,}\n{\"id\":01}\n{\"id\":1}}\n{\"id\":1} {\"id\":2}\n"
                                   "{\"id\":1,\"name\":\"a\tb\"}\n{\"id\":1 \"n\":2}\n{\"id\":1,\"ok\":tru}\n",
                                   "alice");
  ASSERT_EQ(result.records.size(), 7u);
  EXPECT_EQ(result.failed_count, 7u);
  for (const auto& record : result.records) {
    EXPECT_EQ(record.error_code, "InvalidJson") << record.error_message;
    EXPECT_EQ(record.sequence, 0u);
  }
}

// Waits up to 10 s for 'done'.
template <class Condition>
bool Eventually(Condition done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST_F(StreamTest, DeliveryThreadDeliversByAgeAndRetriesAfterAFailure) {
  Open();
  StreamDefinition definition = OrdersStream();
  definition.buffer_seconds = 0.2;
  manager_->Create(definition, "alice");
  std::string blocker = directory_.path() + "/data/lake/raw/raw/orders";
  std::filesystem::create_directories(std::filesystem::path(blocker).parent_path());
  { std::ofstream(blocker) << "x"; }
  manager_->Put("orders", "{\"id\":1}", "alice");
  EXPECT_TRUE(Eventually([&] { return manager_->totals().delivery_failures >= 2; }));  // retried
  EXPECT_EQ(manager_->Status("orders").buffered_records, 1u);
  std::filesystem::remove(blocker);
  EXPECT_TRUE(Eventually([&] { return manager_->Status("orders").deliveries == 1; }));
  EXPECT_EQ(manager_->Status("orders").last_error, "");
  EXPECT_THAT(Rows("SELECT id FROM raw.orders"), ElementsAre("1"));
}

TEST_F(StreamTest, CloseDeliversWhatIsBuffered) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  manager_->Put("orders", "{\"id\":1}\n{\"id\":\"x\"}", "alice");
  manager_->Close();
  // After Close (shutdown) the answer is 503 "the server is shutting down", not a bad request.
  Error closed = CaptureError([&] { manager_->Put("orders", "{\"id\":2}", "alice"); });
  EXPECT_EQ(ErrorCodeHttpStatus(closed.code()), 503) << closed.message();
  EXPECT_NE(closed.message().find("the server is shutting down"), std::string::npos);
  Error create = CaptureError([&] { manager_->Create(OrdersStream(), "alice"); });
  EXPECT_EQ(ErrorCodeHttpStatus(create.code()), 503) << create.message();
  Open();
  EXPECT_EQ(manager_->Status("orders").buffered_records, 0u);  // nothing to replay
  EXPECT_THAT(Rows("SELECT id FROM raw.orders"), ElementsAre("1"));
  EXPECT_THAT(Rows("SELECT record FROM raw.orders__errors"), ElementsAre("{\"id\":\"x\"}"));
}

// Bad input never crashes: bodies with random bytes flipped either fail as a whole with
// kInvalidArgument or get one result per record; whatever was stored is delivered.
TEST_F(StreamTest, MutatedBodiesNeverCrash) {
  Open();
  manager_->Create(OrdersStream(), "alice");
  const std::string ndjson =
      "{\"id\":1,\"name\":\"alpha\",\"price\":12.5,\"ok\":true,\"day\":\"2026-03-04\",\"n\":7}\n"
      "{\"id\":2,\"name\":\"\\u00e9t\\u00e9\",\"at\":\"2026-03-04 05:06:07\",\"x\":[1,{\"y\":null}]}\n";
  const std::string array = "[" + ndjson.substr(0, ndjson.find('\n')) + ",{\"id\":3,\"score\":-1e3}]";
  std::mt19937 random(7);
  const char alphabet[] = "{}[]\",:\\ \n\t0123456789.eE+-truefalsn\xff\xc3\x80";
  uint64_t stored = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string body = round % 2 ? ndjson : array;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      size_t at = random() % body.size();
      switch (random() % 3) {
        case 0: body[at] = alphabet[random() % (sizeof(alphabet) - 1)]; break;
        case 1: body.erase(at, 1 + random() % 3); break;
        default: body.insert(at, 1, alphabet[random() % (sizeof(alphabet) - 1)]); break;
      }
      if (body.empty()) body = "{";
    }
    try {
      PutResult result = manager_->Put("orders", body, "fuzz");
      for (const auto& record : result.records) {
        if (record.sequence != 0 && record.error_code.empty()) ++stored;
      }
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument) << error.what();
    }
  }
  manager_->Flush("orders");
  EXPECT_THAT(Rows("SELECT count(*) FROM raw.orders"), ElementsAre(std::to_string(stored)));
}

}  // namespace
}  // namespace tarn::ingest
