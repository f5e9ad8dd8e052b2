#include "server/query/query_registry.h"

#include "server/http/http_message.h"

namespace tarn::server {

QueryRegistry::QueryRegistry(size_t max_per_principal, double timeout_seconds)
    : max_per_principal_(max_per_principal), timeout_seconds_(timeout_seconds) {
  if (timeout_seconds_ > 0) watchdog_ = std::thread([this] { Watch(); });
}

QueryRegistry::~QueryRegistry() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_signal_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

std::shared_ptr<RunningQuery> QueryRegistry::Start(const std::string& id,
                                                   const std::string& principal) {
  auto query = std::make_shared<RunningQuery>();
  query->id = id;
  query->principal = principal;
  query->deadline =
      timeout_seconds_ > 0
          ? std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(timeout_seconds_))
          : std::chrono::steady_clock::time_point::max();
  std::lock_guard lock(mutex_);
  if (queries_.count(id) != 0) {
    throw HttpError{409, "duplicate_query_id", "a query with id " + id + " is running"};
  }
  size_t& count = per_principal_[principal];
  if (max_per_principal_ > 0 && count >= max_per_principal_) {
    throw HttpError{429, "too_many_queries",
                    "principal already runs " + std::to_string(count) + " queries (the limit)",
                    -1, 1};
  }
  ++count;
  queries_.emplace(id, query);
  return query;
}

void QueryRegistry::Finish(const RunningQuery& query) {
  std::lock_guard lock(mutex_);
  queries_.erase(query.id);
  auto it = per_principal_.find(query.principal);
  if (it != per_principal_.end() && --it->second == 0) per_principal_.erase(it);
}

bool QueryRegistry::Cancel(const std::string& id, const std::string& principal) {
  std::lock_guard lock(mutex_);
  auto it = queries_.find(id);
  if (it == queries_.end()) return false;
  if (!principal.empty() && it->second->principal != principal) return false;
  it->second->cancel.store(true);
  return true;
}

void QueryRegistry::CancelAll() {
  std::lock_guard lock(mutex_);
  for (auto& [id, query] : queries_) query->cancel.store(true);
}

size_t QueryRegistry::running() const {
  std::lock_guard lock(mutex_);
  return queries_.size();
}

void QueryRegistry::Watch() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    stop_signal_.wait_for(lock, std::chrono::milliseconds(20));
    auto now = std::chrono::steady_clock::now();
    for (auto& [id, query] : queries_) {
      if (now >= query->deadline && !query->cancel.load()) {
        query->timed_out.store(true);
        query->cancel.store(true);
      }
    }
  }
}

}  // namespace tarn::server
