// Which rows of a vector hold a value (bit set) and which are SQL NULL (bit clear).
// "All valid" is a flag, so the common no-NULL case costs nothing to create, copy or test.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tarn::exec {

constexpr size_t kVectorSize = 2048;  // rows per batch (DuckDB's STANDARD_VECTOR_SIZE)

class ValidityMask {
 public:
  static constexpr size_t kWords = kVectorSize / 64;

  bool AllValid() const { return all_valid_; }
  bool IsValid(size_t row) const {
    return all_valid_ || ((words_[row >> 6] >> (row & 63)) & 1);
  }
  void SetInvalid(size_t row) {
    if (all_valid_) Materialize();
    words_[row >> 6] &= ~(uint64_t{1} << (row & 63));
  }
  void SetValid(size_t row) {
    if (!all_valid_) words_[row >> 6] |= uint64_t{1} << (row & 63);
  }
  void Set(size_t row, bool valid) {
    if (valid) {
      SetValid(row);
    } else {
      SetInvalid(row);
    }
  }
  void SetAllValid() { all_valid_ = true; }
  void SetAllInvalid(size_t count) {
    all_valid_ = false;
    words_.fill(0);
    (void)count;
  }
  // Bitmap words (materializing an all-valid mask first). Word i covers rows [64*i, 64*i+64).
  uint64_t* words() {
    if (all_valid_) Materialize();
    return words_.data();
  }
  const uint64_t* words_if_any() const { return all_valid_ ? nullptr : words_.data(); }
  // Number of valid rows among the first 'count'.
  size_t CountValid(size_t count) const;

 private:
  void Materialize() {
    words_.fill(~uint64_t{0});
    all_valid_ = false;
  }

  bool all_valid_ = true;
  std::array<uint64_t, kWords> words_;
};

inline size_t ValidityMask::CountValid(size_t count) const {
  if (all_valid_) return count;
  size_t valid = 0;
  size_t full_words = count / 64;
  for (size_t i = 0; i < full_words; ++i) valid += __builtin_popcountll(words_[i]);
  if (count % 64 != 0) {
    valid += __builtin_popcountll(words_[full_words] & ((uint64_t{1} << (count % 64)) - 1));
  }
  return valid;
}

}  // namespace tarn::exec
