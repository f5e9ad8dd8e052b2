// Cryptographically secure random bytes from the kernel (getrandom(2)): data keys, nonces, object
// ids, part-file uuids and temporary file names all come from here.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace tarn::storage {

// Fills 'out' with random bytes. Throws Error(kIoError) if the kernel refuses.
void FillRandomBytes(std::span<uint8_t> out);

// Returns 'count' random bytes as 2 * count lower-case hex digits.
std::string RandomHex(size_t count);

}  // namespace tarn::storage
