#include "format/text_morsel_reader.h"

#include <algorithm>
#include <cstring>

namespace tarn::format {
namespace {

constexpr size_t kTailRead = 256 * 1024;    // largest first read past a morsel's range
constexpr size_t kRangeRead = 1u << 20;     // read size within a morsel's range (stays in cache)
constexpr size_t kStreamWindow = 8u << 20;  // window for compressed / unsplit streams

}  // namespace

void TextMorselState::Fill(size_t keep_from) {
  constexpr size_t kPaddings = kFrontPadding + kBackPadding;
  size_t keep = size - keep_from;
  uint8_t* bytes = buffer_.data() + kFrontPadding;
  if (keep_from > 0 && keep > 0) std::memmove(bytes, bytes + keep_from, keep);
  buffer_offset += keep_from;
  position -= keep_from;
  size = keep;
  size_t want = next_read_ == 0 ? kStreamWindow : next_read_;
  // The range in pieces that are parsed while still in cache, then the tail reads.
  if (range_left_ > 0) want = static_cast<size_t>(std::min<uint64_t>(range_left_, kRangeRead));
  if (buffer_.capacity() < size + want + kPaddings) {
    size_t capacity = std::max(size + want + kPaddings, buffer_.capacity());
    if (size * 2 + kPaddings > capacity) capacity = size * 2 + want + kPaddings;
    Buffer grown(capacity);
    std::memset(grown.data(), 0, kFrontPadding);
    if (size > 0) std::memcpy(grown.data() + kFrontPadding, bytes, size);
    buffer_ = std::move(grown);
    bytes = buffer_.data() + kFrontPadding;
  }
  if (next_read_ == 0) want = buffer_.capacity() - kPaddings - size;
  size_t got = eof ? 0 : stream_->Read(bytes + size, want);
  size += got;
  if (got == 0) eof = true;
  if (range_left_ > 0) {
    range_left_ = got == 0 ? 0 : range_left_ - std::min<uint64_t>(range_left_, got);
  } else if (next_read_ != 0) {
    // Past the range: the last line's tail, in reads that grow for long lines.
    next_read_ = tail_read_;
    tail_read_ = std::min(tail_read_ * 2, kStreamWindow);
  }
  bytes[size] = static_cast<uint8_t>(sentinel_);
  std::memset(bytes + size + 1, fill_, kBackPadding - 1);
}

TextMorsels::TextMorsels(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    TextFile file{path, DetectCompression(path), FileSize(path)};
    total_bytes_ += file.size;
    files_.push_back(std::move(file));
  }
}

void TextMorsels::Plan(uint64_t morsel_size, bool split) {
  morsels_.clear();
  for (uint32_t index = 0; index < files_.size(); ++index) {
    const TextFile& file = files_[index];
    if (file.size == 0) continue;
    if (!split || file.compression != Compression::kNone) {
      morsels_.push_back({index, 0, TextMorsel::kWholeStream});
      continue;
    }
    for (uint64_t begin = 0; begin < file.size;) {
      // The first range holds at least 4 bytes: the first line's start after a byte order mark.
      uint64_t length = begin == 0 ? std::max<uint64_t>(morsel_size, 4) : morsel_size;
      uint64_t end = std::min(file.size, begin + length);
      morsels_.push_back({index, begin, end});
      begin = end;
    }
  }
}

bool TextMorsels::Next(TextMorselState& state, int64_t& morsel_index) const {
  Finish(state);
  size_t index = next_morsel_.fetch_add(1, std::memory_order_relaxed);
  if (index >= morsels_.size()) return false;
  Start(state, index);
  morsel_index = static_cast<int64_t>(index);
  return true;
}

void TextMorsels::Start(TextMorselState& state, size_t index) const {
  const TextMorsel& morsel = morsels_[index];
  const TextFile& file = files_[morsel.file];
  state.morsel = &morsel;
  state.morsel_index = static_cast<int64_t>(index);
  state.active = true;
  state.progress_reported_ = 0;
  uint64_t start = morsel.begin == 0 ? 0 : morsel.begin - 1;
  state.stream_ = OpenByteStream(file.path, file.compression, start);
  state.buffer_offset = start;
  state.size = 0;
  state.position = 0;
  state.eof = false;
  if (morsel.end == TextMorsel::kWholeStream) {
    state.next_read_ = 0;
    state.range_left_ = 0;
  } else {
    size_t range = static_cast<size_t>(morsel.end - start);
    state.tail_read_ = std::clamp<size_t>(range / 64, 256, kTailRead);
    state.next_read_ = state.tail_read_;
    state.range_left_ = range + state.tail_read_;
  }
  state.Fill(0);
  if (morsel.begin > 0) {
    // The morsel's first line starts after the first line break at or after begin - 1.
    while (true) {
      const void* hit = std::memchr(state.data() + state.position, '\n', state.size - state.position);
      if (hit != nullptr) {
        state.position = static_cast<size_t>(static_cast<const char*>(hit) - state.data()) + 1;
        return;
      }
      state.position = state.size;
      if (state.eof) return;
      state.Fill(state.position);
    }
  }
  if (state.size >= 3 && std::memcmp(state.data(), "\xEF\xBB\xBF", 3) == 0) state.position = 3;
}

void TextMorsels::Finish(TextMorselState& state) const {
  if (state.morsel == nullptr) return;
  ReportProgress(state, /*finished=*/true);
  state.active = false;
  state.morsel = nullptr;
  state.stream_.reset();
}

void TextMorsels::ReportProgress(TextMorselState& state, bool finished) const {
  const TextMorsel& morsel = *state.morsel;
  uint64_t done;
  if (morsel.end == TextMorsel::kWholeStream) {
    done = finished ? files_[morsel.file].size : state.stream_->file_position();
  } else {
    uint64_t position = std::min(state.buffer_offset + state.position, morsel.end);
    done = finished ? morsel.end - morsel.begin : (position > morsel.begin ? position - morsel.begin : 0);
  }
  if (done > state.progress_reported_) {
    consumed_bytes_.fetch_add(done - state.progress_reported_, std::memory_order_relaxed);
    state.progress_reported_ = done;
  }
}

double TextMorsels::Progress() const {
  if (total_bytes_ == 0) return 1.0;
  double fraction = static_cast<double>(consumed_bytes_.load(std::memory_order_relaxed)) /
                    static_cast<double>(total_bytes_);
  return std::min(fraction, 1.0);
}

}  // namespace tarn::format
