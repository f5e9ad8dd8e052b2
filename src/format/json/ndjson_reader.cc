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
#include "format/text_morsel_reader.h"

namespace tarn::format::json {
namespace {

constexpr size_t kSampleBytes = 8u << 20;   // bytes sniffing looks at (sample_size=-1: 64 MiB)
static_assert(TextMorselState::kBackPadding >= kJsonPadding);

class JsonLocalState : public TextMorselState {
 public:
  // The window's padding is spaces: simdjson reads kJsonPadding bytes past a line.
  explicit JsonLocalState(const std::vector<std::string>& names)
      : TextMorselState(' ', ' '), parser(names) {}

  NdjsonLineParser parser;
  std::vector<JsonTarget> targets;
  std::vector<const JsonTarget*> field_targets;  // per schema column: its target or null
  std::vector<const JsonTarget*> projected;
};

class NdjsonScanSource final : public ScanSource {
 public:
  NdjsonScanSource(const std::vector<std::string>& paths, const JsonOptions& options)
      : options_(options), input_(paths) {
    if (options_.columns.empty()) {
      Sniff();
    } else {
      for (const auto& [name, type] : options_.columns) columns_.push_back({name, type, false});
    }
    for (const JsonColumn& column : columns_) {
      schema_.push_back({column.name, column.type});
      names_.push_back(column.name);
    }
    input_.Plan(options_.morsel_size, options_.parallel);
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
    return input_.Next(static_cast<JsonLocalState&>(base), morsel_index);
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override;

  std::optional<uint64_t> EstimatedRows() const override {
    if (bytes_per_row_ <= 0) return std::nullopt;
    double factor = 1.0;
    for (const TextFile& file : input_.files()) {
      if (file.compression != Compression::kNone) factor = 5.0;
    }
    return static_cast<uint64_t>(factor * static_cast<double>(input_.total_bytes()) / bytes_per_row_);
  }

  double Progress() const override { return input_.Progress(); }

  uint64_t RejectedRows() const override { return rejected_rows_.load(std::memory_order_relaxed); }
  void SetRejectHandler(RejectHandler handler) override { reject_handler_ = std::move(handler); }

  std::string Describe() const override {
    const std::vector<TextFile>& files = input_.files();
    std::string first = files.empty() ? std::string() : files[0].path;
    if (files.size() == 1) return fmt::format("read_ndjson('{}')", first);
    return fmt::format("read_ndjson('{}', {} files)", first, files.size());
  }

 private:
  void Sniff();
  void Reject(const JsonLocalState& state, size_t line_start, size_t line_length,
              const LineProblem& problem) const;

  JsonOptions options_;
  TextMorsels input_;
  std::vector<JsonColumn> columns_;
  std::vector<ColumnSchema> schema_;
  std::vector<std::string> names_;
  std::vector<size_t> projection_;
  double bytes_per_row_ = 0;
  RejectHandler reject_handler_;

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
  for (const TextFile& file : input_.files()) {
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
        .At({input_.files().empty() ? std::string() : input_.files()[0].path, 0, 0});
  }
  columns_ = builder.Columns();
  if (sampled_rows > 0) bytes_per_row_ = static_cast<double>(sampled_bytes) / static_cast<double>(sampled_rows);
}

void NdjsonScanSource::Reject(const JsonLocalState& state, size_t line_start, size_t line_length,
                              const LineProblem& problem) const {
  const TextFile& file = input_.files()[state.morsel->file];
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

  const TextMorsel& morsel = *state.morsel;
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
      state.Fill(state.position);
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
  input_.ReportProgress(state, /*finished=*/false);
  return rows > 0;
}

}  // namespace

std::unique_ptr<ScanSource> OpenNdjsonScan(const std::vector<std::string>& files, const JsonOptions& options) {
  return std::make_unique<NdjsonScanSource>(files, options);
}

}  // namespace tarn::format::json
