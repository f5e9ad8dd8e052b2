#include "common/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn {
namespace {

constexpr size_t kHugePageSize = 2u << 20;
constexpr size_t kLargeThreshold = 1u << 20;

size_t RoundUp(size_t size, size_t unit) { return (size + unit - 1) / unit * unit; }

}  // namespace

void* AllocateLarge(size_t size) {
  size_t rounded = RoundUp(size, kHugePageSize);
  void* pointer = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pointer == MAP_FAILED) {
    throw Error(ErrorCode::kOutOfMemory, fmt::format("could not map {} bytes", rounded));
  }
  madvise(pointer, rounded, MADV_HUGEPAGE);
  return pointer;
}

void FreeLarge(void* pointer, size_t size) {
  if (pointer != nullptr) munmap(pointer, RoundUp(size, kHugePageSize));
}

void ConfigureProcessAllocator() {
  // Keep freed memory in the heap instead of unmapping it; large blocks come from the heap too,
  // so a reused allocation does not pay the first-touch cost again.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

void Buffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  if (capacity >= kLargeThreshold) {
    size_t rounded = RoundUp(capacity, kHugePageSize);
    auto* fresh = static_cast<uint8_t*>(AllocateLarge(rounded));
    if (size_ > 0) std::memcpy(fresh, data_, size_);
    Release();
    data_ = fresh;
    capacity_ = rounded;
    large_ = true;
  } else {
    auto* fresh = static_cast<uint8_t*>(std::malloc(capacity));
    if (fresh == nullptr) throw Error(ErrorCode::kOutOfMemory, "out of memory");
    if (size_ > 0) std::memcpy(fresh, data_, size_);
    size_t keep = size_;
    Release();
    size_ = keep;
    data_ = fresh;
    capacity_ = capacity;
    large_ = false;
  }
}

void Buffer::Release() {
  if (data_ == nullptr) return;
  if (large_) {
    FreeLarge(data_, capacity_);
  } else {
    std::free(data_);
  }
  data_ = nullptr;
  capacity_ = 0;
}

void MemoryTracker::Reserve(uint64_t bytes, const char* what) {
  uint64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (limit_ != 0 && now > limit_) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    throw Error(ErrorCode::kOutOfMemory,
                fmt::format("memory limit of {} MiB exceeded by {} (needed {} MiB more); raise "
                            "--memory-limit or reduce the number of groups",
                            limit_ >> 20, what, (now - limit_ + (1 << 20) - 1) >> 20));
  }
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

uint64_t ParseMemorySize(const char* text) {
  std::string input(text);
  char* end = nullptr;
  double number = std::strtod(input.c_str(), &end);
  std::string unit(end);
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  if (end == input.c_str() || !std::isfinite(number) || number < 0) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("invalid memory size '{}'", input));
  }
  double multiplier = 1;
  if (unit.empty() || unit == "b") {
    multiplier = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    multiplier = 1024.0;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    multiplier = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    multiplier = 1024.0 * 1024 * 1024;
  } else if (unit == "t" || unit == "tb" || unit == "tib") {
    multiplier = 1024.0 * 1024 * 1024 * 1024;
  } else if (unit == "%") {
    double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
    return static_cast<uint64_t>(physical * number / 100.0);
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid memory size '{}': unknown unit '{}'", input, unit));
  }
  return static_cast<uint64_t>(number * multiplier);
}

}  // namespace tarn
