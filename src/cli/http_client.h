// A small blocking HTTP/1.1 client (Boost.Beast, OpenSSL for https) for CLI commands that talk to
// a running `tarn serve` (tarn stream ...): one connection per client, kept alive between calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tarn::cli {

struct HttpClientOptions {
  std::string url = "http://127.0.0.1:8080";  // http:// or https://, host and optional port
  std::string token;                          // sent as Authorization: Bearer <token>
  std::string ca_file;          // https: trust this PEM bundle instead of the system's
  double timeout_seconds = 60;  // per request
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Not thread-safe. Throws Error(kInvalidArgument) for a bad URL, Error(kIoError) when the server
// cannot be reached or the connection fails (naming the URL); HTTP error statuses are returned.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends 'method' 'target' ("/v1/streams") with 'body' (Content-Type 'content_type' when the body
  // is not empty) and returns the answer.
  HttpReply Send(std::string_view method, std::string_view target, std::string_view body = {},
                 std::string_view content_type = "application/json");

 private:
  struct Connection;
  HttpClientOptions options_;
  std::string host_, port_;
  bool tls_ = false;
  std::unique_ptr<Connection> connection_;
};

// Throws an Error for a reply with status >= 400: the code from the status (401/403 permission
// denied, 404 not found, 409 conflict, 5xx I/O error, else invalid argument) and the message
// "server answered <status> <code>: <message>" from the JSON error body.
void ThrowIfError(const HttpReply& reply);

}  // namespace tarn::cli
