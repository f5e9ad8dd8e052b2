// The one gate every HTTP request passes, in this order: request id, rate limit per source
// address, route match (404/405), authentication (401), rate limit per principal, the handler
// (errors become JSON error responses), then metrics, the structured log line and the audit
// record. Handlers never authenticate, rate-limit, log or audit themselves.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/http/http_message.h"
#include "server/http/router.h"
#include "server/server_services.h"
#include "server/metrics/metrics_registry.h"
#include "server/protection/token_bucket.h"

namespace tarn::sql {
struct SessionOptions;
}  // namespace tarn::sql

namespace tarn::server {

// One audited request (the fields of security::AuditEntry that the server knows).
struct AuditEvent {
  std::string request_id;
  std::string principal;
  std::string principal_kind;  // "user", "service", "local", "anonymous"
  std::string source_address;
  std::string action;     // "http POST /v1/query", "query SELECT"
  std::string statement;  // SQL text for queries
  std::vector<std::string> objects;  // "table:sales.orders:SELECT" (AuditEntry::objects)
  std::string outcome;    // "success", "denied", "error"
  std::string error_code;  // "permission_denied", "" on success
  std::string detail;     // error message
  int64_t rows = -1;
  int64_t bytes = -1;
  int64_t time_micros = 0;  // unix microseconds; 0 = now
};

// What the server plugs in from the security layer. Both are called from many threads.
struct RequestHooks {
  // Returns the principal for the request's credentials (the Authorization header), or nullopt
  // when they are missing, malformed, unknown or expired (answered 401).
  std::function<std::optional<Principal>(const HttpRequest& request)> authenticate;
  // Records a finished request. Throwing fails the request (an unauditable request must not pass).
  std::function<void(const AuditEvent& event)> audit;
  // Completes each query session's options for the request's principal: the data directory's
  // lake, file access, the principal's AccessControl and secret lookup.
  std::function<void(const Principal&, sql::SessionOptions&)> configure_session;
  // The data directory's services (server_services.h); borrowed, may be null.
  ServerServices* services = nullptr;
};

struct GuardOptions {
  double address_rate = 0;    // requests per second per source address; 0 = unlimited
  double address_burst = 0;
  double principal_rate = 0;  // requests per second per principal; 0 = unlimited
  double principal_burst = 0;
};

// Metric family indexes the guard and the routes update.
struct ServerMetrics {
  explicit ServerMetrics(MetricsRegistry& registry);
  MetricsRegistry& registry;
  size_t requests;          // tarn_http_requests_total{route,method,status}
  size_t request_seconds;   // tarn_http_request_duration_seconds{route}
  size_t rate_limited;      // tarn_http_rate_limited_total{scope}
  size_t queries;           // tarn_queries_total{outcome}
  size_t query_seconds;     // tarn_query_duration_seconds
  size_t query_rows;        // tarn_query_rows_returned_total
  size_t query_bytes;       // tarn_query_bytes_returned_total (response bodies of POST /v1/query)
  size_t query_bytes_scanned;  // tarn_query_bytes_scanned_total
};

// Thread-safe.
class RequestGuard {
 public:
  RequestGuard(const Router& router, RequestHooks hooks, GuardOptions options,
               ServerMetrics& metrics);

  // Fills request.request_id and returns the route match for the request (used by the connection
  // to pick a thread: Route::blocking).
  Router::Match Prepare(HttpRequest& request) const;
  // Runs everything up to and including the handler; never throws.
  HttpResponse Handle(HttpRequest& request, const Router::Match& match);
  // Called once the response was sent (or the client went away: 'completed' false): metrics, log
  // line, audit records (request.audit_records, else one for the request). 'bytes' is what the
  // body held.
  void Finish(const HttpRequest& request, const Router::Match& match, const HttpResponse& response,
              std::chrono::steady_clock::time_point start, uint64_t bytes, bool completed);

  // Answers a request the connection rejected before routing (413, 431, 408): logged and counted.
  void Rejected(const HttpRequest& request, int status, const std::string& code);

 private:
  const Router& router_;
  RequestHooks hooks_;
  GuardOptions options_;
  ServerMetrics& metrics_;
  RateLimiter address_limiter_;
  RateLimiter principal_limiter_;
};

// Seconds on a monotonic clock (for token buckets).
double MonotonicSeconds();

}  // namespace tarn::server
