#include "common/thread_pool.h"

namespace tarn {

ThreadPool::ThreadPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 1; i < threads; ++i) {
    workers_.emplace_back([this, i] { WorkerLoop(i); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::Run(size_t parallelism, const std::function<void(size_t)>& task) {
  std::lock_guard run_lock(run_mutex_);
  parallelism = std::max<size_t>(1, std::min(parallelism, size()));
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    parallelism_ = parallelism;
    pending_ = parallelism - 1;
    errors_.assign(parallelism, nullptr);
    ++generation_;
  }
  if (parallelism > 1) work_ready_.notify_all();
  try {
    task(0);
  } catch (...) {
    errors_[0] = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  work_done_.wait(lock, [&] { return pending_ == 0; });
  task_ = nullptr;
  for (auto& error : errors_) {
    if (error) std::rethrow_exception(error);
  }
}

void ThreadPool::WorkerLoop(size_t worker) {
  size_t seen_generation = 0;
  while (true) {
    const std::function<void(size_t)>* task;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stop_ || generation_ != seen_generation; });
      if (stop_) return;
      seen_generation = generation_;
      if (worker >= parallelism_) continue;
      task = task_;
    }
    std::exception_ptr error;
    try {
      (*task)(worker);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      errors_[worker] = error;
      if (--pending_ == 0) work_done_.notify_all();
    }
  }
}

}  // namespace tarn
