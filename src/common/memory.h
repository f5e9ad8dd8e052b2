// Large, reusable memory for the engine. On this class of VM the first touch of a fresh 4 KiB page
// costs ~13 us, so big buffers come from mmap with MADV_HUGEPAGE and are recycled, never returned to
// the kernel in the hot path. Also the process-wide memory accounting behind --memory-limit.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace tarn {

// Maps 'size' bytes (rounded up to 2 MiB) backed by transparent huge pages where the kernel allows.
// Throws Error(kOutOfMemory) if the mapping fails. Free with FreeLarge(pointer, size).
void* AllocateLarge(size_t size);
void FreeLarge(void* pointer, size_t size);

// Process-level allocator tuning (glibc mallopt so freed blocks are reused, not unmapped). Call once
// at start-up, before threads start.
void ConfigureProcessAllocator();

// An owning, move-only buffer of raw bytes. Small buffers use malloc; large ones AllocateLarge.
// Growth keeps content. Contents are uninitialized.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t capacity) { Reserve(capacity); }
  ~Buffer() { Release(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept { *this = std::move(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      Release();
      data_ = std::exchange(other.data_, nullptr);
      capacity_ = std::exchange(other.capacity_, 0);
      size_ = std::exchange(other.size_, 0);
      large_ = std::exchange(other.large_, false);
    }
    return *this;
  }

  // Ensures capacity for at least 'capacity' bytes, keeping the first size() bytes.
  void Reserve(size_t capacity);
  // Sets size(); grows capacity if needed.
  void Resize(size_t size) {
    if (size > capacity_) Reserve(size);
    size_ = size;
  }
  void Append(const void* bytes, size_t length) {
    if (size_ + length > capacity_) Reserve(size_ + length > 2 * capacity_ ? size_ + length : 2 * capacity_);
    std::memcpy(data_ + size_, bytes, length);
    size_ += length;
  }
  void Clear() { size_ = 0; }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

 private:
  void Release();

  uint8_t* data_ = nullptr;
  size_t capacity_ = 0;
  size_t size_ = 0;
  bool large_ = false;  // true when data_ came from AllocateLarge
};

// Counts bytes held by operators (hash tables, sort runs, collected results) against a limit.
// Thread-safe. Reserve() throws Error(kOutOfMemory) naming 'what' when the limit would be exceeded.
class MemoryTracker {
 public:
  explicit MemoryTracker(uint64_t limit_bytes = 0) : limit_(limit_bytes) {}  // 0 = unlimited
  void Reserve(uint64_t bytes, const char* what);
  void Release(uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  uint64_t limit() const { return limit_; }

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

// Parses "512MB", "2GiB", "1.5GB", "800000" (bytes) or "75%" (of physical memory). Throws
// Error(kInvalidArgument) on bad input.
uint64_t ParseMemorySize(const char* text);

}  // namespace tarn
