#include "cli/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>

#include "common/error.h"
#include "server/json/json_value.h"

namespace tarn::cli {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct HttpClient::Connection {
  net::io_context io;
  std::optional<ssl::context> tls_context;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
  std::string_view url = options_.url;
  if (url.rfind("https://", 0) == 0) {
    tls_ = true;
    url.remove_prefix(8);
  } else if (url.rfind("http://", 0) == 0) {
    url.remove_prefix(7);
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "--url must start with http:// or https://, got '" + options_.url + "'");
  }
  url = url.substr(0, url.find('/'));
  size_t colon = url.rfind(':');
  if (!url.empty() && url.front() == '[') {  // [::1]:8080
    size_t close = url.find(']');
    if (close == std::string_view::npos) {
      throw Error(ErrorCode::kInvalidArgument, "invalid --url '" + options_.url + "'");
    }
    host_ = std::string(url.substr(1, close - 1));
    colon = url.find(':', close);
  } else {
    host_ = std::string(url.substr(0, colon));
  }
  port_ =
      colon == std::string_view::npos ? (tls_ ? "443" : "80") : std::string(url.substr(colon + 1));
  if (host_.empty() || port_.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "invalid --url '" + options_.url + "'");
  }
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::Send(std::string_view method, std::string_view target, std::string_view body,
                           std::string_view content_type) {
  auto timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(options_.timeout_seconds));
  beast::error_code error;
  auto fail = [&](const char* step) {
    connection_.reset();
    throw Error(ErrorCode::kIoError,
                std::string("cannot ") + step + " " + options_.url + ": " + error.message());
  };
  if (connection_ == nullptr) {
    connection_ = std::make_unique<Connection>();
    Connection& connection = *connection_;
    tcp::resolver resolver(connection.io);
    auto endpoints = resolver.resolve(host_, port_, error);
    if (error) fail("resolve");
    if (tls_) {
      connection.tls_context.emplace(ssl::context::tls_client);
      SSL_CTX_set_min_proto_version(connection.tls_context->native_handle(), TLS1_2_VERSION);
      connection.tls_context->set_verify_mode(ssl::verify_peer);
      if (options_.ca_file.empty()) {
        connection.tls_context->set_default_verify_paths(error);
      } else {
        connection.tls_context->load_verify_file(options_.ca_file, error);
      }
      if (error) fail("load the certificate authorities for");
      connection.secure.emplace(connection.io, *connection.tls_context);
      SSL_set_tlsext_host_name(connection.secure->native_handle(), host_.c_str());
      connection.secure->set_verify_callback(ssl::host_name_verification(host_));
      beast::get_lowest_layer(*connection.secure).expires_after(timeout);
      beast::get_lowest_layer(*connection.secure).connect(endpoints, error);
      if (error) fail("connect to");
      connection.secure->handshake(ssl::stream_base::client, error);
      if (error) fail("complete the tls handshake with");
    } else {
      connection.plain.emplace(connection.io);
      connection.plain->expires_after(timeout);
      connection.plain->connect(endpoints, error);
      if (error) fail("connect to");
    }
  }
  Connection& connection = *connection_;
  http::request<http::string_body> request;
  request.method_string(beast::string_view(method.data(), method.size()));
  request.target(beast::string_view(target.data(), target.size()));
  request.version(11);
  request.set(http::field::host, host_);
  request.set(http::field::user_agent, "tarn-cli");
  if (!options_.token.empty()) request.set(http::field::authorization, "Bearer " + options_.token);
  if (!body.empty()) {
    request.set(http::field::content_type,
                beast::string_view(content_type.data(), content_type.size()));
  }
  request.body() = std::string(body);
  request.prepare_payload();
  request.keep_alive(true);

  http::response_parser<http::string_body> parser;
  parser.body_limit(1ull << 30);
  if (tls_) {
    beast::get_lowest_layer(*connection.secure).expires_after(timeout);
    http::write(*connection.secure, request, error);
    if (error) fail("send a request to");
    http::read(*connection.secure, connection.buffer, parser, error);
  } else {
    connection.plain->expires_after(timeout);
    http::write(*connection.plain, request, error);
    if (error) fail("send a request to");
    http::read(*connection.plain, connection.buffer, parser, error);
  }
  if (error) fail("read the answer of");
  http::response<http::string_body> response = parser.release();
  HttpReply reply;
  reply.status = static_cast<int>(response.result_int());
  reply.content_type = std::string(response[http::field::content_type]);
  reply.body = std::move(response.body());
  if (!response.keep_alive()) connection_.reset();
  return reply;
}

void ThrowIfError(const HttpReply& reply) {
  if (reply.status < 400) return;
  std::string code = "http_error";
  std::string message = reply.body;
  try {
    server::JsonValue root = server::ParseJsonStrict(reply.body);
    if (const server::JsonValue* error = root.Find("error")) {
      if (const auto* value = error->Find("code")) code = value->string_value();
      if (const auto* value = error->Find("message")) message = value->string_value();
    }
  } catch (const Error&) {
    // Not our JSON error shape (a proxy's page): the body as it is.
  }
  ErrorCode error_code = reply.status == 401 || reply.status == 403 ? ErrorCode::kPermissionDenied
                         : reply.status == 404                      ? ErrorCode::kNotFound
                         : reply.status == 409                      ? ErrorCode::kConflict
                         : reply.status >= 500                      ? ErrorCode::kIoError
                                                                    : ErrorCode::kInvalidArgument;
  throw Error(error_code,
              "server answered " + std::to_string(reply.status) + " " + code + ": " + message);
}

}  // namespace tarn::cli
