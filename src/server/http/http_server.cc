#include "server/http/http_server.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <chrono>
#include <optional>
#include <thread>
#include <tuple>

#include "common/error.h"
#include "server/http/routes/route_list.h"
#include "server/log/json_log.h"

namespace tarn::server {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::chrono::steady_clock::duration Seconds(double seconds) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
}

beast::string_view ReasonPhrase(int status) {
  if (status == 499) return "Client Closed Request";
  return http::obsolete_reason(static_cast<http::status>(status));
}

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

// A connection keeps its last request body's storage for the next request up to this size.
constexpr size_t kKeptBodyBytes = 1 << 20;

}  // namespace

// Everything one server owns (HttpServer holds it). Members are destroyed in reverse order: the io_context (and with it
// any connection still referenced by a queued handler) goes before the routes it uses.
struct ServerState {
  ServerState(ServerOptions server_options, RequestHooks hooks)
      : options(std::move(server_options)),
        metrics(registry),
        queries(options.max_queries_per_principal, options.query_timeout_seconds),
        route_context{options, metrics, queries, draining, hooks.configure_session, hooks.services},
        guard(router, std::move(hooks),
              {options.address_rate, options.address_burst, options.principal_rate,
               options.principal_burst},
              metrics),
        workers(std::max<size_t>(options.worker_threads, 1)),
        ingest_workers(std::max<size_t>(options.ingest_worker_threads, 1)),
        acceptor(io),
        signals(io, SIGINT, SIGTERM),
        shutdown_timer(io) {
    RegisterRoutes(router, route_context);
    largest_body_bytes = options.max_body_bytes;
    smallest_body_bytes = options.max_body_bytes;
    for (const Route& route : router.routes()) {
      largest_body_bytes = std::max<uint64_t>(largest_body_bytes, route.max_body_bytes);
      if (route.max_body_bytes != 0) {
        smallest_body_bytes = std::min<uint64_t>(smallest_body_bytes, route.max_body_bytes);
      }
    }
    registry.AddGauge("tarn_queries_running", "SQL queries running now.",
                      [this] { return static_cast<double>(queries.running()); });
    registry.AddGauge("tarn_http_requests_in_flight", "HTTP requests being handled or sent.",
                      [this] { return static_cast<double>(in_flight.load()); });
  }

  void Accept();
  void BeginShutdown();
  // The body limit of the route 'method' 'target' names: its own, or options.max_body_bytes.
  uint64_t BodyLimit(beast::string_view method, beast::string_view target) const {
    std::string_view path = View(target);
    Router::Match match = router.Find(View(method), path.substr(0, path.find('?')));
    if (match.route != nullptr && match.route->max_body_bytes != 0) {
      return match.route->max_body_bytes;
    }
    return options.max_body_bytes;
  }
  void WaitForDrain(std::chrono::steady_clock::time_point deadline, bool cancelled);

  ServerOptions options;
  MetricsRegistry registry;
  ServerMetrics metrics;
  QueryRegistry queries;
  std::atomic<bool> draining{false};
  std::atomic<size_t> in_flight{0};
  Router router;
  uint64_t largest_body_bytes = 0;  // of every route: the limit until the request line is known
  uint64_t smallest_body_bytes = 0;  // of every route: bodies up to this fit any route
  RouteContext route_context;
  RequestGuard guard;
  net::thread_pool workers;  // blocking routes (queries) run here, off the I/O threads
  net::thread_pool ingest_workers;  // blocking routes of RoutePool::kIngest (stream records)
  net::io_context io;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer shutdown_timer;
};

namespace {

// One client connection: read a request, hand it to the guard (on a worker thread if the route
// blocks), write the response (chunked if streamed), repeat while keep-alive. All socket work
// runs on the connection's strand. 'Stream' is beast::tcp_stream or an ssl_stream over it.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... Args>
  Connection(ServerState& server, Args&&... args)
      : server_(server), stream_(std::forward<Args>(args)...) {}

