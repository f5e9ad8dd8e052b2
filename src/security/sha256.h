// SHA-256 (FIPS 180-4, through OpenSSL) and hex encoding for the security layer: token hashes,
// the audit hash chain.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tarn::security {

using Sha256Digest = std::array<uint8_t, 32>;

// Returns SHA-256 of the concatenation of 'parts'.
Sha256Digest Sha256(std::initializer_list<std::string_view> parts);

// Lower-case hex of 'bytes'.
std::string HexEncode(std::span<const uint8_t> bytes);
// Decodes lower- or upper-case hex; false when 'text' is not 2 * out.size() hex digits.
bool HexDecode(std::string_view text, std::span<uint8_t> out);

}  // namespace tarn::security
