// A bump allocator whose blocks die together: string bytes of a batch, hash-table keys of an
// operator, nodes of a parse tree. Reset() keeps the blocks for reuse, so steady-state work
// touches no fresh pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "common/memory.h"
#include "common/string_ref.h"

namespace tarn {

// Not thread-safe: one arena per thread, batch or operator state.
class Arena {
 public:
  explicit Arena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  // Returns 'size' bytes aligned to 'alignment' (a power of two), valid until Reset() or destruction.
  uint8_t* Allocate(size_t size, size_t alignment = 8) {
    uintptr_t current = reinterpret_cast<uintptr_t>(position_);
    uintptr_t aligned = (current + alignment - 1) & ~(uintptr_t{alignment} - 1);
    if (position_ != nullptr && aligned + size <= reinterpret_cast<uintptr_t>(end_)) {
      position_ = reinterpret_cast<uint8_t*>(aligned + size);
      return reinterpret_cast<uint8_t*>(aligned);
    }
    return AllocateSlow(size, alignment);
  }

  // Copies 'text' into the arena unless it fits inline; the result lives as long as the arena.
  StringRef AddString(std::string_view text) {
    if (text.size() <= StringRef::kInlineLength) return StringRef(text);
    auto* bytes = Allocate(text.size(), 1);
    std::memcpy(bytes, text.data(), text.size());
    return StringRef(reinterpret_cast<const char*>(bytes), static_cast<uint32_t>(text.size()));
  }

  // Forgets every allocation but keeps the blocks.
  void Reset();
  // Bytes handed out since the last Reset (approximate, for memory accounting).
  size_t used_bytes() const { return used_before_current_ + (position_ - block_start_); }
  // Bytes of all blocks held.
  size_t reserved_bytes() const { return reserved_; }

 private:
  uint8_t* AllocateSlow(size_t size, size_t alignment);

  size_t block_size_;
  std::vector<Buffer> blocks_;
  size_t current_block_ = 0;  // index into blocks_ of the block being filled
  uint8_t* block_start_ = nullptr;
  uint8_t* position_ = nullptr;
  uint8_t* end_ = nullptr;
  size_t used_before_current_ = 0;
  size_t reserved_ = 0;
};

}  // namespace tarn
