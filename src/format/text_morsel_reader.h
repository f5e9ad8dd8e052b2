// The line-morsel machinery shared by the line-oriented text readers (CSV, NDJSON): the input
// files, their cut into morsels, and a per-thread window over the bytes of one morsel.
//
// Morsels. A plain file is cut into fixed byte ranges of morsel_size (the cut depends only on the
// file size, never on the thread count). A morsel owns the lines that START inside its range: it
// begins at the first byte after the first '\n' at or after (range start - 1) and reads past its
// range end to finish its last line. A morsel at a file's start skips a UTF-8 byte order mark, and
// its range is at least 4 bytes so that it owns the first line after one. Compressed files, and
// every file when the reader does not split, are one morsel each (decompressed sequentially).
//
// Window. Bytes are read with pread into a reused per-thread buffer: a split morsel's range in
// 1 MiB pieces (parsed while still in cache), then reads past the range that start small
// (range/64, 256 B to 256 KiB) and double for long lines; a whole stream in 8 MiB reads. The window
// keeps the unfinished line when it refills and grows when that line fills it. kFrontPadding
// readable bytes precede the data; after it come a sentinel byte and kBackPadding - 1 fill bytes
// (the reader chooses both: CSV a '\n' sentinel, NDJSON spaces for simdjson's padding).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "common/memory.h"
#include "format/byte_stream.h"
#include "format/scan_source.h"

namespace tarn::format {

struct TextFile {
  std::string path;
  Compression compression = Compression::kNone;
  uint64_t size = 0;  // on disk (compressed bytes for compressed files)
};

struct TextMorsel {
  static constexpr uint64_t kWholeStream = std::numeric_limits<uint64_t>::max();
  uint32_t file = 0;
  uint64_t begin = 0;
  uint64_t end = kWholeStream;  // kWholeStream: the morsel is the whole (possibly compressed) file
};

// A reader's per-thread state: the morsel it reads and the window over its bytes. Readers derive
// their LocalState from it and parse data()[position, size) in place.
class TextMorselState : public ScanSource::LocalState {
 public:
  static constexpr size_t kFrontPadding = 64;
  static constexpr size_t kBackPadding = 64;

  // After every Fill, data()[size] is 'sentinel' and the next kBackPadding - 1 bytes are 'fill'.
  TextMorselState(char sentinel, char fill) : sentinel_(sentinel), fill_(fill) {}

  const char* data() const { return reinterpret_cast<const char*>(buffer_.data()) + kFrontPadding; }

  // Drops the bytes before 'keep_from' (later bytes move to the front: positions shift down by
  // keep_from, buffer_offset up) and reads more; sets eof when the stream has no more.
  void Fill(size_t keep_from);

  bool active = false;          // rows may remain in the current morsel
  int64_t morsel_index = -1;
  const TextMorsel* morsel = nullptr;
  size_t size = 0;              // valid bytes in the window
  size_t position = 0;          // start of the next line (row) in the window
  uint64_t buffer_offset = 0;   // stream offset of window byte 0
  bool eof = false;

 private:
  friend class TextMorsels;

  std::unique_ptr<ByteStream> stream_;
  Buffer buffer_;               // kFrontPadding bytes, the window, kBackPadding bytes
  size_t next_read_ = 0;        // bytes the next Fill asks for (0 = as many as fit)
  size_t tail_read_ = 0;        // size of the read after next_read_ (doubles per Fill)
  uint64_t range_left_ = 0;     // bytes of the morsel's range (+ first tail) not yet read
  uint64_t progress_reported_ = 0;
  char sentinel_;
  char fill_;
};

// The files of one scan and their morsels; hands morsels to threads and sums their progress.
// Plan() once before scanning; then Next / ReportProgress / Progress are thread-safe.
class TextMorsels {
 public:
  // Reads each file's size and compression. Throws Error(kIoError) naming an unreadable file.
  explicit TextMorsels(const std::vector<std::string>& paths);
  TextMorsels(const TextMorsels&) = delete;
  TextMorsels& operator=(const TextMorsels&) = delete;

  // Cuts plain files into ranges of 'morsel_size' when 'split', else each file is one morsel.
  void Plan(uint64_t morsel_size, bool split);

  const std::vector<TextFile>& files() const { return files_; }
  uint64_t total_bytes() const { return total_bytes_; }

  // Finishes the state's morsel (if any), claims the next one and positions the state at its
  // first line. Returns false when every morsel has been claimed.
  bool Next(TextMorselState& state, int64_t& morsel_index) const;

  // Adds the bytes the state passed since its last report to Progress() (all of its range when
  // 'finished').
  void ReportProgress(TextMorselState& state, bool finished) const;
  // Fraction of the input bytes consumed, in [0,1].
  double Progress() const;

 private:
  void Start(TextMorselState& state, size_t index) const;
  void Finish(TextMorselState& state) const;

  std::vector<TextFile> files_;
  std::vector<TextMorsel> morsels_;
  uint64_t total_bytes_ = 0;
  mutable std::atomic<size_t> next_morsel_{0};
  mutable std::atomic<uint64_t> consumed_bytes_{0};
};

}  // namespace tarn::format
