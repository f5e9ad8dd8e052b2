// The stream routes without a StreamManager: their body limits, the precise 400/415 answers for
// bad definitions and bodies (checked before the manager is needed), and 404 not_configured when
// the server has no data directory. The manager's own behaviour is tested in ingest/stream and
// end to end in tests/e2e/stream_test.sh.
#include <gtest/gtest.h>

#include "server/http/routes/route_list.h"

namespace tarn::server {
namespace {

class StreamRoutesTest : public ::testing::Test {
 protected:
  StreamRoutesTest() : metrics_(registry_), queries_(0, 0) {
    context_ =
        std::make_unique<RouteContext>(RouteContext{options_, metrics_, queries_, draining_});
    RegisterStreamRoutes(router_, *context_);
  }

  // Runs 'method' 'path' with 'body' and returns the HttpError it answered.
  HttpError Fail(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type = "") {
    Router::Match match = router_.Find(method, path);
    EXPECT_NE(match.route, nullptr) << method << " " << path;
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.path_params = match.params;
    if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
    try {
      match.route->handler(request);
    } catch (const HttpError& error) {
      return error;
    }
    ADD_FAILURE() << "no error for " << method << " " << path;
    return {};
  }

  ServerOptions options_;
  MetricsRegistry registry_;
  ServerMetrics metrics_;
  QueryRegistry queries_;
  std::atomic<bool> draining_{false};
  std::unique_ptr<RouteContext> context_;
  Router router_;
};

TEST_F(StreamRoutesTest, OnlyTheRecordsRouteTakesLargeBodies) {
  for (const Route& route : router_.routes()) {
    EXPECT_TRUE(route.requires_authentication) << route.pattern;
    EXPECT_TRUE(route.blocking) << route.pattern;
    uint64_t expected = route.pattern == "/v1/streams/{name}/records" ? 4u << 20 : 0;
    EXPECT_EQ(route.max_body_bytes, expected) << route.pattern;
    bool ingest = route.pattern.ends_with("/records") || route.pattern.ends_with("/flush");
    EXPECT_EQ(route.pool, ingest ? RoutePool::kIngest : RoutePool::kQuery) << route.pattern;
  }
  EXPECT_EQ(router_.routes().size(), 5u);
}

TEST_F(StreamRoutesTest, RejectsBadDefinitionsNamingTheField) {
  auto expect = [&](const std::string& body, const std::string& code, const std::string& message) {
    HttpError error = Fail("POST", "/v1/streams", body);
    EXPECT_EQ(error.status, 400) << body;
    EXPECT_EQ(error.code, code) << body;
    EXPECT_EQ(error.message, message) << body;
  };
  HttpError malformed = Fail("POST", "/v1/streams", "{\"name\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.code, "malformed_json");
  expect("[1]", "invalid_request", "request body must be a json object, not array");
  expect("{\"table\":\"t\"}", "invalid_request", "missing field \"name\"");
  expect("{\"name\":5}", "invalid_request", "\"name\" must be a string, not integer");
  expect("{\"name\":\"s\",\"schema\":[{\"name\":\"a\",\"type\":\"BLOB\"}]}", "invalid_request",
         "\"schema[0].type\": unknown type \"BLOB\"");
  expect("{\"name\":\"s\",\"schema\":[{\"name\":\"a\"}]}", "invalid_request",
         "missing field \"schema[0].type\"");
  expect("{\"name\":\"s\",\"schema\":[{\"name\":\"a\",\"type\":\"INT\",\"nullable\":1}]}",
         "invalid_request", "\"schema[0].nullable\" must be a boolean");
  expect("{\"name\":\"s\",\"buffer_bytes\":0}", "invalid_request",
         "\"buffer_bytes\" must be a positive integer");
  expect("{\"name\":\"s\",\"buffer_seconds\":-1}", "invalid_request",
         "\"buffer_seconds\" must be greater than 0");
  expect("{\"name\":\"s\",\"partitioning\":\"weekly\"}", "invalid_request",
         "\"partitioning\" must be \"arrival_time\", \"field\" or \"none\", not \"weekly\"");
  expect("{\"name\":\"s\",\"partitioning\":\"field\"}", "invalid_request",
         "\"partitioning\": \"field\" needs \"partition_field\"");
  expect("{\"name\":\"s\",\"compression\":\"lz4\"}", "invalid_request",
         "\"compression\" must be \"zstd\", \"snappy\", \"gzip\" or \"none\", not \"lz4\"");
  EXPECT_EQ(Fail("POST", "/v1/streams", "{\"name\":\"s\",\"colour\":1}").message.substr(0, 24),
            "unknown field \"colour\" (");
}

TEST_F(StreamRoutesTest, ChecksTheMediaTypeOfRecords) {
  HttpError error = Fail("POST", "/v1/streams/s/records", "id\n1\n", "text/csv");
  EXPECT_EQ(error.status, 415);
  EXPECT_EQ(error.code, "unsupported_media_type");
  error = Fail("POST", "/v1/streams/s/records", " {\"id\":1}", "application/json; charset=utf-8");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.code, "invalid_request");
}

TEST_F(StreamRoutesTest, AnswersNotConfiguredWithoutADataDirectory) {
  for (const auto& [method, path, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", "/v1/streams", "{\"name\":\"s\"}"},
           {"GET", "/v1/streams", ""},
           {"GET", "/v1/streams/s", ""},
           {"POST", "/v1/streams/s/records", "[{\"id\":1}]"},
           {"POST", "/v1/streams/s/flush", ""}}) {
    HttpError error = Fail(method, path, body, "application/json");
    EXPECT_EQ(error.status, 404) << method << " " << path;
    EXPECT_EQ(error.code, "not_configured") << method << " " << path;
  }
}

TEST_F(StreamRoutesTest, ExportsStreamMetricsAsZeroWithoutStreams) {
  std::string text = registry_.RenderText();
  EXPECT_NE(text.find("# TYPE tarn_stream_records_total counter\ntarn_stream_records_total 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE tarn_wal_bytes gauge\ntarn_wal_bytes 0\n"), std::string::npos);
}

}  // namespace
}  // namespace tarn::server
