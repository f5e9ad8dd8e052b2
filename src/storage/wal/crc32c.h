// CRC-32C (Castagnoli polynomial, iSCSI / RFC 3720 §B.4): the checksum of every write-ahead log
// record and segment header. Computed with the SSE4.2 crc32 instruction (the build targets
// x86-64-v2), ~8 bytes per cycle.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tarn::storage {

// Returns the CRC-32C of 'length' bytes at 'data', continuing from 'crc' (0 to start).
// Crc32c(0, "123456789", 9) == 0xE3069283.
uint32_t Crc32c(uint32_t crc, const void* data, size_t length);

}  // namespace tarn::storage
