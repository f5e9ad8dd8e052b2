#include "server/http/request_guard.h"

#include <fmt/format.h>

#include <exception>

#include "common/error.h"
#include "server/log/json_log.h"
#include "storage/random_bytes.h"

namespace tarn::server {

namespace {

// Latency buckets in seconds: 0.5 ms .. 30 s.
const std::vector<double> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10, 30};

std::string RouteLabel(const Router::Match& match) {
  if (match.route != nullptr) return match.route->pattern;
  return match.path_exists ? "method_not_allowed" : "not_found";
}

std::string Outcome(int status) {
  if (status < 400) return "success";
  if (status == 401 || status == 403) return "denied";
  return "error";
}

}  // namespace

ServerMetrics::ServerMetrics(MetricsRegistry& registry) : registry(registry) {
  requests = registry.AddCounter("tarn_http_requests_total", "HTTP requests by route and status.",
                                 {"route", "method", "status"});
  request_seconds = registry.AddHistogram("tarn_http_request_duration_seconds",
                                          "HTTP request latency by route.", {"route"},
                                          kLatencyBounds);
  rate_limited = registry.AddCounter("tarn_http_rate_limited_total",
                                     "Requests refused with 429 by rate limit scope.", {"scope"});
  queries = registry.AddCounter("tarn_queries_total", "SQL queries by outcome.", {"outcome"});
  query_seconds = registry.AddHistogram("tarn_query_duration_seconds",
                                        "SQL query execution time.", {}, kLatencyBounds);
  query_rows = registry.AddCounter("tarn_query_rows_returned_total",
                                   "Rows returned by SQL queries (rows changed for INSERT, UPDATE, "
                                   "DELETE).",
                                   {});
  query_bytes = registry.AddCounter("tarn_query_bytes_returned_total",
                                    "Bytes of query results sent (response bodies).", {});
  query_bytes_scanned = registry.AddCounter("tarn_query_bytes_scanned_total",
                                            "Bytes SQL queries read from storage.", {});
}

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RequestGuard::RequestGuard(const Router& router, RequestHooks hooks, GuardOptions options,
                           ServerMetrics& metrics)
    : router_(router),
      hooks_(std::move(hooks)),
      options_(options),
      metrics_(metrics),
      address_limiter_(options.address_rate, options.address_burst),
      principal_limiter_(options.principal_rate, options.principal_burst) {}

Router::Match RequestGuard::Prepare(HttpRequest& request) const {
  if (request.request_id.empty()) request.request_id = storage::RandomHex(8);
  return router_.Find(request.method, request.path);
}

HttpResponse RequestGuard::Handle(HttpRequest& request, const Router::Match& match) {
  try {
    double wait = address_limiter_.Admit("ip:" + request.remote_address, MonotonicSeconds());
    if (wait > 0) {
      metrics_.registry.Increment(metrics_.rate_limited, {"address"});
      throw HttpError{429, "rate_limited", "too many requests from this address", -1, wait};
    }
    if (match.route == nullptr) {
      if (match.path_exists) {
        throw HttpError{405, "method_not_allowed",
                        "method " + request.method + " is not allowed on " + request.path};
      }
      throw HttpError{404, "not_found", "no route for " + request.path};
    }
    request.path_params = match.params;
    const Route& route = *match.route;
    if (route.requires_authentication) {
      std::optional<Principal> principal;
      if (hooks_.authenticate) principal = hooks_.authenticate(request);
      if (!principal) {
        request.principal.name = "anonymous";
        HttpResponse response = ErrorResponse(
            {401, "unauthenticated", "missing, invalid or expired credentials"});
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
        return response;
      }
      request.principal = std::move(*principal);
      double principal_wait =
          principal_limiter_.Admit("principal:" + request.principal.name, MonotonicSeconds());
      if (principal_wait > 0) {
        metrics_.registry.Increment(metrics_.rate_limited, {"principal"});
        throw HttpError{429, "rate_limited", "too many requests for this principal", -1,
                        principal_wait};
      }
    } else {
      request.principal.name = "anonymous";
    }
    // Route-level authorization; finer checks (tables, columns, secrets) are the handler's.
    if (route.permission == kAdminPermission && !IsAdministrator(request.principal)) {
      throw HttpError{403, "forbidden", "this route needs the admin role"};
    }
    return route.handler(request);
  } catch (const HttpError& error) {
    return ErrorResponse(error);
  } catch (const Error& error) {
    std::string code(ErrorCodeName(error.code()));
    for (char& c : code) c = c == ' ' ? '_' : c;
    int status = ErrorCodeHttpStatus(error.code());
    if (error.code() == ErrorCode::kInternal) {
      LogEvent("error", "internal error", [&](JsonWriter& json) {
        json.Key("request_id").String(request.request_id).Key("error").String(error.message());
      });
    }
    return ErrorResponse({status, code, error.message(), error.location().query_offset});
  } catch (const std::exception& error) {
    LogEvent("error", "internal error", [&](JsonWriter& json) {
      json.Key("request_id").String(request.request_id).Key("error").String(error.what());
    });
    return ErrorResponse({500, "internal_error", "internal error"});
  }
}

