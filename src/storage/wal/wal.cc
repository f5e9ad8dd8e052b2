#include "storage/wal/wal.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "storage/random_bytes.h"
#include "storage/wal/wal_segment.h"

namespace tarn::storage {
namespace {

Error IoError(std::string_view what, const std::string& path) {
  return Error(ErrorCode::kIoError, fmt::format("{}: {}", what, std::strerror(errno)))
      .At({path, 0, 0, -1});
}

Error CorruptRecord(const std::string& path, uint64_t offset, std::string_view why) {
  return Error(ErrorCode::kCorrupt,
               fmt::format("write-ahead log segment '{}' is damaged at offset {}: {}", path, offset,
                           why))
      .At({path, 0, 0, -1});
}

void ValidateStreamName(const std::string& stream) {
  bool valid = !stream.empty() && stream.size() <= 128 &&
               std::all_of(stream.begin(), stream.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
               });
  if (!valid) {
    throw Error(ErrorCode::kInvalidArgument,
                "invalid stream name for the write-ahead log: use 1-128 of A-Z a-z 0-9 _ -");
  }
}

// Reads the first 'limit' bytes of 'path' (all of it when limit is UINT64_MAX).
Buffer ReadFile(const std::string& path, uint64_t limit = UINT64_MAX) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError("cannot open write-ahead log segment", path);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    throw IoError("cannot stat write-ahead log segment", path);
  }
  size_t size = std::min<uint64_t>(limit, static_cast<uint64_t>(info.st_size));
  Buffer buffer(size + 1);
  buffer.Resize(size);
  for (size_t done = 0; done < size;) {
    ssize_t got = ::pread(fd, buffer.data() + done, size - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      ::close(fd);
      if (got == 0) errno = EIO;
      throw IoError("cannot read write-ahead log segment", path);
    }
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  return buffer;
}

void SyncDirectory(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw IoError("cannot open write-ahead log folder", directory);
  int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) throw IoError("cannot sync write-ahead log folder", directory);
}

// Whether a complete later write follows the damaged record at 'from' of segment bytes 'all': a
// valid record (sequence above 'expected') flagged as a write's end, then another valid record.
// Writes are synced one after another, so the damaged record was then acknowledged: damage, not
// the torn tail of the interrupted write (whose pages may reach the disk in any order).
bool LaterWriteFollows(std::span<const uint8_t> all, size_t from, uint64_t expected) {
  bool write_ended = false;
  for (size_t offset = from + 1; offset + kWalRecordOverhead <= all.size(); ++offset) {
    WalFrame frame;
    if (ParseWalFrame(all.subspan(offset), frame) != WalFrameStatus::kOk ||
        frame.sequence <= expected || frame.sequence - expected > (uint64_t{1} << 32)) {
      continue;
    }
    if (write_ended) return true;
    write_ended = frame.write_end;
    offset += frame.size - 1;
  }
  return false;
}

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

// One Append call waiting for the flusher.
struct Wal::Request {
  std::span<const std::string_view> payloads;
  uint64_t first_sequence = 0;
  uint64_t bytes = 0;  // framed size
  bool done = false;
  std::exception_ptr error;
};

