// Batch jobs started over HTTP (POST /v1/jobs: file ingest, crawl): a small pool of threads runs
// them one after another in submission order while requests poll their status. The work itself is
// a library call (ingest::IngestFiles, catalog::Crawl) wrapped by routes/job_routes.cc; this file
// only queues, runs, reports and cancels.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/file_ingest.h"

namespace tarn::server {

enum class JobState : uint8_t { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

// "queued", "running", "succeeded", "failed", "cancelled".
std::string_view JobStateName(JobState state);

// What a running job reports (rows, fraction in [0, 1]); written by the job's thread, read by any
// thread. The ingest's own live counters, so IngestFiles updates them directly.
using JobProgress = ingest::IngestCounters;

// A copy of one job's state at one moment.
struct JobStatus {
  std::string id;     // "job_" + 16 hex digits
  std::string kind;   // "ingest", "crawl"
  std::string owner;  // principal that submitted it
  std::string target;  // "d.t" (ingest) or the crawl root, for listings
  JobState state = JobState::kQueued;
  double fraction = 0;
  uint64_t rows = 0;
  std::string error;   // message of a failed job
  std::string result;  // JSON object text written by the job when it succeeded ("" = none)
  int64_t created_unix_micros = 0;
  int64_t started_unix_micros = 0;   // 0 = not yet
  int64_t finished_unix_micros = 0;  // 0 = not yet
};

// The work of a job: returns a JSON object text for JobStatus::result, or throws (any
// std::exception: its message becomes JobStatus::error). Runs on a pool thread.
using JobWork = std::function<std::string(JobProgress& progress)>;

enum class CancelOutcome : uint8_t {
  kCancelled,  // it was queued and will never run
  kRunning,    // already running: library ingests and crawls cannot stop halfway, it finishes
  kFinished,   // already succeeded, failed or cancelled
  kNotFound,   // no such job, or not the caller's
};

// Thread-safe. The destructor cancels queued jobs and waits for running ones.
class JobRegistry {
 public:
  // 'threads' pool threads (at least 1); at most 'max_kept' finished jobs are remembered (oldest
  // dropped first).
  explicit JobRegistry(size_t threads = 1, size_t max_kept = 1000);
  ~JobRegistry();
  JobRegistry(const JobRegistry&) = delete;
  JobRegistry& operator=(const JobRegistry&) = delete;

  // Queues 'work' and returns the new job's id.
  std::string Submit(std::string kind, std::string owner, std::string target, JobWork work);
  // The job's status; nullopt when unknown. 'owner' empty = any owner (administrators), else only
  // that owner's job is found.
  std::optional<JobStatus> Get(const std::string& id, const std::string& owner = "") const;
  // Jobs newest first; 'owner' empty = every owner's.
  std::vector<JobStatus> List(const std::string& owner = "") const;
  // Cancels a queued job (see CancelOutcome); 'owner' as in Get.
  CancelOutcome Cancel(const std::string& id, const std::string& owner = "");
  // Blocks until no job is queued or running (tests, shutdown).
  void WaitIdle();

 private:
  struct Job {
    JobStatus status;
    JobWork work;
    JobProgress progress;
  };
  void WorkerLoop();
  JobStatus Snapshot(const Job& job) const;  // requires mutex_
  void DropOldFinished();                    // requires mutex_

  size_t max_kept_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool stopping_ = false;
  size_t running_ = 0;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::deque<std::string> finished_order_;  // ids of finished jobs, oldest first
  std::vector<std::thread> threads_;
};

}  // namespace tarn::server
