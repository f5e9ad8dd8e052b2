#include "storage/wal/crc32c.h"

#include <nmmintrin.h>

#include <cstring>

namespace tarn::storage {

uint32_t Crc32c(uint32_t crc, const void* data, size_t length) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  uint64_t state = ~crc;
  for (; length >= 8; length -= 8, bytes += 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    state = _mm_crc32_u64(state, word);
  }
  auto narrow = static_cast<uint32_t>(state);
  for (; length > 0; --length, ++bytes) narrow = _mm_crc32_u8(narrow, *bytes);
  return ~narrow;
}

}  // namespace tarn::storage
