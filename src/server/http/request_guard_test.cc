#include "server/http/request_guard.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::server {
namespace {

// A guard over two routes: /v1/query adds two statement records (the first succeeded, the
// second's outcome is left to the response), /v1/fail throws a permission error.
class RequestGuardTest : public ::testing::Test {
 protected:
  RequestGuardTest() : metrics_(registry_) {
    router_.Add({"POST", "/v1/query", "query", true, true, [](HttpRequest& request) {
                   request.audit_records.push_back(
                       {"query INSERT", "INSERT INTO t VALUES (1)", {"table:main.t:INSERT"},
                        "success", "", "", 1, int64_t{1796119200} * 1000000});
                   request.audit_records.push_back(
                       {"query SELECT", "SELECT * FROM t", {"table:main.t:SELECT"}, "", "", "", 1});
                   HttpResponse response;
                   response.body = "[[1]]";
                   response.rows = 1;
                   return response;
                 }});
    router_.Add({"POST", "/v1/fail", "query", true, false, [](HttpRequest&) -> HttpResponse {
                   throw Error(ErrorCode::kPermissionDenied, "permission denied: SELECT on table t");
                 }});
    router_.Add({"POST", "/v1/admin/thing", std::string(kAdminPermission), true, false,
                 [this](HttpRequest&) {
                   ++admin_handler_runs_;
                   return HttpResponse();
                 }});
    RequestHooks hooks;
    hooks.authenticate = [](const HttpRequest& request) -> std::optional<Principal> {
      if (request.Header("authorization") == "Bearer root") {
        return Principal{"root", "user", true, {"admin"}};
      }
      if (request.Header("authorization") != "Bearer good") return std::nullopt;
      return Principal{"ana", "user", true, {}};
    };
    hooks.audit = [this](const AuditEvent& event) { events_.push_back(event); };
    guard_ = std::make_unique<RequestGuard>(router_, hooks, GuardOptions{}, metrics_);
  }

  void Send(const std::string& path, const std::string& token, bool completed = true) {
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.remote_address = "10.0.0.7";
    request.headers.emplace_back("authorization", "Bearer " + token);
    Router::Match match = guard_->Prepare(request);
    HttpResponse response = guard_->Handle(request, match);
    status_ = response.status;
    guard_->Finish(request, match, response, std::chrono::steady_clock::now(),
                   response.body.size(), completed);
    request_id_ = request.request_id;
  }

  MetricsRegistry registry_;
  ServerMetrics metrics_;
  Router router_;
  std::unique_ptr<RequestGuard> guard_;
  std::vector<AuditEvent> events_;
  std::string request_id_;
  int status_ = 0;
  int admin_handler_runs_ = 0;
};

TEST_F(RequestGuardTest, AdminRoutesRefuseOthersBeforeTheirHandler) {
  Send("/v1/admin/thing", "good");
  EXPECT_EQ(status_, 403);
  EXPECT_EQ(admin_handler_runs_, 0);
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_.back().outcome, "denied");
  Send("/v1/admin/thing", "root");
  EXPECT_EQ(status_, 200);
  EXPECT_EQ(admin_handler_runs_, 1);
}

TEST_F(RequestGuardTest, OneEntryPerStatementRecord) {
  Send("/v1/query", "good");
  ASSERT_EQ(events_.size(), 2u);
  for (const AuditEvent& event : events_) {
    EXPECT_EQ(event.request_id, request_id_);
    EXPECT_EQ(event.principal, "ana");
    EXPECT_EQ(event.source_address, "10.0.0.7");
  }
  EXPECT_EQ(events_[0].action, "query INSERT");
  EXPECT_EQ(events_[0].objects, std::vector<std::string>{"table:main.t:INSERT"});
  EXPECT_EQ(events_[0].bytes, 0);  // only the last statement's result is sent
  EXPECT_EQ(events_[0].time_micros, int64_t{1796119200} * 1000000);  // when it ended
  EXPECT_EQ(events_[1].time_micros, 0);                               // now, when recorded
  EXPECT_EQ(events_[1].action, "query SELECT");
  EXPECT_EQ(events_[1].outcome, "success");  // from the 200 response
  EXPECT_EQ(events_[1].bytes, 5);
  EXPECT_EQ(events_[1].rows, 1);
  EXPECT_EQ(events_[1].statement, "SELECT * FROM t");
}

TEST_F(RequestGuardTest, ClientGoneMarksTheLastStatement) {
  Send("/v1/query", "good", false);
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[0].outcome, "success");
  EXPECT_EQ(events_[1].outcome, "error");
  EXPECT_EQ(events_[1].error_code, "client_went_away");
}

TEST_F(RequestGuardTest, DenialsCarryTheirCode) {
  Send("/v1/fail", "good");
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].action, "http POST /v1/fail");
  EXPECT_EQ(events_[0].outcome, "denied");
  EXPECT_EQ(events_[0].error_code, "permission_denied");
  EXPECT_EQ(events_[0].detail, "permission denied: SELECT on table t");
  events_.clear();
  Send("/v1/query", "tarn_not_a_real_token");
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].principal, "anonymous");
  EXPECT_EQ(events_[0].outcome, "denied");
  EXPECT_EQ(events_[0].error_code, "unauthenticated");
  // The credential is in no field.
  for (const std::string* field : {&events_[0].detail, &events_[0].statement, &events_[0].action}) {
    EXPECT_EQ(field->find("tarn_not_a_real_token"), std::string::npos);
  }
}

TEST_F(RequestGuardTest, QueryBytesAreCounted) {
  Send("/v1/query", "good");
  Send("/v1/query", "good");
  EXPECT_NE(registry_.RenderText().find("tarn_query_bytes_returned_total 10"), std::string::npos)
      << registry_.RenderText();
}

}  // namespace
}  // namespace tarn::server
