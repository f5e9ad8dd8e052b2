#include "format/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/read_counter.h"

namespace tarn::format {
namespace {

constexpr size_t kCompressedBlock = 256 * 1024;

[[noreturn]] void ThrowIo(const std::string& path, const char* action) {
  throw Error(ErrorCode::kIoError, fmt::format("cannot {} '{}': {}", action, path, std::strerror(errno)));
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class File {
 public:
  explicit File(const std::string& path) : path_(path) {
    descriptor_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor_ < 0) ThrowIo(path, "open");
  }
  ~File() {
    if (descriptor_ >= 0) close(descriptor_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Reads up to 'length' bytes at 'offset', retrying short reads; returns bytes read.
  size_t ReadAt(uint8_t* out, size_t length, uint64_t offset) {
    size_t done = 0;
    while (done < length) {
      ssize_t got = pread(descriptor_, out + done, length - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        ThrowIo(path_, "read");
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    CountBytesRead(done);  // the query's bytes_scanned
    return done;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int descriptor_ = -1;
};

class PlainStream : public ByteStream {
 public:
  PlainStream(const std::string& path, uint64_t offset) : file_(path), position_(offset) {}
  size_t Read(uint8_t* out, size_t capacity) override {
    size_t got = file_.ReadAt(out, capacity, position_);
    position_ += got;
    return got;
  }
  uint64_t file_position() const override { return position_; }

 private:
  File file_;
  uint64_t position_;
};

// Reads compressed blocks from a file; the decoders pull from it.
class CompressedInput {
 public:
  explicit CompressedInput(const std::string& path) : file_(path), block_(kCompressedBlock) {}
  // Refills the block when consumed; returns false at end of file.
  bool Fill() {
    if (begin_ < end_) return true;
    end_ = file_.ReadAt(block_.data(), block_.size(), position_);
    position_ += end_;
    begin_ = 0;
    return end_ > 0;
  }
  const uint8_t* data() const { return block_.data() + begin_; }
  size_t available() const { return end_ - begin_; }
  void Consume(size_t bytes) { begin_ += bytes; }
  uint64_t position() const { return position_ - (end_ - begin_); }
  const std::string& path() const { return file_.path(); }

 private:
  File file_;
  std::vector<uint8_t> block_;
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t position_ = 0;
};

class GzipStream : public ByteStream {
 public:
  explicit GzipStream(const std::string& path) : input_(path) {
    std::memset(&stream_, 0, sizeof(stream_));
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) {
      throw Error(ErrorCode::kOutOfMemory, "cannot initialize gzip decoder");
    }
  }
  ~GzipStream() override { inflateEnd(&stream_); }

  size_t Read(uint8_t* out, size_t capacity) override {
    size_t produced = 0;
    while (produced < capacity && !finished_) {
      if (!input_.Fill()) {
        if (member_started_) {
          throw Error(ErrorCode::kCorrupt, fmt::format("truncated gzip file '{}'", input_.path()));
        }
        finished_ = true;
        break;
      }
      stream_.next_in = const_cast<Bytef*>(input_.data());
      stream_.avail_in = static_cast<uInt>(input_.available());
      stream_.next_out = out + produced;
      stream_.avail_out = static_cast<uInt>(std::min<size_t>(capacity - produced, 1u << 30));
      size_t before_in = stream_.avail_in;
      size_t before_out = stream_.avail_out;
      int status = inflate(&stream_, Z_NO_FLUSH);
      input_.Consume(before_in - stream_.avail_in);
      produced += before_out - stream_.avail_out;
      member_started_ = true;
      if (status == Z_STREAM_END) {
        // Concatenated members continue; anything else after the end is garbage we reject.
        member_started_ = false;
        inflateReset(&stream_);
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        throw Error(ErrorCode::kCorrupt, fmt::format("corrupt gzip data in '{}'", input_.path()));
      }
    }
    return produced;
  }
  uint64_t file_position() const override { return input_.position(); }

 private:
  CompressedInput input_;
  z_stream stream_;
  bool member_started_ = false;
  bool finished_ = false;
};

class ZstdStream : public ByteStream {
 public:
  explicit ZstdStream(const std::string& path) : input_(path), context_(ZSTD_createDCtx()) {
    if (context_ == nullptr) throw Error(ErrorCode::kOutOfMemory, "cannot initialize zstd decoder");
  }
  ~ZstdStream() override { ZSTD_freeDCtx(context_); }

  size_t Read(uint8_t* out, size_t capacity) override {
    ZSTD_outBuffer output{out, capacity, 0};
    while (output.pos < output.size && !finished_) {
      if (!input_.Fill()) {
        if (pending_ != 0) {
          throw Error(ErrorCode::kCorrupt, fmt::format("truncated zstd file '{}'", input_.path()));
        }
        finished_ = true;
        break;
      }
      ZSTD_inBuffer input{input_.data(), input_.available(), 0};
      pending_ = ZSTD_decompressStream(context_, &output, &input);
      input_.Consume(input.pos);
      if (ZSTD_isError(pending_)) {
        throw Error(ErrorCode::kCorrupt, fmt::format("corrupt zstd data in '{}': {}", input_.path(),
                                                     ZSTD_getErrorName(pending_)));
      }
    }
    return output.pos;
  }
  uint64_t file_position() const override { return input_.position(); }

 private:
  CompressedInput input_;
  ZSTD_DCtx* context_;
  size_t pending_ = 0;  // zstd's hint: 0 when a frame is complete
  bool finished_ = false;
};

}  // namespace

Compression DetectCompression(const std::string& path) {
  File file(path);
  uint8_t magic[4] = {0, 0, 0, 0};
  size_t got = file.ReadAt(magic, 4, 0);
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Compression::kGzip;
  if (got >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) {
    return Compression::kZstd;
  }
  if (got == 0 && EndsWith(path, ".gz")) return Compression::kGzip;
  if (got == 0 && EndsWith(path, ".zst")) return Compression::kZstd;
  return Compression::kNone;
}

std::unique_ptr<ByteStream> OpenByteStream(const std::string& path, Compression compression,
                                           uint64_t offset) {
  std::unique_ptr<ByteStream> stream;
  switch (compression) {
    case Compression::kNone: return std::make_unique<PlainStream>(path, offset);
    case Compression::kGzip: stream = std::make_unique<GzipStream>(path); break;
    case Compression::kZstd: stream = std::make_unique<ZstdStream>(path); break;
  }
  std::vector<uint8_t> discard(std::min<uint64_t>(offset, 1 << 20));
  while (offset > 0) {
    size_t got = stream->Read(discard.data(), std::min<uint64_t>(offset, discard.size()));
    if (got == 0) break;
    offset -= got;
  }
  return stream;
}

uint64_t FileSize(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) ThrowIo(path, "stat");
  return static_cast<uint64_t>(info.st_size);
}

int64_t LineNumberAt(const std::string& path, Compression compression, uint64_t offset) {
  auto stream = OpenByteStream(path, compression, 0);
  std::vector<uint8_t> block(1 << 20);
  int64_t line = 1;
  uint64_t position = 0;
  while (position < offset) {
    size_t got = stream->Read(block.data(), std::min<uint64_t>(block.size(), offset - position));
    if (got == 0) break;
    line += std::count(block.data(), block.data() + got, '\n');
    position += got;
  }
  return line;
}

}  // namespace tarn::format
