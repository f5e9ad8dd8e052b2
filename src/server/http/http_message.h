// The server's own request and response types: what routes see, independent of the network
// library (Boost.Beast stays inside http_server.cc), so handlers and the router test without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn::server {

// Who is calling. Filled by the request guard's authenticator before a handler runs.
struct Principal {
  std::string name;                // "anonymous" when the route needs no authentication
  std::string kind = "anonymous";  // "user", "service", "local", "anonymous"
  bool authenticated = false;
  std::vector<std::string> roles;
};

// One audit entry a handler asks for (the query route: one per SQL statement). The request guard
// records them when the request is done, with the request's id, principal and source; the last one
// also gets the response's bytes and, when its outcome is empty, the outcome of the response.
struct AuditDetails {
  std::string action;                // "query SELECT"
  std::string statement;             // the SQL text (sealed in the log; never logged)
  std::vector<std::string> objects;  // "table:sales.orders:SELECT"
  std::string outcome;               // "success", "denied", "error"; "" = from the response
  std::string error_code;            // "permission_denied"
  std::string detail;                // the error message
  int64_t rows = -1;                 // rows returned or changed
  int64_t time_micros = 0;           // when the statement ended (unix µs); 0 = when recorded
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // target without the query string, e.g. "/v1/queries/q1"
  std::string query;   // after '?', undecoded ("" if none)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_address;  // source IP, without the port
  std::string request_id;      // also answered in X-Request-Id
  std::map<std::string, std::string> path_params;  // {id} of the matched route pattern
  Principal principal;
  // Filled by handlers that audit more precisely than "http <METHOD> <route>" (see AuditDetails);
  // empty = one entry for the request.
  std::vector<AuditDetails> audit_records;

  // Returns the first header called 'name' (lower-case), or "" if absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Retry-After ...)
  std::string body;
  // A streamed body (sent chunked after 'body', if any): appends the next piece to 'out' and returns
  // true, or returns false when there is no more. Called on the connection's thread, one call at a
  // time, and destroyed when the response is done or the client goes away.
  std::function<bool(std::string& out)> next_chunk;
  // Facts for the log and the audit trail (never sent): rows and bytes in the result.
  int64_t rows = -1;
  std::string statement;     // the SQL text, for the audit record (never logged)
  std::string error_detail;  // the error message of a failed request, for the audit record
  std::string error_code;    // its machine-readable code ("permission_denied"), for the audit record
};

// An answer other than success, thrown by handlers and the request guard; rendered as
// {"error": {"code": ..., "message": ..., "position": ...}} with 'status'.
struct HttpError {
  int status;
  std::string code;     // machine-readable: "rate_limited", "body_too_large", "syntax_error" ...
  std::string message;  // lower-case cause
  int64_t position = -1;      // byte offset into the SQL text, or -1
  double retry_after = 0;     // seconds; > 0 adds Retry-After
};

// Returns the JSON error response for 'error'.
HttpResponse ErrorResponse(const HttpError& error);

}  // namespace tarn::server
