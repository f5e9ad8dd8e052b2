#include "ingest/stream/stream_buffer.h"

#include "common/error.h"

namespace tarn::ingest {

void StreamBuffer::Insert(std::unique_ptr<StreamBatch> batch, Clock::time_point now) {
  TARN_CHECK(batch->sequence > contiguous_);
  bytes_ += batch->bytes;
  records_ += batch->rows + batch->errors.size();
  max_sequence_ = std::max(max_sequence_, batch->sequence);
  if (batch->sequence != contiguous_ + 1) {
    uint64_t sequence = batch->sequence;
    TARN_CHECK(waiting_.emplace(sequence, Entry{std::move(batch), now}).second);
    return;
  }
  contiguous_ = batch->sequence;
  ready_.push_back({std::move(batch), now});
  for (auto next = waiting_.begin(); next != waiting_.end() && next->first == contiguous_ + 1;
       next = waiting_.erase(next)) {
    contiguous_ = next->first;
    ready_.push_back(std::move(next->second));
  }
}

std::vector<const StreamBatch*> StreamBuffer::Ready() const {
  std::vector<const StreamBatch*> batches;
  batches.reserve(ready_.size());
  for (const auto& entry : ready_) batches.push_back(entry.batch.get());
  return batches;
}

std::vector<std::unique_ptr<StreamBatch>> StreamBuffer::TakeUpTo(uint64_t up_to) {
  std::vector<std::unique_ptr<StreamBatch>> taken;
  while (!ready_.empty() && ready_.front().batch->sequence <= up_to) {
    bytes_ -= ready_.front().batch->bytes;
    records_ -= ready_.front().batch->rows + ready_.front().batch->errors.size();
    taken.push_back(std::move(ready_.front().batch));
    ready_.pop_front();
  }
  return taken;
}

}  // namespace tarn::ingest
