#include "common/arena.h"

#include <algorithm>

namespace tarn {

uint8_t* Arena::AllocateSlow(size_t size, size_t alignment) {
  // Move to the next kept block that fits, or add one.
  if (position_ != nullptr) {
    used_before_current_ += position_ - block_start_;
    ++current_block_;
  }
  size_t needed = size + alignment;
  while (current_block_ < blocks_.size() && blocks_[current_block_].capacity() < needed) {
    ++current_block_;
  }
  if (current_block_ >= blocks_.size()) {
    size_t capacity = std::max(block_size_, needed);
    blocks_.emplace_back(capacity);
    reserved_ += blocks_.back().capacity();
    current_block_ = blocks_.size() - 1;
    // Blocks grow geometrically up to 8 MiB so many small strings don't mean many blocks.
    block_size_ = std::min<size_t>(block_size_ * 2, 8u << 20);
  }
  Buffer& block = blocks_[current_block_];
  block_start_ = block.data();
  position_ = block_start_;
  end_ = block_start_ + block.capacity();
  uintptr_t aligned =
      (reinterpret_cast<uintptr_t>(position_) + alignment - 1) & ~(uintptr_t{alignment} - 1);
  position_ = reinterpret_cast<uint8_t*>(aligned + size);
  return reinterpret_cast<uint8_t*>(aligned);
}

void Arena::Reset() {
  current_block_ = 0;
  used_before_current_ = 0;
  if (blocks_.empty()) {
    block_start_ = position_ = end_ = nullptr;
    return;
  }
  block_start_ = blocks_[0].data();
  position_ = block_start_;
  end_ = block_start_ + blocks_[0].capacity();
}

}  // namespace tarn
