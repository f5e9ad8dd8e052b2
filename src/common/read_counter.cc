#include "common/read_counter.h"

namespace tarn {

namespace {
thread_local std::atomic<uint64_t>* current_counter = nullptr;
}  // namespace

ScopedReadCounter::ScopedReadCounter(std::atomic<uint64_t>* counter) : previous_(current_counter) {
  current_counter = counter;
}

ScopedReadCounter::~ScopedReadCounter() { current_counter = previous_; }

std::atomic<uint64_t>* CurrentReadCounter() { return current_counter; }

void CountBytesRead(uint64_t bytes) {
  if (current_counter != nullptr) current_counter->fetch_add(bytes, std::memory_order_relaxed);
}

}  // namespace tarn
