// The queries the server is running: ids for DELETE /v1/queries/{id}, per-principal concurrency
// limits, and a watchdog that cancels queries past their time limit.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tarn::server {

struct RunningQuery {
  std::string id;
  std::string principal;
  std::chrono::steady_clock::time_point deadline;  // max() = no time limit
  std::atomic<bool> cancel{false};     // handed to sql::SessionOptions::cancel_request
  std::atomic<bool> timed_out{false};  // set with 'cancel' by the watchdog
};

// Thread-safe.
class QueryRegistry {
 public:
  // 'max_per_principal' 0 = unlimited; 'timeout_seconds' 0 = no time limit (no watchdog thread).
  QueryRegistry(size_t max_per_principal, double timeout_seconds);
  ~QueryRegistry();
  QueryRegistry(const QueryRegistry&) = delete;
  QueryRegistry& operator=(const QueryRegistry&) = delete;

  // Registers a query. Throws HttpError 429 "too_many_queries" when 'principal' already runs the
  // maximum, 409 "duplicate_query_id" when 'id' is running.
  std::shared_ptr<RunningQuery> Start(const std::string& id, const std::string& principal);
  void Finish(const RunningQuery& query);
  // Cancels query 'id' if it runs and belongs to 'principal' (an admin may pass "" for any).
  // Returns false when there is no such query (another principal's query counts as none).
  bool Cancel(const std::string& id, const std::string& principal);
  // Cancels every running query (shutdown after the grace period).
  void CancelAll();
  size_t running() const;
  double timeout_seconds() const { return timeout_seconds_; }

 private:
  void Watch();

  size_t max_per_principal_;
  double timeout_seconds_;
  mutable std::mutex mutex_;
  std::condition_variable stop_signal_;
  std::map<std::string, std::shared_ptr<RunningQuery>> queries_;
  std::map<std::string, size_t> per_principal_;
  bool stop_ = false;
  std::thread watchdog_;
};

}  // namespace tarn::server