  void Start() {
    beast::error_code error;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(error);
    if (!error) remote_address_ = endpoint.address().to_string();
    // Responses go out as several writes (header, chunks, last chunk): without this, Nagle's
    // algorithm holds the later ones until the client's delayed ACK (~40 ms).
    beast::get_lowest_layer(stream_).socket().set_option(tcp::no_delay(true), error);
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      ReadHeader();
    } else {
      beast::get_lowest_layer(stream_).expires_after(Seconds(server_.options.read_timeout_seconds));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code error) {
                                if (!error) self->ReadHeader();
                              });
    }
  }

 private:
  void ReadHeader() {
    // The last request's body storage serves the next one (a stream batch is ~100 KB: a fresh
    // string each time costs an allocation and page faults); huge ones are let go.
    std::string body = std::move(request_.body);
    body.clear();
    if (body.capacity() > kKeptBodyBytes) body = std::string();
    parser_.emplace(std::piecewise_construct, std::make_tuple(std::move(body)));
    parser_->header_limit(static_cast<uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.largest_body_bytes);
    // The whole request must arrive within the read timeout; idle keep-alive connections end too.
    beast::get_lowest_layer(stream_).expires_after(Seconds(server_.options.read_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code error, size_t) {
                              self->OnHeader(error);
                            });
  }

  void OnHeader(beast::error_code error) {
    if (error) return OnReadError(error);
    auto& header = parser_->get();
    // Each route has its own body limit (stream records take more than the default); a length
    // every route takes needs no route lookup.
    auto content_length = parser_->content_length();  // boost::optional
    if (!content_length || *content_length > server_.smallest_body_bytes) {
      uint64_t body_limit = server_.BodyLimit(header.method_string(), header.target());
      if (content_length.value_or(0) > body_limit) return OnReadError(http::error::body_limit);
      parser_->body_limit(body_limit);
    } else {
      parser_->body_limit(*content_length);
    }
    // Beast reads at most the buffer's free capacity (>= 512 bytes) per operation, and the parser
    // empties the buffer as it goes: without room, a 100 KB body took ~100 reads, each with a
    // strand dispatch and a timer re-arm. Up to 64 KiB per read instead.
    uint64_t length = parser_->content_length().value_or(0);
    if (length > 4096) buffer_.reserve(buffer_.size() + std::min<uint64_t>(length, 65536));
    auto expect = header[http::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      // curl waits for this before sending bodies over 1 KiB.
      continue_response_.emplace(http::status::continue_, header.version());
      http::async_write(stream_, *continue_response_,
                        [self = this->shared_from_this()](beast::error_code error, size_t) {
                          if (error) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code error, size_t) {
                       if (error) return self->OnReadError(error);
                       self->OnRequest();
                     });
  }

  void OnReadError(beast::error_code error) {
    if (error == http::error::end_of_stream || error == net::error::eof ||
        error == net::error::connection_reset || error == net::ssl::error::stream_truncated) {
      return Close();
    }
    bool started = parser_->got_some() || buffer_.size() > 0;
    if (error == beast::error::timeout) {
      // tcp_stream has closed the socket: nothing can be answered. A started request is counted
      // and logged (slow clients); an idle keep-alive connection just ends.
      if (started) {
        HttpRequest request;
        request.remote_address = remote_address_;
        server_.guard.Prepare(request);
        server_.guard.Rejected(request, 408, "read_timeout");
      }
      return;
    }
    if (error == http::error::body_limit) {
      uint64_t limit = server_.BodyLimit(parser_->get().method_string(), parser_->get().target());
      return Reject(413, "body_too_large",
                    "request body exceeds " + std::to_string(limit) + " bytes");
    }
    if (error == http::error::header_limit) {
      return Reject(431, "headers_too_large",
                    "request headers exceed " + std::to_string(server_.options.max_header_bytes) +
                        " bytes");
    }
    if (!started) return Close();
    Reject(400, "malformed_request", "malformed http request: " + error.message());
  }

  // Answers a request that could not be read, then closes the connection.
  void Reject(int status, const std::string& code, const std::string& message) {
    request_ = HttpRequest();
    request_.method = parser_->is_header_done() ? std::string(View(parser_->get().method_string())) : "";
    request_.remote_address = remote_address_;
    match_ = server_.guard.Prepare(request_);
    match_ = Router::Match();
    response_ = ErrorResponse({status, code, message});
    keep_alive_ = false;
    start_ = std::chrono::steady_clock::now();
    ++server_.in_flight;
    WriteResponse();
  }

  void OnRequest() {
    start_ = std::chrono::steady_clock::now();
    auto message = parser_->release();
    request_ = HttpRequest();
    request_.method = std::string(View(message.method_string()));
    std::string_view target = View(message.target());
    size_t question = target.find('?');
    request_.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request_.query = std::string(target.substr(question + 1));
    for (const auto& field : message) {
      std::string name(View(field.name_string()));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request_.headers.emplace_back(std::move(name), std::string(View(field.value())));
    }
    request_.body = std::move(message.body());
    request_.remote_address = remote_address_;
    keep_alive_ = message.keep_alive();
    ++server_.in_flight;
    match_ = server_.guard.Prepare(request_);
    if (server_.draining.load()) {
      keep_alive_ = false;
      response_ = ErrorResponse({503, "shutting_down", "the server is shutting down", -1, 1});
      return WriteResponse();
    }
    if (match_.route != nullptr && match_.route->blocking) {
      net::thread_pool& pool = match_.route->pool == RoutePool::kIngest ? server_.ingest_workers
                                                                          : server_.workers;
      net::post(pool, [self = this->shared_from_this()] {
        self->response_ = self->server_.guard.Handle(self->request_, self->match_);
        net::post(self->stream_.get_executor(), [self] { self->WriteResponse(); });
      });
      return;
    }
    response_ = server_.guard.Handle(request_, match_);
    WriteResponse();
  }

  template <class Body>
  void FillHeader(http::response<Body>& message) {
    message.result(static_cast<unsigned>(response_.status));
    message.reason(ReasonPhrase(response_.status));
    message.set(http::field::server, "tarn");
    message.set(http::field::content_type, response_.content_type);
    message.set("X-Request-Id", request_.request_id);
    for (const auto& [name, value] : response_.headers) message.set(name, value);
    if (server_.draining.load()) keep_alive_ = false;
    message.keep_alive(keep_alive_);
  }

  void WriteResponse() {
    beast::get_lowest_layer(stream_).expires_after(Seconds(server_.options.write_timeout_seconds));
    bytes_sent_ = response_.body.size();
    if (!response_.next_chunk) {
      plain_response_.emplace(http::status::ok, 11);
      FillHeader(*plain_response_);
      plain_response_->body() = std::move(response_.body);
      plain_response_->prepare_payload();
      http::async_write(stream_, *plain_response_,
                        [self = this->shared_from_this()](beast::error_code error, size_t) {
                          self->plain_response_.reset();
                          self->OnResponseDone(!error);
                        });
      return;
    }
    chunked_response_.emplace(http::status::ok, 11);
    FillHeader(*chunked_response_);
    chunked_response_->chunked(true);
    serializer_.emplace(*chunked_response_);
    piece_ = std::move(response_.body);
    http::async_write_header(stream_, *serializer_,
                             [self = this->shared_from_this()](beast::error_code error, size_t) {
                               if (error) return self->OnResponseDone(false);
                               self->WriteNextPiece();
                             });
  }

  void WriteNextPiece() {
    beast::get_lowest_layer(stream_).expires_after(Seconds(server_.options.write_timeout_seconds));
    bool more = true;
    try {
      while (piece_.empty() && more) more = response_.next_chunk(piece_);
    } catch (const std::exception& error) {
      // The status line is out: all we can do is end the connection without the last chunk, so
      // the client sees a truncated (invalid) chunked body rather than a complete-looking one.
      LogEvent("error", "response stream failed", [&](JsonWriter& json) {
        json.Key("request_id").String(request_.request_id).Key("error").String(error.what());
      });
      return OnResponseDone(false);
    }
    if (!more) {
      net::async_write(stream_, http::make_chunk_last(),
                        [self = this->shared_from_this()](beast::error_code error, size_t) {
                          self->OnResponseDone(!error);
                        });
      return;
    }
    bytes_sent_ += piece_.size();
    net::async_write(stream_, http::make_chunk(net::buffer(piece_)),
                      [self = this->shared_from_this()](beast::error_code error, size_t) {
                        if (error) return self->OnResponseDone(false);
                        self->piece_.clear();
                        self->WriteNextPiece();
                      });
  }

  void OnResponseDone(bool completed) {
    server_.guard.Finish(request_, match_, response_, start_, bytes_sent_, completed);
    response_ = HttpResponse();  // releases a streamed result now
    serializer_.reset();
    chunked_response_.reset();
    --server_.in_flight;
    if (!completed || !keep_alive_) return Close();
    ReadHeader();
  }

  void Close() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    } else {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    }
  }

  ServerState& server_;
  Stream stream_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_response_;
  // The request being served and its answer.
  HttpRequest request_;
  Router::Match match_;
  HttpResponse response_;
  bool keep_alive_ = true;
  std::chrono::steady_clock::time_point start_;
  uint64_t bytes_sent_ = 0;
  std::optional<http::response<http::string_body>> plain_response_;
  std::optional<http::response<http::empty_body>> chunked_response_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::string piece_;
};

}  // namespace