// The segment the flusher appends to. Flusher thread only.
class Wal::Writer {
 public:
  Writer(std::string path, uint64_t number, uint64_t first_sequence, const DataKey& data_key)
      : path(std::move(path)), number(number), first_sequence(first_sequence), cipher(data_key) {
    fd = ::open(this->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw IoError("cannot create write-ahead log segment", this->path);
  }
  ~Writer() {
    if (fd >= 0) ::close(fd);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Writes 'buffer' at the end of the segment (and syncs when 'sync'), then clears it.
  void Write(Buffer& buffer, bool sync) {
    for (size_t done = 0; done < buffer.size();) {
      ssize_t put = ::pwrite(fd, buffer.data() + done, buffer.size() - done,
                             static_cast<off_t>(durable_size + done));
      if (put < 0 && errno == EINTR) continue;
      if (put <= 0) throw IoError("cannot write write-ahead log segment", path);
      done += static_cast<size_t>(put);
    }
    if (sync && ::fdatasync(fd) != 0) throw IoError("cannot sync write-ahead log segment", path);
    durable_size += buffer.size();
    buffer.Clear();
  }

  const std::string path;
  const uint64_t number;
  const uint64_t first_sequence;
  WalRecordCipher cipher;
  int fd = -1;
  uint64_t durable_size = 0;  // bytes written (and synced)
  uint64_t records = 0;       // records sealed into this segment, buffered ones included
  bool published = false;     // in segments_ (its header is durable and its folder entry synced)
};

std::unique_ptr<Wal> Wal::Open(const std::string& data_dir, const std::string& stream,
                               const Keyring& keyring, WalOptions options) {
  ValidateStreamName(stream);
  std::string directory = (std::filesystem::path(data_dir) / "wal" / stream).string();
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw Error(ErrorCode::kIoError,
                fmt::format("cannot create write-ahead log folder: {}", error.message()))
        .At({directory, 0, 0, -1});
  }
  ::chmod(directory.c_str(), 0700);
  std::unique_ptr<Wal> wal(new Wal(std::move(directory), stream, keyring, options));
  wal->Recover();
  wal->flusher_ = std::thread([raw = wal.get()] { raw->FlushLoop(); });
  return wal;
}

Wal::Wal(std::string directory, std::string stream, const Keyring& keyring, WalOptions options)
    : directory_(std::move(directory)),
      stream_(std::move(stream)),
      keyring_(keyring),
      options_(options) {}

Wal::~Wal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (flusher_.joinable()) flusher_.join();
}

std::string Wal::SegmentPath(uint64_t number) const {
  return directory_ + "/" + WalSegmentFileName(number);
}

void Wal::Recover() {
  std::vector<uint64_t> numbers;
  DIR* folder = ::opendir(directory_.c_str());
  if (folder == nullptr) throw IoError("cannot list write-ahead log folder", directory_);
  while (dirent* entry = ::readdir(folder)) {
    if (auto number = ParseWalSegmentFileName(entry->d_name)) numbers.push_back(*number);
  }
  ::closedir(folder);
  std::sort(numbers.begin(), numbers.end());

  for (size_t i = 0; i < numbers.size(); ++i) {
    bool last = i + 1 == numbers.size();
    std::string path = SegmentPath(numbers[i]);
    Buffer bytes = ReadFile(path);
    std::span<const uint8_t> all(bytes.data(), bytes.size());
    size_t offset = 0;
    auto header = DecodeWalSegmentHeader(all, path, offset);
    if (!header) {
      if (!last) throw CorruptRecord(path, 0, "bad segment header checksum");
      // Created by a flush that never completed: nothing in it was acknowledged.
      if (::unlink(path.c_str()) != 0) throw IoError("cannot remove torn segment", path);
      if (options_.sync) SyncDirectory(directory_);
      continue;
    }
    if (header->segment_number != numbers[i]) {
      throw CorruptRecord(path, 0, fmt::format("header names segment {}", header->segment_number));
    }
    if (!segments_.empty() && header->first_sequence != next_sequence_) {
      throw CorruptRecord(
          path, 0,
          fmt::format("first sequence {} does not follow {} of the previous segment",
                      header->first_sequence, next_sequence_ - 1));
    }
    uint64_t expected = header->first_sequence;
    while (offset < all.size()) {
      WalFrame frame;
      WalFrameStatus status = ParseWalFrame(all.subspan(offset), frame);
      std::string_view problem;
      if (status == WalFrameStatus::kIncomplete) problem = "incomplete record";
      if (status == WalFrameStatus::kBadChecksum) problem = "record checksum mismatch";
      if (status == WalFrameStatus::kOk && frame.sequence != expected)
        problem = "out-of-order record";
      if (!problem.empty()) {
        if (!last) {
          throw CorruptRecord(path, offset,
                              fmt::format("{} (expected sequence {})", problem, expected));
        }
        if (LaterWriteFollows(all, offset, expected)) {
          throw CorruptRecord(
              path, offset,
              fmt::format("{} (expected sequence {}) in a write that later writes follow", problem,
                          expected));
        }
        // The torn tail of the flush that was interrupted: cut it off durably.
        if (::truncate(path.c_str(), static_cast<off_t>(offset)) != 0)
          throw IoError("cannot truncate torn write-ahead log tail", path);
        if (options_.sync) {
          int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
          if (fd < 0 || ::fdatasync(fd) != 0) {
            if (fd >= 0) ::close(fd);
            throw IoError("cannot sync truncated write-ahead log segment", path);
          }
          ::close(fd);
        }
        break;
      }
      offset += frame.size;
      ++expected;
    }
    segments_.push_back(Segment{numbers[i], header->first_sequence, offset});
    disk_bytes_ += offset;
    next_sequence_ = expected;
  }
  next_segment_number_ = numbers.empty() ? 1 : numbers.back() + 1;
  stats_.bytes = disk_bytes_;
  stats_.segments = segments_.size();
}

