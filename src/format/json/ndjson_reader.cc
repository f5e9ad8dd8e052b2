#include "format/json/ndjson_reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "common/memory.h"
#include "format/byte_stream.h"
#include "format/json/json_schema.h"
#include "format/json/ndjson_line_parser.h"

namespace tarn::format::json {
namespace {

constexpr uint64_t kStreamEnd = std::numeric_limits<uint64_t>::max();
constexpr size_t kWindow = 1u << 20;        // initial window; grows for longer lines
constexpr size_t kTailRead = 64 * 1024;     // read size past a morsel's range
constexpr size_t kSampleBytes = 8u << 20;   // bytes sniffing looks at (sample_size=-1: 64 MiB)

struct JsonFile {
  std::string path;
  Compression compression = Compression::kNone;
  uint64_t size = 0;
};

struct Morsel {
  uint32_t file = 0;
  uint64_t begin = 0;
  uint64_t end = kStreamEnd;  // kStreamEnd: the morsel is the whole (possibly compressed) file
};

class JsonLocalState : public ScanSource::LocalState {
 public:
  explicit JsonLocalState(const std::vector<std::string>& names) : parser(names) {}

  NdjsonLineParser parser;
  const Morsel* morsel = nullptr;
  int64_t morsel_index = -1;
  bool active = false;
  std::unique_ptr<ByteStream> stream;
  Buffer buffer;               // the window, then kJsonPadding readable bytes
  size_t size = 0;             // valid bytes in the window
  size_t position = 0;         // start of the next line in the window
  uint64_t buffer_offset = 0;  // stream offset of window byte 0
  uint64_t read_offset = 0;    // stream offset of the next byte read
  bool eof = false;
  uint64_t progress_reported = 0;
  std::vector<JsonTarget> targets;
  std::vector<const JsonTarget*> field_targets;  // per schema column: its target or null
  std::vector<const JsonTarget*> projected;

  const char* data() const { return reinterpret_cast<const char*>(buffer.data()); }
};

class NdjsonScanSource final : public ScanSource {
 public:
  NdjsonScanSource(const std::vector<std::string>& paths, const JsonOptions& options) : options_(options) {
    for (const auto& path : paths) {
      JsonFile file{path, DetectCompression(path), FileSize(path)};
      total_bytes_ += file.size;
      files_.push_back(std::move(file));
    }
    if (options_.columns.empty()) {
      Sniff();
    } else {
      for (const auto& [name, type] : options_.columns) columns_.push_back({name, type, false});
    }
    for (const JsonColumn& column : columns_) {
      schema_.push_back({column.name, column.type});
      names_.push_back(column.name);
    }
    for (uint32_t index = 0; index < files_.size(); ++index) {
      const JsonFile& file = files_[index];
      if (file.size == 0) continue;
      if (file.compression != Compression::kNone || !options_.parallel) {
        morsels_.push_back({index, 0, kStreamEnd});
        continue;
      }
      for (uint64_t begin = 0; begin < file.size; begin += options_.morsel_size) {
        morsels_.push_back({index, begin, std::min(file.size, begin + options_.morsel_size)});
      }
    }
    projection_.resize(schema_.size());
    for (size_t i = 0; i < schema_.size(); ++i) projection_[i] = i;
  }

  const std::vector<ColumnSchema>& schema() const override { return schema_; }

  void SetProjection(std::vector<size_t> columns) override {
    for (size_t column : columns) TARN_CHECK(column < schema_.size());
    projection_ = std::move(columns);
  }

