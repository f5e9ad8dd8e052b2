#include "server/jobs/job_registry.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "storage/random_bytes.h"

namespace tarn::server {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsFinished(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kSucceeded: return "succeeded";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "queued";
}

JobRegistry::JobRegistry(size_t threads, size_t max_kept) : max_kept_(max_kept) {
  threads = std::max<size_t>(threads, 1);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

JobRegistry::~JobRegistry() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& job : queue_) {
      job->status.state = JobState::kCancelled;
      job->status.finished_unix_micros = NowMicros();
    }
    queue_.clear();
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

std::string JobRegistry::Submit(std::string kind, std::string owner, std::string target,
                                JobWork work) {
  auto job = std::make_shared<Job>();
  job->status.id = "job_" + storage::RandomHex(8);
  job->status.kind = std::move(kind);
  job->status.owner = std::move(owner);
  job->status.target = std::move(target);
  job->status.created_unix_micros = NowMicros();
  job->work = std::move(work);
  std::string id = job->status.id;
  {
    std::lock_guard lock(mutex_);
    jobs_.emplace(id, job);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return id;
}

JobStatus JobRegistry::Snapshot(const Job& job) const {
  JobStatus status = job.status;
  if (status.state == JobState::kRunning) {
    status.fraction = job.progress.fraction.load();
    status.rows = job.progress.rows.load();
  }
  return status;
}

std::optional<JobStatus> JobRegistry::Get(const std::string& id, const std::string& owner) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end()) return std::nullopt;
  if (!owner.empty() && found->second->status.owner != owner) return std::nullopt;
  return Snapshot(*found->second);
}

std::vector<JobStatus> JobRegistry::List(const std::string& owner) const {
  std::vector<JobStatus> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, job] : jobs_) {
      if (owner.empty() || job->status.owner == owner) out.push_back(Snapshot(*job));
    }
  }
  std::sort(out.begin(), out.end(), [](const JobStatus& a, const JobStatus& b) {
    return a.created_unix_micros != b.created_unix_micros
               ? a.created_unix_micros > b.created_unix_micros
               : a.id > b.id;
  });
  return out;
}

CancelOutcome JobRegistry::Cancel(const std::string& id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end()) return CancelOutcome::kNotFound;
  Job& job = *found->second;
  if (!owner.empty() && job.status.owner != owner) return CancelOutcome::kNotFound;
  if (job.status.state == JobState::kRunning) return CancelOutcome::kRunning;
  if (IsFinished(job.status.state)) return CancelOutcome::kFinished;
  auto queued = std::find(queue_.begin(), queue_.end(), found->second);
  if (queued != queue_.end()) queue_.erase(queued);
  job.status.state = JobState::kCancelled;
  job.status.finished_unix_micros = NowMicros();
  job.work = nullptr;
  finished_order_.push_back(id);
  DropOldFinished();
  idle_.notify_all();
  return CancelOutcome::kCancelled;
}

void JobRegistry::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void JobRegistry::DropOldFinished() {
  while (finished_order_.size() > max_kept_) {
    jobs_.erase(finished_order_.front());
    finished_order_.pop_front();
  }
}

void JobRegistry::WorkerLoop() {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      job->status.state = JobState::kRunning;
      job->status.started_unix_micros = NowMicros();
      ++running_;
    }
    std::string result;
    std::string error;
    bool ok = true;
    try {
      result = job->work(job->progress);
    } catch (const std::exception& failure) {
      ok = false;
      error = failure.what();
      if (error.empty()) error = "job failed";
    }
    {
      std::lock_guard lock(mutex_);
      job->status.state = ok ? JobState::kSucceeded : JobState::kFailed;
      job->status.fraction = ok ? 1.0 : job->progress.fraction.load();
      job->status.rows = job->progress.rows.load();
      job->status.result = std::move(result);
      job->status.error = std::move(error);
      job->status.finished_unix_micros = NowMicros();
      job->work = nullptr;
      finished_order_.push_back(job->status.id);
      DropOldFinished();
      --running_;
    }
    idle_.notify_all();
  }
}

}  // namespace tarn::server