void ServerState::Accept() {
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
    if (error) {
      if (!acceptor.is_open()) return;  // shutting down
      // Out of file descriptors and the like: log, and keep accepting.
      LogEvent("warn", "accept failed", [&](JsonWriter& json) {
        json.Key("error").String(error.message());
      });
    } else if (tls) {
      std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket),
                                                                         *tls)
          ->Start();
    } else {
      std::make_shared<Connection<beast::tcp_stream>>(*this, std::move(socket))->Start();
    }
    Accept();
  });
}

void ServerState::BeginShutdown() {
  if (draining.exchange(true)) return;
  LogEvent("info", "shutting down", [&](JsonWriter& json) {
    json.Key("in_flight").Uint(in_flight.load());
    json.Key("grace_seconds").Double(options.shutdown_grace_seconds);
  });
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  WaitForDrain(std::chrono::steady_clock::now() + Seconds(options.shutdown_grace_seconds), false);
}

void ServerState::WaitForDrain(std::chrono::steady_clock::time_point deadline,
                                    bool cancelled) {
  if (in_flight.load() == 0) {
    io.stop();  // idle keep-alive connections close with the io_context
    return;
  }
  if (!cancelled && std::chrono::steady_clock::now() >= deadline) {
    LogEvent("warn", "grace period over: cancelling running queries", [&](JsonWriter& json) {
      json.Key("in_flight").Uint(in_flight.load());
    });
    queries.CancelAll();
    cancelled = true;
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  } else if (cancelled && std::chrono::steady_clock::now() >= deadline) {
    io.stop();  // clients that do not read their responses are dropped
    return;
  }
  shutdown_timer.expires_after(std::chrono::milliseconds(20));
  shutdown_timer.async_wait([this, deadline, cancelled](beast::error_code) {
    WaitForDrain(deadline, cancelled);
  });
}

