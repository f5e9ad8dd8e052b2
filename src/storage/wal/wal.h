// The durable write-ahead log of one ingestion stream: a record is acknowledged only once it is
// encrypted, checksummed and fdatasync'ed in <data-dir>/wal/<stream>/NNNNNNNN.wal (format in
// wal_segment.h). Stream delivery reads it back with Replay and drops delivered segments with Trim.
//
// Group commit: Append only queues the caller's records and waits; one flusher thread takes every
// queued batch, encrypts them into one buffer, issues one write and one fdatasync, then wakes all
// their callers. Many concurrent appenders therefore share each disk sync.
//
// Recovery (Open): every segment is scanned and its records' CRCs checked. The last segment may end
// in a torn write (a crash during an unacknowledged flush): it is cut at the first incomplete or
// damaged record, unless a complete later write follows it (then the damaged record had been
// synced and acknowledged). Other damage is an error naming the segment and offset. Appends
// after Open always go to a new segment with a new data key, so a nonce is never used twice.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/memory.h"
#include "storage/encryption/keyring.h"

namespace tarn::storage {

struct WalOptions {
  uint64_t segment_size = 64ull << 20;  // a new segment starts when a record would pass this
  uint64_t size_limit = 1ull << 30;     // segment bytes on disk plus queued bytes; see Append
  bool sync = true;                     // fdatasync before acknowledging (off only in tests)
};

// Counters since Open.
struct WalStats {
  uint64_t appends = 0;  // Append calls acknowledged
  uint64_t records = 0;  // records acknowledged
  uint64_t flushes = 0;  // group writes, each followed by one fdatasync
  uint64_t bytes = 0;    // current segment bytes on disk
  uint64_t segments = 0;
};

// Thread-safe: Append, Replay, Trim and the accessors may be called from any thread at once.
// Borrows the keyring, which must outlive the log.
class Wal {
 public:
  // Opens (creating folders as needed) the log of 'stream' under 'data_dir'/wal/'stream' and
  // recovers it as described above. Throws Error(kInvalidArgument) for a stream name that is not
  // 1-128 of [A-Za-z0-9_-], Error(kCorrupt) naming segment and offset for damage that is not a
  // torn tail (or a gap in sequence numbers), Error(kIoError) naming the path on I/O failures.
  static std::unique_ptr<Wal> Open(const std::string& data_dir, const std::string& stream,
                                   const Keyring& keyring, WalOptions options = {});
  ~Wal();  // stops the flusher after it has written everything queued
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Appends 'payloads' as consecutive records and blocks until they are durable; returns the
  // sequence number of the first (the rest follow densely; the first record ever is 1). The
  // caller keeps 'payloads' alive until return. Throws Error(kOutOfMemory) — the backpressure
  // signal, HTTP 503 — without writing anything when the log would pass options.size_limit
  // (Trim delivered segments to make room); Error(kInvalidArgument) for a payload over 16 MiB;
  // Error(kIoError) when the write or sync failed, after which every later Append fails too.
  uint64_t Append(std::span<const std::string_view> payloads);

  // Calls 'callback'(sequence, payload) for every durable record with sequence >= 'from_sequence',
  // in order. 'payload' is valid only during the call. Throws Error(kCorrupt) naming segment and
  // offset for a record that fails its checksum or tag, Error(kNotFound) when the master key
  // version of a segment is not in the keyring.
  void Replay(uint64_t from_sequence,
              const std::function<void(uint64_t, std::string_view)>& callback) const;

  // Deletes every segment whose records all have sequence <= 'up_to_sequence' (whole segments
  // only; the newest segment is kept). Returns the number of segments deleted.
  size_t Trim(uint64_t up_to_sequence);

  // The sequence number the next appended record will get.
  uint64_t next_sequence() const;
  WalStats stats() const;
  const std::string& directory() const { return directory_; }

 private:
  struct Segment {
    uint64_t number = 0;
    uint64_t first_sequence = 0;
    uint64_t size = 0;  // durable bytes
  };
  struct Request;
  class Writer;

  Wal(std::string directory, std::string stream, const Keyring& keyring, WalOptions options);
  void Recover();
  void FlushLoop();
  // Flusher helpers: create the next segment (its header goes into 'buffer'); write and sync
  // 'buffer' (whose newest record starts at 'last_frame') to the open segment; record the open
  // segment's durable size in segments_.
  void StartSegment(uint64_t first_sequence, Buffer& buffer);
  bool FinishWrite(Buffer& buffer, size_t last_frame);  // false: nothing to write
  void Publish();
  std::string SegmentPath(uint64_t number) const;

  const std::string directory_;
  const std::string stream_;
  const Keyring& keyring_;
  const WalOptions options_;

  mutable std::mutex mutex_;         // guards everything below
  std::condition_variable queued_;   // flusher waits for requests
  std::condition_variable flushed_;  // appenders wait for their request
  std::vector<Request*> queue_;
  std::vector<Segment> segments_;  // oldest first; the flusher only grows the last one
  uint64_t next_sequence_ = 1;
  uint64_t disk_bytes_ = 0;     // sum of segments_[i].size
  uint64_t queued_bytes_ = 0;   // framed size of queued, not yet durable records
  std::exception_ptr failure_;  // set once a flush failed
  bool stopping_ = false;
  WalStats stats_;
  std::unique_ptr<Writer> writer_;    // the open segment; flusher only
  uint64_t next_segment_number_ = 1;  // flusher only (after Recover)
  std::thread flusher_;
};

}  // namespace tarn::storage
