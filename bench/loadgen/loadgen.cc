// tarn_loadgen: the stream ingest load generator of bench/stream_ingest.sh and the stream fault
// tests. N connections (one thread each, HTTP/1.1 keep-alive, Boost.Beast) put batches of JSON
// records into POST /v1/streams/{name}/records for a fixed time, and it prints records/s and the
// acknowledgement latency (p50/p99/max) of the requests.
//
// Bodies are built once per connection: a JSON array of --records records of about
// --record-bytes bytes each; only the fixed-width "id" digits are rewritten per request, so every
// record ever sent carries a unique id: --id-base + connection * 10^9 + n. Every attempt uses new
// ids (a batch whose answer was lost is never resent), so after a crash each id is in the table at
// most once. With --ack-log, each acknowledged batch (200, no failed record) appends the line
// "<first id> <count>"; a connection that fails (server killed) reconnects until the time is up.
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string token;
  std::string stream;
  int connections = 8;
  double seconds = 10;
  int records = 500;
  int record_bytes = 200;
  int64_t id_base = 1000000000000;  // 13 digits: every id has the same width
  double pause_ms = 0;              // between requests of one connection
  std::string ack_log;
  bool ndjson = false;
};

// Per connection results.
struct Tally {
  std::vector<double> latencies_ms;  // of answered requests
  uint64_t acked_records = 0;
  uint64_t failed_records = 0;  // per-record failures inside 200 answers
  uint64_t requests = 0;
  uint64_t status_429 = 0, status_503 = 0, other_status = 0;
  uint64_t connection_errors = 0;
  int first_other_status = 0;
  std::string first_other_body;
};

[[noreturn]] void Usage(const char* message) {
  std::fprintf(stderr,
               "tarn_loadgen: %s\n"
               "usage: tarn_loadgen --url http://HOST:PORT --token TOKEN --stream NAME\n"
               "       [--connections 8] [--seconds 10] [--records 500] [--record-bytes 200]\n"
               "       [--id-base 1000000000000] [--pause-ms 0] [--ack-log FILE] [--ndjson]\n",
               message);
  std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--ndjson") {
      options.ndjson = true;
      continue;
    }
    if (i + 1 >= argc) Usage(("missing value for " + flag).c_str());
    std::string value = argv[++i];
    if (flag == "--url") {
      if (value.rfind("http://", 0) != 0) Usage("--url must be http://HOST:PORT");
      std::string rest = value.substr(7);
      rest = rest.substr(0, rest.find('/'));
      size_t colon = rest.rfind(':');
      if (colon == std::string::npos) Usage("--url needs a port");
      options.host = rest.substr(0, colon);
      options.port = rest.substr(colon + 1);
    } else if (flag == "--token") {
      options.token = value;
    } else if (flag == "--stream") {
      options.stream = value;
    } else if (flag == "--connections") {
      options.connections = std::atoi(value.c_str());
    } else if (flag == "--seconds") {
      options.seconds = std::atof(value.c_str());
    } else if (flag == "--records") {
      options.records = std::atoi(value.c_str());
    } else if (flag == "--record-bytes") {
      options.record_bytes = std::atoi(value.c_str());
    } else if (flag == "--id-base") {
      options.id_base = std::atoll(value.c_str());
    } else if (flag == "--pause-ms") {
      options.pause_ms = std::atof(value.c_str());
    } else if (flag == "--ack-log") {
      options.ack_log = value;
    } else {
      Usage(("unknown option " + flag).c_str());
    }
  }
  if (options.stream.empty() || options.token.empty()) Usage("--stream and --token are required");
  if (options.connections < 1 || options.records < 1 || options.seconds <= 0) {
    Usage("--connections, --records and --seconds must be positive");
  }
  if (options.id_base < 1000000000000 || options.id_base > 8999999999999) {
    Usage("--id-base must have 13 digits (ids stay 13 digits wide)");
  }
  return options;
}

// A batch body with 'records' records; 'id_offsets' receives where each record's 13 id digits are.
std::string BuildBody(const Options& options, int connection, std::vector<size_t>& id_offsets) {
  static const char* kEvents[] = {"click", "view", "purchase", "scroll"};
  std::string body = options.ndjson ? "" : "[";
  for (int i = 0; i < options.records; ++i) {
    if (i > 0 && !options.ndjson) body += ',';
    size_t start = body.size();
    body += "{\"id\":";
    id_offsets.push_back(body.size());
    body += "0000000000000";
    char fields[256];
    std::snprintf(
        fields, sizeof(fields),
        ",\"ts\":\"2026-12-01T12:%02d:%02d.%03dZ\",\"user\":\"user-%05d\",\"event\":\"%s\","
        "\"page\":\"/products/%06d\",\"value\":%d.%02d,\"ok\":%s,\"note\":\"",
        i % 60, (i * 7) % 60, i % 1000, (connection * 7919 + i) % 100000, kEvents[i % 4],
        (i * 31) % 1000000, i % 1000, i % 100, i % 3 == 0 ? "true" : "false");
    body += fields;
    // Pad the note so the record is about record_bytes long.
    int pad = options.record_bytes - static_cast<int>(body.size() - start) - 2;
    for (int p = 0; p < pad; ++p) body += static_cast<char>('a' + (i + p) % 26);
    body += "\"}";
    if (options.ndjson) body += '\n';
  }
  if (!options.ndjson) body += ']';
  return body;
}

void WriteId(std::string& body, size_t offset, int64_t id) {
  for (int digit = 12; digit >= 0; --digit) {
    body[offset + digit] = static_cast<char>('0' + id % 10);
    id /= 10;
  }
}

