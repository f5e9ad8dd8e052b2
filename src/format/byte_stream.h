// Sequential bytes of one input file, decompressed when it is gzip or zstd. Readers pull blocks
// into their own buffers (pread for plain files — no mmap, whose page faults are slow here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tarn::format {

enum class Compression : uint8_t { kNone, kGzip, kZstd };

// Decides by magic bytes (1f 8b = gzip, 28 b5 2f fd = zstd), else by extension (.gz, .zst).
// Throws Error(kIoError) naming the file when it cannot be opened.
Compression DetectCompression(const std::string& path);

// Not thread-safe; one per reader. Errors (I/O, corrupt compressed data) throw Error naming the file.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to 'capacity' bytes into 'out'; returns 0 only at the end of the stream.
  virtual size_t Read(uint8_t* out, size_t capacity) = 0;
  // Bytes of the underlying file consumed so far (compressed bytes for compressed files).
  virtual uint64_t file_position() const = 0;
};

// Opens 'path' and positions the stream at byte 'offset' of the (decompressed) content. Plain files
// seek; compressed files decompress and discard 'offset' bytes.
std::unique_ptr<ByteStream> OpenByteStream(const std::string& path, Compression compression,
                                           uint64_t offset = 0);

// Size of the file on disk. Throws Error(kIoError) naming it.
uint64_t FileSize(const std::string& path);

// Returns 1 + the number of '\n' bytes before (decompressed) byte 'offset': the line an error at
// that offset is on. Slow (reads from the start); only for error messages.
int64_t LineNumberAt(const std::string& path, Compression compression, uint64_t offset);

}  // namespace tarn::format