void HttpServer::CheckOptions(const ServerOptions& options) {
  bool want_tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (want_tls && (options.tls_cert_file.empty() || options.tls_key_file.empty())) {
    throw Error(ErrorCode::kInvalidArgument, "--tls-cert and --tls-key must be given together");
  }
  if (!want_tls && !options.insecure_no_tls && !IsLoopbackHost(options.host)) {
    throw Error(ErrorCode::kInvalidArgument,
                "refusing to listen on non-loopback address " + options.host +
                    " without TLS: give --tls-cert and --tls-key, or --insecure-no-tls");
  }
}

HttpServer::HttpServer(ServerOptions options, RequestHooks hooks) {
  CheckOptions(options);
  bool want_tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  impl_ = std::make_unique<ServerState>(std::move(options), std::move(hooks));
  ServerState& impl = *impl_;
  if (want_tls) {
    impl.tls.emplace(ssl::context::tls_server);
    SSL_CTX_set_min_proto_version(impl.tls->native_handle(), TLS1_2_VERSION);
    impl.tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::single_dh_use);
    beast::error_code error;
    impl.tls->use_certificate_chain_file(impl.options.tls_cert_file, error);
    if (error) {
      throw Error(ErrorCode::kInvalidArgument, "cannot load tls certificate '" +
                                                   impl.options.tls_cert_file +
                                                   "': " + error.message());
    }
    impl.tls->use_private_key_file(impl.options.tls_key_file, ssl::context::pem, error);
    if (error) {
      throw Error(ErrorCode::kInvalidArgument, "cannot load tls private key '" +
                                                   impl.options.tls_key_file +
                                                   "': " + error.message());
    }
  }
  beast::error_code error;
  std::string host = impl.options.host == "localhost" ? "127.0.0.1" : impl.options.host;
  auto address = net::ip::make_address(host, error);
  if (error) {
    throw Error(ErrorCode::kInvalidArgument, "invalid listen address '" + impl.options.host + "'");
  }
  tcp::endpoint endpoint(address, impl.options.port);
  auto fail = [&](const char* step) {
    throw Error(ErrorCode::kIoError, std::string("cannot ") + step + " " + impl.options.host + ":" +
                                         std::to_string(impl.options.port) + ": " +
                                         error.message());
  };
  impl.acceptor.open(endpoint.protocol(), error);
  if (error) fail("open a socket for");
  impl.acceptor.set_option(net::socket_base::reuse_address(true), error);
  impl.acceptor.bind(endpoint, error);
  if (error) fail("listen on");
  impl.acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) fail("listen on");
}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::port() const {
  beast::error_code error;
  return impl_->acceptor.local_endpoint(error).port();
}

bool HttpServer::tls() const { return impl_->tls.has_value(); }

void HttpServer::Run() {
  ServerState& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code error, int) {
    if (!error) impl.BeginShutdown();
  });
  impl.Accept();
  std::vector<std::thread> threads;
  for (size_t i = 1; i < std::max<size_t>(impl.options.io_threads, 1); ++i) {
    threads.emplace_back([&impl] { impl.io.run(); });
  }
  impl.io.run();
  for (auto& thread : threads) thread.join();
  impl.queries.CancelAll();
  impl.workers.join();  // queries still running end (cancelled) before the routes go away
  impl.ingest_workers.join();
  LogEvent("info", "stopped");
}

void HttpServer::Stop() {
  net::post(impl_->io, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace tarn::server
