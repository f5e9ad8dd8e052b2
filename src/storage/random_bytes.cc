#include "storage/random_bytes.h"

#include <fmt/format.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace tarn::storage {

void FillRandomBytes(std::span<uint8_t> out) {
  size_t filled = 0;
  while (filled < out.size()) {
    ssize_t got = ::getrandom(out.data() + filled, out.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kIoError,
                  fmt::format("cannot draw random bytes: {}", std::strerror(errno)));
    }
    filled += static_cast<size_t>(got);
  }
}

std::string RandomHex(size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  uint8_t bytes[64];
  std::string text;
  text.reserve(2 * count);
  while (count > 0) {
    size_t chunk = count < sizeof(bytes) ? count : sizeof(bytes);
    FillRandomBytes({bytes, chunk});
    for (size_t i = 0; i < chunk; ++i) {
      text.push_back(kDigits[bytes[i] >> 4]);
      text.push_back(kDigits[bytes[i] & 15]);
    }
    count -= chunk;
  }
  return text;
}

}  // namespace tarn::storage
