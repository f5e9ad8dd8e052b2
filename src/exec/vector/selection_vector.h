// A list of row indexes into a batch: how a filter keeps rows without copying them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "exec/vector/validity_mask.h"

namespace tarn::exec {

class SelectionVector {
 public:
  uint32_t operator[](size_t i) const { return indexes_[i]; }
  uint32_t& operator[](size_t i) { return indexes_[i]; }
  uint32_t* data() { return indexes_.data(); }
  const uint32_t* data() const { return indexes_.data(); }
  // Fills with 0, 1, ..., count-1.
  void SetIdentity(size_t count) {
    for (size_t i = 0; i < count; ++i) indexes_[i] = static_cast<uint32_t>(i);
  }

 private:
  std::array<uint32_t, kVectorSize> indexes_;
};

}  // namespace tarn::exec