void RequestGuard::Finish(const HttpRequest& request, const Router::Match& match,
                          const HttpResponse& response, std::chrono::steady_clock::time_point start,
                          uint64_t bytes, bool completed) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string route = RouteLabel(match);
  std::string status = std::to_string(response.status);
  metrics_.registry.Increment(metrics_.requests, {route, request.method, status});
  metrics_.registry.Observe(metrics_.request_seconds, {route}, seconds);
  LogEvent(response.status >= 500 ? "error" : response.status >= 400 ? "warn" : "info", "request",
           [&](JsonWriter& json) {
             json.Key("request_id").String(request.request_id);
             json.Key("method").String(request.method).Key("route").String(route);
             json.Key("status").Int(response.status);
             json.Key("duration_ms").Double(seconds * 1000);
             json.Key("principal").String(request.principal.name);
             json.Key("source").String(request.remote_address);
             json.Key("bytes").Uint(bytes);
             if (response.rows >= 0) json.Key("rows").Int(response.rows);
             if (!completed) json.Key("aborted").Bool(true);
           });
  if (match.route != nullptr && match.route->pattern == "/v1/query" && completed &&
      response.status < 400) {
    metrics_.registry.Increment(metrics_.query_bytes, {}, static_cast<double>(bytes));
  }
  if (!hooks_.audit) return;
  auto record = [&](AuditEvent& event) {
    event.request_id = request.request_id;
    event.principal = request.principal.name;
    event.principal_kind = request.principal.kind;
    event.source_address = request.remote_address;
    try {
      hooks_.audit(event);
    } catch (const std::exception& error) {
      // The response is already out; the failure must at least be visible.
      LogEvent("error", "audit record failed", [&](JsonWriter& json) {
        json.Key("request_id").String(request.request_id).Key("error").String(error.what());
      });
    }
  };
  // The outcome of the response: what the last (or only) entry of the request reports.
  auto response_outcome = [&](AuditEvent& event) {
    event.outcome = completed ? Outcome(response.status) : "error";
    event.error_code = completed ? response.error_code : "client_went_away";
    event.detail = completed ? response.error_detail : "client went away";
  };
  if (request.audit_records.empty()) {
    AuditEvent event;
    event.action = "http " + request.method + " " + route;
    event.statement = response.statement;
    response_outcome(event);
    event.rows = response.rows;
    event.bytes = static_cast<int64_t>(bytes);
    record(event);
    return;
  }
  for (size_t i = 0; i < request.audit_records.size(); ++i) {
    const AuditDetails& details = request.audit_records[i];
    bool last = i + 1 == request.audit_records.size();
    AuditEvent event;
    event.action = details.action;
    event.statement = details.statement;
    event.objects = details.objects;
    event.outcome = details.outcome;
    event.error_code = details.error_code;
    event.detail = details.detail;
    if (last && (details.outcome.empty() || !completed)) response_outcome(event);
    event.rows = details.rows;
    event.time_micros = details.time_micros;
    // Only the last statement's result is sent; earlier ones returned nothing.
    event.bytes = last ? static_cast<int64_t>(bytes) : 0;
    record(event);
  }
}

void RequestGuard::Rejected(const HttpRequest& request, int status, const std::string& code) {
  HttpResponse response;
  response.status = status;
  response.error_detail = code;
  Router::Match none;
  Finish(request, none, response, std::chrono::steady_clock::now(), 0, true);
}

}  // namespace tarn::server
