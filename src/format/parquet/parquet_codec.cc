#include "format/parquet/parquet_codec.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format::parquet {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

void Decompress(Codec codec, const uint8_t* source, size_t source_size, uint8_t* output,
                size_t output_size, const PageLocation& location) {
  switch (codec) {
    case Codec::kUncompressed:
      if (source_size != output_size) ThrowCorruptPage(location, "page sizes differ for an uncompressed page");
      if (output_size > 0) std::memcpy(output, source, output_size);
      return;
    case Codec::kSnappy: {
      size_t length = 0;
      auto* input = reinterpret_cast<const char*>(source);
      if (snappy_uncompressed_length(input, source_size, &length) != SNAPPY_OK || length != output_size) {
        ThrowCorruptPage(location, "malformed snappy page");
      }
      if (snappy_uncompress(input, source_size, reinterpret_cast<char*>(output), &length) != SNAPPY_OK ||
          length != output_size) {
        ThrowCorruptPage(location, "malformed snappy page");
      }
      return;
    }
    case Codec::kZstd: {
      size_t result = ZSTD_decompress(output, output_size, source, source_size);
      if (ZSTD_isError(result) || result != output_size) {
        ThrowCorruptPage(location, fmt::format("malformed zstd page ({})",
                                               ZSTD_isError(result) ? ZSTD_getErrorName(result) : "size differs"));
      }
      return;
    }
    case Codec::kGzip: {
      z_stream stream{};
      if (inflateInit2(&stream, 15 + 32) != Z_OK) throw Error(ErrorCode::kOutOfMemory, "zlib init failed");
      stream.next_in = const_cast<Bytef*>(source);
      stream.avail_in = static_cast<uInt>(source_size);
      stream.next_out = output;
      stream.avail_out = static_cast<uInt>(output_size);
      int status = inflate(&stream, Z_FINISH);
      size_t produced = output_size - stream.avail_out;
      inflateEnd(&stream);
      if (status != Z_STREAM_END || produced != output_size) ThrowCorruptPage(location, "malformed gzip page");
      return;
    }
    default:
      throw Error(ErrorCode::kNotSupported,
                  fmt::format("not supported: parquet codec {} (column {} of {})", CodecName(codec),
                              location.column, location.file));
  }
}

void Compress(Codec codec, std::string_view input, std::string& out) {
  size_t start = out.size();
  switch (codec) {
    case Codec::kUncompressed: out.append(input); return;
    case Codec::kSnappy: {
      size_t length = snappy_max_compressed_length(input.size());
      out.resize(start + length);
      if (snappy_compress(input.data(), input.size(), out.data() + start, &length) != SNAPPY_OK) {
        throw Error(ErrorCode::kInternal, "snappy compression failed");
      }
      out.resize(start + length);
      return;
    }
    case Codec::kZstd: {
      size_t bound = ZSTD_compressBound(input.size());
      out.resize(start + bound);
      // One context per thread: ZSTD_compress would allocate and clear a new one per page.
      thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(), ZSTD_freeCCtx);
      if (context == nullptr) throw Error(ErrorCode::kOutOfMemory, "zstd context allocation failed");
      size_t length = ZSTD_compressCCtx(context.get(), out.data() + start, bound, input.data(), input.size(), 3);
      if (ZSTD_isError(length)) throw Error(ErrorCode::kInternal, "zstd compression failed");
      out.resize(start + length);
      return;
    }
    case Codec::kGzip: {
      z_stream stream{};
      if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw Error(ErrorCode::kOutOfMemory, "zlib init failed");
      }
      size_t bound = deflateBound(&stream, input.size()) + 32;
      out.resize(start + bound);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
      stream.avail_in = static_cast<uInt>(input.size());
      stream.next_out = reinterpret_cast<Bytef*>(out.data() + start);
      stream.avail_out = static_cast<uInt>(bound);
      int status = deflate(&stream, Z_FINISH);
      size_t length = bound - stream.avail_out;
      deflateEnd(&stream);
      if (status != Z_STREAM_END) throw Error(ErrorCode::kInternal, "gzip compression failed");
      out.resize(start + length);
      return;
    }
    default: throw Error(ErrorCode::kNotSupported, fmt::format("not supported: writing parquet codec {}", CodecName(codec)));
  }
}

bool ParseCodec(std::string_view name, Codec& codec) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "zstd") codec = Codec::kZstd;
  else if (lower == "snappy") codec = Codec::kSnappy;
  else if (lower == "gzip") codec = Codec::kGzip;
  else if (lower == "uncompressed" || lower == "none") codec = Codec::kUncompressed;
  else return false;
  return true;
}

}  // namespace tarn::format::parquet
