// `tarn serve`'s network side: HTTP/1.1 with keep-alive over TCP or TLS 1.2/1.3 (Boost.Beast and
// OpenSSL), every request through the RequestGuard to the routes, and a graceful shutdown on
// SIGTERM/SIGINT. Beast stays inside http_server.cc.
#pragma once

#include <cstdint>
#include <memory>

#include "server/http/request_guard.h"
#include "server/server_options.h"

namespace tarn::server {

struct ServerState;  // defined in http_server.cc

class HttpServer {
 public:
  // Checks the options (a non-loopback address needs TLS or insecure_no_tls), loads the TLS
  // certificate and key, and binds the listening socket. Throws Error(kInvalidArgument) for bad
  // options or TLS files, Error(kIoError) when the address cannot be bound.
  HttpServer(ServerOptions options, RequestHooks hooks);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Throws Error(kInvalidArgument) for options the constructor would refuse (TLS half given, a
  // non-loopback address without TLS), before anything is opened.
  static void CheckOptions(const ServerOptions& options);

  // The port actually bound (useful with port 0).
  uint16_t port() const;
  bool tls() const;

  // Serves until SIGTERM/SIGINT or Stop(): then stops accepting, lets in-flight requests finish
  // (cancelling queries still running after shutdown_grace_seconds) and returns.
  void Run();
  // Starts the graceful shutdown from any thread.
  void Stop();

 private:
  std::unique_ptr<ServerState> impl_;
};

}  // namespace tarn::server