uint64_t Wal::Append(std::span<const std::string_view> payloads) {
  Request request;
  request.payloads = payloads;
  for (std::string_view payload : payloads) {
    if (payload.size() > kWalMaxPayloadSize) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("record of {} bytes is over the write-ahead log's limit of {} bytes",
                              payload.size(), kWalMaxPayloadSize));
    }
    request.bytes += kWalRecordOverhead + payload.size();
  }
  std::unique_lock lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
  if (payloads.empty()) return next_sequence_;
  if (disk_bytes_ + queued_bytes_ + request.bytes > options_.size_limit) {
    throw Error(
        ErrorCode::kOutOfMemory,
        fmt::format("write-ahead log of stream '{}' is full ({} of {} bytes used, {} "
                    "more needed): retry after delivery trims it",
                    stream_, disk_bytes_ + queued_bytes_, options_.size_limit, request.bytes))
        .At({directory_, 0, 0, -1});
  }
  request.first_sequence = next_sequence_;
  next_sequence_ += payloads.size();
  queued_bytes_ += request.bytes;
  queue_.push_back(&request);
  if (queue_.size() == 1) queued_.notify_one();
  flushed_.wait(lock, [&request] { return request.done; });
  if (request.error) std::rethrow_exception(request.error);
  return request.first_sequence;
}

void Wal::Publish() {
  std::lock_guard lock(mutex_);
  if (!writer_->published) {
    segments_.push_back(Segment{writer_->number, writer_->first_sequence, 0});
    writer_->published = true;
  }
  disk_bytes_ += writer_->durable_size - segments_.back().size;
  segments_.back().size = writer_->durable_size;
  stats_.bytes = disk_bytes_;
  stats_.segments = segments_.size();
}

void Wal::StartSegment(uint64_t first_sequence, Buffer& buffer) {
  uint64_t number = next_segment_number_++;
  std::string key = WalSegmentKey(stream_, number);
  DataKey data_key;
  FillRandomBytes(data_key);
  ObjectId segment_id;
  FillRandomBytes(segment_id);
  const MasterKey& master = keyring_.Current();
  WalSegmentHeader header;
  header.segment_number = number;
  header.first_sequence = first_sequence;
  header.envelope = WrapDataKey(data_key, master.material, master.version, segment_id, key);
  writer_ = std::make_unique<Writer>(SegmentPath(number), number, first_sequence, data_key);
  WipeBytes(data_key);
  EncodeWalSegmentHeader(header, buffer);
}

bool Wal::FinishWrite(Buffer& buffer, size_t last_frame) {
  if (buffer.size() == 0) return false;  // a roll right after a flush: all synced already
  WalRecordCipher::MarkWriteEnd(buffer, last_frame);
  bool fresh = !writer_->published;
  writer_->Write(buffer, options_.sync);
  if (fresh && options_.sync) SyncDirectory(directory_);
  Publish();
  return true;
}

