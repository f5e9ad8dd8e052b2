// The worker threads of the process. Pipelines run as "run this function on N workers" jobs; each
// worker pulls morsels itself, so the pool needs no task queue per row or per batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tarn {

// Thread-safe. Run() may be called from one coordinator at a time (serialized internally).
class ThreadPool {
 public:
  // 'threads' = 0 means std::thread::hardware_concurrency().
  explicit ThreadPool(size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size() + 1; }

  // Calls task(worker_index) once for each worker_index in [0, parallelism) — the calling thread is
  // worker 0 — and returns when all calls have returned. If calls throw, the exception of the
  // lowest worker_index is rethrown after all have finished (others are dropped).
  void Run(size_t parallelism, const std::function<void(size_t worker_index)>& task);

 private:
  void WorkerLoop(size_t worker);

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one Run() at a time
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t parallelism_ = 0;
  size_t generation_ = 0;
  size_t pending_ = 0;
  std::vector<std::exception_ptr> errors_;
  bool stop_ = false;
};

}  // namespace tarn
