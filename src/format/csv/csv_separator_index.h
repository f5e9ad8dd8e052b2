// The CSV reader's field-end finder: which bytes of a 64-byte block are delimiters or line breaks,
// classified once per block with SSE2 compares (used only by csv_reader.cc's unquoted fast path).
#pragma once

#include <emmintrin.h>

#include <cstdint>

namespace tarn::format::csv {

// A cache of which bytes of one 64-byte block are delimiters or '\n' (quoting is not considered:
// the quoted-field path does not use it). Field ends are then a shift and a count of trailing zeros,
// and a block is classified once for all the fields in it. Reset whenever the window's bytes move.
class SeparatorIndex {
 public:
  void Reset() { base_ = 0; }

  // Returns the first delimiter or '\n' at or after 'p'; the '\n' sentinel after the data bounds
  // it, and kPadding readable bytes after the sentinel cover the block loads.
  inline const char* Next(const char* p, char delimiter) {
    while (true) {
      uintptr_t offset = reinterpret_cast<uintptr_t>(p) - base_;
      if (offset < 64) {
        uint64_t mask = mask_ >> offset;
        if (mask != 0) return p + __builtin_ctzll(mask);
        p = reinterpret_cast<const char*>(base_ + 64);
      }
      base_ = reinterpret_cast<uintptr_t>(p);
      mask_ = Classify(p, delimiter);
    }
  }

 private:
  static inline uint64_t Classify(const char* p, char delimiter) {
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    const __m128i newlines = _mm_set1_epi8('\n');
    uint64_t mask = 0;
    for (int i = 0; i < 4; ++i) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      uint64_t bits = static_cast<uint32_t>(_mm_movemask_epi8(
          _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, newlines))));
      mask |= bits << (16 * i);
    }
    return mask;
  }

  uintptr_t base_ = 0;  // address of the classified block (0: none)
  uint64_t mask_ = 0;
};

}  // namespace tarn::format::csv