void Wal::FlushLoop() {
  Buffer buffer(1 << 20);
  std::vector<Request*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      batch.swap(queue_);
    }
    std::exception_ptr error;
    uint64_t records = 0;
    uint64_t flushes = 0;
    size_t last_frame = 0;  // offset in 'buffer' of the newest record
    try {
      for (Request* request : batch) {
        uint64_t sequence = request->first_sequence;
        for (std::string_view payload : request->payloads) {
          uint64_t frame = kWalRecordOverhead + payload.size();
          if (writer_ == nullptr ||
              (writer_->records > 0 &&
               writer_->durable_size + buffer.size() + frame > options_.segment_size)) {
            if (writer_ != nullptr) {
              if (FinishWrite(buffer, last_frame)) ++flushes;
            }
            StartSegment(sequence, buffer);
          }
          last_frame = buffer.size();
          writer_->cipher.Seal(sequence++, Bytes(payload), buffer);
          ++writer_->records;
          ++records;
        }
      }
      if (FinishWrite(buffer, last_frame)) ++flushes;
    } catch (...) {
      error = std::current_exception();
      buffer.Clear();
    }
    {
      std::lock_guard lock(mutex_);
      for (Request* request : batch) {
        queued_bytes_ -= request->bytes;
        request->error = error;
        request->done = true;
      }
      if (error) {
        failure_ = error;
      } else {
        stats_.appends += batch.size();
        stats_.records += records;
        stats_.flushes += flushes;
      }
    }
    flushed_.notify_all();
    batch.clear();
  }
}

void Wal::Replay(uint64_t from_sequence,
                 const std::function<void(uint64_t, std::string_view)>& callback) const {
  std::vector<Segment> segments;
  {
    std::lock_guard lock(mutex_);
    segments = segments_;
  }
  Buffer plaintext(4096);
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i + 1 < segments.size() && segments[i + 1].first_sequence <= from_sequence) continue;
    std::string path = SegmentPath(segments[i].number);
    Buffer bytes = ReadFile(path, segments[i].size);
    std::span<const uint8_t> all(bytes.data(), bytes.size());
    size_t offset = 0;
    auto header = DecodeWalSegmentHeader(all, path, offset);
    if (!header) throw CorruptRecord(path, 0, "bad segment header checksum");
    const MasterKey* master = keyring_.Find(header->envelope.master_key_version);
    if (master == nullptr) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("master key version {} of write-ahead log segment '{}' is not in "
                              "the keyring",
                              header->envelope.master_key_version, path))
          .At({path, 0, 0, -1});
    }
    DataKey data_key;
    if (header->envelope.object_key != WalSegmentKey(stream_, segments[i].number) ||
        !UnwrapDataKey(header->envelope, master->material, data_key)) {
      throw CorruptRecord(path, 0, "segment key does not open (wrong key or altered header)");
    }
    WalRecordCipher cipher(data_key);
    WipeBytes(data_key);
    uint64_t expected = header->first_sequence;
    while (offset < all.size()) {
      WalFrame frame;
      if (ParseWalFrame(all.subspan(offset), frame) != WalFrameStatus::kOk ||
          frame.sequence != expected) {
        throw CorruptRecord(path, offset, "record checksum mismatch");
      }
      if (frame.sequence >= from_sequence) {
        if (!cipher.Open(frame, plaintext))
          throw CorruptRecord(path, offset, "record authentication failed");
        callback(frame.sequence, std::string_view(reinterpret_cast<const char*>(plaintext.data()),
                                                  plaintext.size()));
      }
      offset += frame.size;
      ++expected;
    }
  }
}

size_t Wal::Trim(uint64_t up_to_sequence) {
  std::vector<std::string> doomed;
  {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    while (count + 1 < segments_.size() &&
           segments_[count + 1].first_sequence <= up_to_sequence + 1) {
      doomed.push_back(SegmentPath(segments_[count].number));
      disk_bytes_ -= segments_[count].size;
      ++count;
    }
    segments_.erase(segments_.begin(), segments_.begin() + static_cast<ptrdiff_t>(count));
    stats_.bytes = disk_bytes_;
    stats_.segments = segments_.size();
  }
  for (const std::string& path : doomed) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      throw IoError("cannot delete write-ahead log segment", path);
  }
  if (!doomed.empty() && options_.sync) SyncDirectory(directory_);
  return doomed.size();
}

uint64_t Wal::next_sequence() const {
  std::lock_guard lock(mutex_);
  return next_sequence_;
}

WalStats Wal::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace tarn::storage
