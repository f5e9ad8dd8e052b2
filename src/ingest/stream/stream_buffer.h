// The in-memory buffer of one stream: acknowledged batches waiting for delivery, kept in WAL
// sequence order. Concurrent Puts finish their WAL appends out of order, so a batch whose
// predecessors are not buffered yet waits aside; only the contiguous prefix is "ready", and a
// delivery of the ready batches up to S therefore holds every record with sequence <= S.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "ingest/stream/stream_batch.h"

namespace tarn::ingest {

// Not thread-safe: guarded by its stream's mutex. Batches are immutable once inserted, so a
// delivery may read ready batches without the lock while Puts insert more; only the delivery
// removes them (TakeUpTo).
class StreamBuffer {
 public:
  using Clock = std::chrono::steady_clock;

  // Forgets nothing; sets the sequence the buffer's contents follow (every sequence up to
  // 'sequence' is delivered or not part of the buffer). Call before inserting.
  void SetBase(uint64_t sequence) { contiguous_ = sequence; }

  // Adds an acknowledged batch; its sequence is above contiguous_sequence() and not yet inserted.
  void Insert(std::unique_ptr<StreamBatch> batch, Clock::time_point now);

  // Highest S such that every sequence up to S is ready (or was delivered before).
  uint64_t contiguous_sequence() const { return contiguous_; }
  // Highest sequence inserted (ready or waiting).
  uint64_t max_sequence() const { return max_sequence_; }
  // The ready batches in sequence order.
  std::vector<const StreamBatch*> Ready() const;
  bool has_ready() const { return !ready_.empty(); }
  // When the oldest ready batch was inserted (meaningless when !has_ready()).
  Clock::time_point oldest_ready() const { return ready_.front().inserted; }
  // Removes and returns the ready batches with sequence <= 'up_to'.
  std::vector<std::unique_ptr<StreamBatch>> TakeUpTo(uint64_t up_to);

  uint64_t bytes() const { return bytes_; }    // of every batch held
  uint64_t records() const { return records_; }  // rows and error rows of every batch held

 private:
  struct Entry {
    std::unique_ptr<StreamBatch> batch;
    Clock::time_point inserted;
  };
  std::deque<Entry> ready_;
  std::map<uint64_t, Entry> waiting_;  // out of order, by sequence
  uint64_t contiguous_ = 0;
  uint64_t max_sequence_ = 0;
  uint64_t bytes_ = 0;
  uint64_t records_ = 0;
};

}  // namespace tarn::ingest