  std::unique_ptr<LocalState> CreateLocalState() const override {
    return std::make_unique<JsonLocalState>(names_);
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<JsonLocalState&>(base);
    FinishMorsel(state);
    size_t index = next_morsel_.fetch_add(1, std::memory_order_relaxed);
    if (index >= morsels_.size()) return false;
    StartMorsel(state, index);
    morsel_index = static_cast<int64_t>(index);
    return true;
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override;

  std::optional<uint64_t> EstimatedRows() const override {
    if (bytes_per_row_ <= 0) return std::nullopt;
    double factor = 1.0;
    for (const JsonFile& file : files_) {
      if (file.compression != Compression::kNone) factor = 5.0;
    }
    return static_cast<uint64_t>(factor * static_cast<double>(total_bytes_) / bytes_per_row_);
  }

  double Progress() const override {
    if (total_bytes_ == 0) return 1.0;
    return std::min(1.0, static_cast<double>(consumed_bytes_.load(std::memory_order_relaxed)) /
                             static_cast<double>(total_bytes_));
  }

  uint64_t RejectedRows() const override { return rejected_rows_.load(std::memory_order_relaxed); }
  void SetRejectHandler(RejectHandler handler) override { reject_handler_ = std::move(handler); }

  std::string Describe() const override {
    std::string first = files_.empty() ? std::string() : files_[0].path;
    if (files_.size() == 1) return fmt::format("read_ndjson('{}')", first);
    return fmt::format("read_ndjson('{}', {} files)", first, files_.size());
  }

 private:
  void Sniff();
  void StartMorsel(JsonLocalState& state, size_t index) const;
  void FinishMorsel(JsonLocalState& state) const;
  void Fill(JsonLocalState& state) const;
  void ReportProgress(JsonLocalState& state, bool finished) const;
  void Reject(const JsonLocalState& state, size_t line_start, size_t line_length,
              const LineProblem& problem) const;

  JsonOptions options_;
  std::vector<JsonFile> files_;
  std::vector<JsonColumn> columns_;
  std::vector<ColumnSchema> schema_;
  std::vector<std::string> names_;
  std::vector<Morsel> morsels_;
  std::vector<size_t> projection_;
  uint64_t total_bytes_ = 0;
  double bytes_per_row_ = 0;
  RejectHandler reject_handler_;

  mutable std::atomic<size_t> next_morsel_{0};
  mutable std::atomic<uint64_t> consumed_bytes_{0};
  mutable std::atomic<uint64_t> rejected_rows_{0};
};

void NdjsonScanSource::Sniff() {
  JsonSchemaBuilder builder;
  NdjsonLineParser parser({});
  int64_t rows_left = options_.sample_size < 0 ? std::numeric_limits<int64_t>::max() : options_.sample_size;
  size_t byte_limit = options_.sample_size < 0 ? 8 * kSampleBytes : kSampleBytes;
  uint64_t sampled_bytes = 0;
  int64_t sampled_rows = 0;
  std::string sample;
  for (const JsonFile& file : files_) {
    if (file.size == 0 || rows_left <= 0 || sampled_bytes >= byte_limit) continue;
    auto stream = OpenByteStream(file.path, file.compression, 0);
    size_t limit = byte_limit - sampled_bytes;
    sample.resize(std::min<uint64_t>(file.size, limit) + 1);
    size_t got = 0;
    while (got <= limit) {
      if (got == sample.size()) sample.resize(std::min(2 * sample.size(), limit + 1));
      size_t read = stream->Read(reinterpret_cast<uint8_t*>(sample.data()) + got, sample.size() - got);
      if (read == 0) break;
      got += read;
    }
    bool whole_file = got <= limit;
    sample.resize(std::min(got, limit));
    size_t first = sample.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    if (first + 3 <= sample.size() && sample.compare(first, 3, "\xEF\xBB\xBF") == 0) {
      first = sample.find_first_not_of(" \t\r\n", first + 3);
      if (first == std::string::npos) continue;
    }
    if (sample[first] == '[') {
      throw Error(ErrorCode::kNotSupported,
                  "not supported: a JSON array document; tarn reads newline-delimited JSON (one "
                  "object per line)")
          .At({file.path, 1, static_cast<int64_t>(first) + 1});
    }
    size_t data_size = sample.size();
    sample.append(kJsonPadding, ' ');
    size_t position = 0;
    int64_t line_number = 0;
    while (position < data_size && rows_left > 0) {
      const void* hit = std::memchr(sample.data() + position, '\n', data_size - position);
      size_t end = hit == nullptr ? data_size : static_cast<const char*>(hit) - sample.data();
      if (hit == nullptr && !whole_file) break;  // a cut-off last line
      ++line_number;
      const char* line = sample.data() + position;
      size_t length = end - position;
      if (line_number == 1 && length >= 3 && std::memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        length -= 3;
      }
      if (!IsBlankLine(line, length)) {
        LineProblem problem;
        if (!parser.ObserveRow(line, length, builder, problem)) {
          if (!options_.ignore_errors) {
            throw Error(ErrorCode::kInvalidInput,
                        problem.reason + " (tarn reads newline-delimited JSON: one object per line)")
                .At({file.path, line_number, static_cast<int64_t>(problem.column) + 1});
          }
        } else {
          --rows_left;
          ++sampled_rows;
        }
      }
      sampled_bytes += end + 1 - position;
      position = end + 1;
    }
  }
  if (builder.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "no JSON object with keys to infer columns from; declare them with columns={...}")
        .At({files_.empty() ? std::string() : files_[0].path, 0, 0});
  }
  columns_ = builder.Columns();
  if (sampled_rows > 0) bytes_per_row_ = static_cast<double>(sampled_bytes) / static_cast<double>(sampled_rows);
}

void NdjsonScanSource::Fill(JsonLocalState& state) const {
  // Keep the unfinished line [position, size): move it to the front, grow when it fills the window.
  size_t keep = state.size - state.position;
  if (state.buffer.capacity() == 0) state.buffer.Reserve(kWindow + kJsonPadding);
  uint8_t* data = state.buffer.data();
  if (state.position > 0) {
    std::memmove(data, data + state.position, keep);
    state.buffer_offset += state.position;
    state.position = 0;
    state.size = keep;
  }
  size_t window = state.buffer.capacity() - kJsonPadding;
  if (state.size == window) {
    state.buffer.Resize(state.size);
    state.buffer.Reserve(2 * window + kJsonPadding);
    data = state.buffer.data();
    window = state.buffer.capacity() - kJsonPadding;
  }
  size_t want = window - state.size;
  const Morsel& morsel = *state.morsel;
  if (morsel.end != kStreamEnd) {
    // Within the range read all of it (up to the window); past it, small reads finish the line.
    uint64_t in_range = morsel.end > state.read_offset ? morsel.end - state.read_offset : 0;
    want = std::min<uint64_t>(want, std::max<uint64_t>(in_range, kTailRead));
  }
  size_t got = state.eof ? 0 : state.stream->Read(data + state.size, want);
  state.size += got;
  state.read_offset += got;
  if (got == 0) state.eof = true;
  std::memset(data + state.size, ' ', kJsonPadding);
}

void NdjsonScanSource::StartMorsel(JsonLocalState& state, size_t index) const {
  const Morsel& morsel = morsels_[index];
  const JsonFile& file = files_[morsel.file];
  state.morsel = &morsel;
  state.morsel_index = static_cast<int64_t>(index);
  state.active = true;
  state.progress_reported = 0;
  uint64_t start = morsel.begin == 0 ? 0 : morsel.begin - 1;
  state.stream = OpenByteStream(file.path, file.compression, start);
  state.buffer_offset = start;
  state.read_offset = start;
  state.size = 0;
  state.position = 0;
  state.eof = false;
  Fill(state);
  if (morsel.begin > 0) {
    // The morsel's first line starts after the first line break at or after begin - 1.
    while (true) {
      const void* hit = std::memchr(state.data() + state.position, '\n', state.size - state.position);
      if (hit != nullptr) {
        state.position = static_cast<const char*>(hit) - state.data() + 1;
        return;
      }
      state.position = state.size;
      if (state.eof) return;
      Fill(state);
    }
  }
  if (state.size >= 3 && std::memcmp(state.data(), "\xEF\xBB\xBF", 3) == 0) state.position = 3;
}

void NdjsonScanSource::ReportProgress(JsonLocalState& state, bool finished) const {
  const Morsel& morsel = *state.morsel;
  uint64_t done;
  if (morsel.end == kStreamEnd) {
    done = finished ? files_[morsel.file].size : state.stream->file_position();
  } else {
    uint64_t position = std::min(state.buffer_offset + state.position, morsel.end);
    done = finished ? morsel.end - morsel.begin : (position > morsel.begin ? position - morsel.begin : 0);
  }
  if (done > state.progress_reported) {
    consumed_bytes_.fetch_add(done - state.progress_reported, std::memory_order_relaxed);
    state.progress_reported = done;
  }
}

void NdjsonScanSource::FinishMorsel(JsonLocalState& state) const {
  if (state.morsel == nullptr) return;
  ReportProgress(state, /*finished=*/true);
  state.active = false;
  state.morsel = nullptr;
  state.stream.reset();
}

void NdjsonScanSource::Reject(const JsonLocalState& state, size_t line_start, size_t line_length,
                              const LineProblem& problem) const {
  const JsonFile& file = files_[state.morsel->file];
  uint64_t offset = state.buffer_offset + line_start;
  if (!options_.ignore_errors) {
    int64_t line = LineNumberAt(file.path, file.compression, offset);
    throw Error(ErrorCode::kInvalidInput, problem.reason)
        .At({file.path, line, static_cast<int64_t>(problem.column) + 1});
  }
  rejected_rows_.fetch_add(1, std::memory_order_relaxed);
  if (reject_handler_) {
    std::string_view text(state.data() + line_start, line_length);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    reject_handler_({file.path, offset, problem.reason, std::string(text)});
  }
}

bool NdjsonScanSource::ReadChunk(LocalState& base, exec::DataChunk& chunk) const {
  auto& state = static_cast<JsonLocalState&>(base);
  chunk.Reset();
  if (!state.active) return false;
  TARN_CHECK(chunk.column_count() == projection_.size());
  state.targets.resize(projection_.size());
  state.projected.clear();
  for (size_t i = 0; i < projection_.size(); ++i) {
    exec::Vector& vector = chunk.column(i);
    const LogicalType& type = vector.type();
    const JsonColumn& column = columns_[projection_[i]];
    state.targets[i] = {type.id(), type.width(), type.scale(), column.json_text,
                        vector.raw_data(), &vector, column.name};
    state.projected.push_back(&state.targets[i]);
  }
  state.field_targets.assign(schema_.size(), nullptr);
  for (size_t i = 0; i < projection_.size(); ++i) state.field_targets[projection_[i]] = &state.targets[i];

  const Morsel& morsel = *state.morsel;
  size_t rows = 0;
  LineProblem problem;
  while (rows < exec::kVectorSize) {
    if (state.buffer_offset + state.position >= morsel.end) {
      state.active = false;
      break;
    }
    const char* line = state.data() + state.position;
    const void* hit = std::memchr(line, '\n', state.size - state.position);
    if (hit == nullptr && !state.eof) {
      Fill(state);
      continue;
    }
    size_t length = hit == nullptr ? state.size - state.position : static_cast<const char*>(hit) - line;
    if (hit == nullptr && length == 0) {
      state.active = false;
      break;
    }
    size_t line_start = state.position;
    state.position += length + (hit != nullptr ? 1 : 0);
    if (IsBlankLine(line, length)) continue;
    if (state.parser.ParseRow(line, length, state.field_targets.data(), state.projected, rows, problem)) {
      ++rows;
    } else {
      Reject(state, line_start, length, problem);
    }
  }
  chunk.SetPhysicalSize(rows);
  chunk.set_morsel_index(state.morsel_index);
  ReportProgress(state, /*finished=*/false);
  return rows > 0;
}

}  // namespace

std::unique_ptr<ScanSource> OpenNdjsonScan(const std::vector<std::string>& files, const JsonOptions& options) {
  return std::make_unique<NdjsonScanSource>(files, options);
}

}  // namespace tarn::format::json
