// Page compression codecs of Parquet: UNCOMPRESSED, SNAPPY (libsnappy), GZIP (zlib), ZSTD
// (libzstd). Others (LZ4, BROTLI, LZO) are rejected with Error(kNotSupported).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "format/parquet/parquet_encoding.h"
#include "format/parquet/parquet_metadata.h"

namespace tarn::format::parquet {

// "SNAPPY", "ZSTD", ... as the spec names the codec.
std::string_view CodecName(Codec codec);

// Decompresses [source, source+source_size) into exactly 'output_size' bytes at 'output'. Throws
// Error(kCorrupt) at 'location' when the data is malformed or its size differs, Error(kNotSupported)
// for a codec tarn does not read.
void Decompress(Codec codec, const uint8_t* source, size_t source_size, uint8_t* output,
                size_t output_size, const PageLocation& location);

// Appends the compression of 'input' with 'codec' to 'out' (kUncompressed appends it as is).
void Compress(Codec codec, std::string_view input, std::string& out);

// Parses a COMPRESSION option ("zstd", "snappy", "gzip", "uncompressed"/"none"); false if unknown.
bool ParseCodec(std::string_view name, Codec& codec);

}  // namespace tarn::format::parquet