class AckLog {
 public:
  explicit AckLog(const std::string& path) {
    if (!path.empty()) {
      file_ = std::fopen(path.c_str(), "a");
      if (file_ == nullptr) Usage(("cannot open --ack-log " + path).c_str());
    }
  }
  ~AckLog() {
    if (file_ != nullptr) std::fclose(file_);
  }
  void Record(int64_t first_id, int count) {
    if (file_ == nullptr) return;
    std::lock_guard lock(mutex_);
    std::fprintf(file_, "%lld %d\n", static_cast<long long>(first_id), count);
    std::fflush(file_);
  }

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

void RunConnection(const Options& options, int connection, Clock::time_point deadline,
                   AckLog& ack_log, Tally& tally) {
  std::vector<size_t> id_offsets;
  http::request<http::string_body> request{http::verb::post,
                                           "/v1/streams/" + options.stream + "/records", 11};
  request.set(http::field::host, options.host);
  request.set(http::field::authorization, "Bearer " + options.token);
  request.set(http::field::content_type,
              options.ndjson ? "application/x-ndjson" : "application/json");
  request.keep_alive(true);
  request.body() = BuildBody(options, connection, id_offsets);
  request.prepare_payload();
  tally.latencies_ms.reserve(1 << 16);

  int64_t next_id = options.id_base + static_cast<int64_t>(connection) * 1000000000;
  net::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  while (Clock::now() < deadline) {
    beast::error_code error;
    if (!stream) {
      tcp::resolver resolver(io);
      auto endpoints = resolver.resolve(options.host, options.port, error);
      if (!error) {
        stream.emplace(io);
        stream->expires_after(std::chrono::seconds(5));
        stream->connect(endpoints, error);
        if (!error) stream->socket().set_option(tcp::no_delay(true), error);
      }
      if (error) {
        stream.reset();
        ++tally.connection_errors;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      buffer.clear();
    }
    int64_t first_id = next_id;
    for (size_t i = 0; i < id_offsets.size(); ++i)
      WriteId(request.body(), id_offsets[i], next_id++);
    auto start = Clock::now();
    stream->expires_after(std::chrono::seconds(30));
    http::write(*stream, request, error);
    http::response<http::string_body> response;
    if (!error) http::read(*stream, buffer, response, error);
    if (error) {
      // The server went away (killed) or timed out: this batch is unacknowledged.
      stream.reset();
      ++tally.connection_errors;
      continue;
    }
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    ++tally.requests;
    tally.latencies_ms.push_back(ms);
    int status = static_cast<int>(response.result_int());
    if (status == 200) {
      const std::string& body = response.body();
      const char* key = "\"failed_record_count\":";
      size_t at = body.find(key);
      long failed = at == std::string::npos ? -1 : std::atol(body.c_str() + at + std::strlen(key));
      if (failed == 0) {
        tally.acked_records += id_offsets.size();
        ack_log.Record(first_id, static_cast<int>(id_offsets.size()));
      } else {
        tally.failed_records += failed > 0 ? failed : id_offsets.size();
      }
    } else if (status == 429 || status == 503) {
      (status == 429 ? tally.status_429 : tally.status_503)++;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else {
      if (tally.other_status++ == 0) {
        tally.first_other_status = status;
        tally.first_other_body = response.body().substr(0, 300);
      }
    }
    if (!response.keep_alive()) stream.reset();
    if (options.pause_ms > 0) {
      std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(options.pause_ms));
    }
  }
}

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseOptions(argc, argv);
  AckLog ack_log(options.ack_log);
  std::vector<Tally> tallies(options.connections);
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(options.seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < options.connections; ++c) {
    threads.emplace_back([&, c] { RunConnection(options, c, deadline, ack_log, tallies[c]); });
  }
  for (auto& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  Tally total;
  for (auto& tally : tallies) {
    total.latencies_ms.insert(total.latencies_ms.end(), tally.latencies_ms.begin(),
                              tally.latencies_ms.end());
    total.acked_records += tally.acked_records;
    total.failed_records += tally.failed_records;
    total.requests += tally.requests;
    total.status_429 += tally.status_429;
    total.status_503 += tally.status_503;
    total.connection_errors += tally.connection_errors;
    if (tally.other_status > 0 && total.other_status == 0) {
      total.first_other_status = tally.first_other_status;
      total.first_other_body = tally.first_other_body;
    }
    total.other_status += tally.other_status;
  }
  std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
  std::printf(
      "LOADGEN seconds=%.2f connections=%d requests=%llu acked_records=%llu "
      "records_per_second=%.0f "
      "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failed_records=%llu status_429=%llu status_503=%llu "
      "other_status=%llu connection_errors=%llu\n",
      elapsed, options.connections, static_cast<unsigned long long>(total.requests),
      static_cast<unsigned long long>(total.acked_records),
      static_cast<double>(total.acked_records) / elapsed, Percentile(total.latencies_ms, 0.5),
      Percentile(total.latencies_ms, 0.99),
      total.latencies_ms.empty() ? 0.0 : total.latencies_ms.back(),
      static_cast<unsigned long long>(total.failed_records),
      static_cast<unsigned long long>(total.status_429),
      static_cast<unsigned long long>(total.status_503),
      static_cast<unsigned long long>(total.other_status),
      static_cast<unsigned long long>(total.connection_errors));
  if (total.other_status > 0) {
    std::printf("LOADGEN first unexpected status %d: %s\n", total.first_other_status,
                total.first_other_body.c_str());
  }
  return 0;
}
