#include "common/md5.h"

#include <cmath>
#include <cstring>

namespace tarn {

namespace {

// Per-step constants: floor(|sin(i + 1)| * 2^32), as RFC 1321 section 3.4 defines them.
struct SineTable {
  std::array<uint32_t, 64> values;
  SineTable() {
    for (int i = 0; i < 64; ++i) {
      values[i] = static_cast<uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
    }
  }
};

const SineTable& Sines() {
  static const SineTable table;
  return table;
}

constexpr int kShifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                             5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                             4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                             6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

uint32_t RotateLeft(uint32_t x, int bits) { return (x << bits) | (x >> (32 - bits)); }

}  // namespace

Md5::Md5() : state_{0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u} {}

void Md5::Transform(const uint8_t* block) {
  uint32_t words[16];
  for (int i = 0; i < 16; ++i) {
    words[i] = static_cast<uint32_t>(block[4 * i]) | (static_cast<uint32_t>(block[4 * i + 1]) << 8) |
               (static_cast<uint32_t>(block[4 * i + 2]) << 16) |
               (static_cast<uint32_t>(block[4 * i + 3]) << 24);
  }
  const auto& sines = Sines().values;
  uint32_t a = state_[0];
  uint32_t b = state_[1];
  uint32_t c = state_[2];
  uint32_t d = state_[3];
  for (int i = 0; i < 64; ++i) {
    uint32_t f;
    int g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    uint32_t rotated = RotateLeft(a + f + sines[i] + words[g], kShifts[i]);
    a = d;
    d = c;
    c = b;
    b = b + rotated;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::Update(std::string_view bytes) {
  total_bytes_ += bytes.size();
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t size = bytes.size();
  if (pending_size_ > 0) {
    size_t take = std::min(size, 64 - pending_size_);
    std::memcpy(pending_.data() + pending_size_, data, take);
    pending_size_ += take;
    data += take;
    size -= take;
    if (pending_size_ < 64) return;
    Transform(pending_.data());
    pending_size_ = 0;
  }
  while (size >= 64) {
    Transform(data);
    data += 64;
    size -= 64;
  }
  std::memcpy(pending_.data(), data, size);
  pending_size_ = size;
}

std::string Md5::HexDigest() {
  std::string hex(32, '0');
  WriteHexDigest(hex.data());
  return hex;
}

void Md5::WriteHexDigest(char* out) {
  uint64_t bit_length = total_bytes_ * 8;
  uint8_t padding[72] = {0x80};
  size_t pad = pending_size_ < 56 ? 56 - pending_size_ : 120 - pending_size_;
  Update(std::string_view(reinterpret_cast<const char*>(padding), pad));
  uint8_t length_bytes[8];
  for (int i = 0; i < 8; ++i) length_bytes[i] = static_cast<uint8_t>(bit_length >> (8 * i));
  Update(std::string_view(reinterpret_cast<const char*>(length_bytes), 8));
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint32_t word : state_) {
    for (int i = 0; i < 4; ++i) {
      auto byte = static_cast<uint8_t>(word >> (8 * i));
      *out++ = kHex[byte >> 4];
      *out++ = kHex[byte & 15];
    }
  }
}

std::string Md5Hex(std::string_view bytes) {
  Md5 md5;
  md5.Update(bytes);
  return md5.HexDigest();
}

}  // namespace tarn
