// MD5 (RFC 1321), written from the RFC: the sqllogictest runner's "N values hashing to <md5>" and
// SQL's md5(). Fingerprints only — never for security.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tarn {

// Incremental MD5: Update() any number of times, then HexDigest() once.
class Md5 {
 public:
  Md5();
  void Update(std::string_view bytes);
  // Returns the 32 lower-case hex digits of the digest. Ends the computation.
  std::string HexDigest();
  // Writes the 32 lower-case hex digits to out[0..31] (no terminator). Ends the computation.
  void WriteHexDigest(char* out);

 private:
  void Transform(const uint8_t* block);

  std::array<uint32_t, 4> state_;
  uint64_t total_bytes_ = 0;
  std::array<uint8_t, 64> pending_;  // bytes not yet transformed
  size_t pending_size_ = 0;
};

// Returns the hex MD5 of 'bytes'.
std::string Md5Hex(std::string_view bytes);

}  // namespace tarn
