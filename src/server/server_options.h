// The settings of `tarn serve` (flags in cli/serve_command.cc): where to listen, TLS, threads, and
// the protection limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tarn::server {

struct ServerOptions {
  std::string data_dir;               // "" = no data directory (queries over files only)
  std::string host = "127.0.0.1";     // listen address
  uint16_t port = 8080;               // 0 = any free port (printed at start)
  std::string tls_cert_file;          // PEM; with tls_key_file enables TLS 1.2/1.3
  std::string tls_key_file;
  bool insecure_no_tls = false;       // allow a non-loopback address without TLS
  size_t io_threads = 2;              // network threads
  size_t worker_threads = 4;          // threads running blocking routes (queries)
  size_t ingest_worker_threads = 4;   // threads running ingest routes (stream records, flush)
  size_t query_threads = 1;           // engine threads per query
  // Protection.
  size_t max_body_bytes = 1 << 20;    // 413 above
  size_t max_header_bytes = 16 << 10; // 431 above
  // A request (headers and body) must arrive within this; idle keep-alive connections are closed
  // after it too (against slow clients: slowloris).
  double read_timeout_seconds = 10;
  double write_timeout_seconds = 30;  // a client must take each response piece within this
  double address_rate = 100;          // requests/s per source address (0 = unlimited)
  double address_burst = 200;
  double principal_rate = 50;         // requests/s per principal (0 = unlimited)
  double principal_burst = 100;
  double query_timeout_seconds = 300; // 0 = none
  uint64_t query_memory_limit = 0;    // bytes per query; 0 = the engine default
  size_t max_queries_per_principal = 4;
  double shutdown_grace_seconds = 10; // in-flight requests get this long after SIGTERM
  // Let remote principals' queries read server-side files and databases (paths, read_*()) and
  // write files (COPY). Off by default: queries see lake tables only.
  bool allow_file_access = false;
  // Lifetime of the session tokens POST /v1/auth/login answers (--session-ttl).
  double session_ttl_seconds = 3600;
};

// Returns true for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace tarn::server
