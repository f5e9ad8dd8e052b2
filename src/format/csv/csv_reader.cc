#include "format/csv/csv_reader.h"

#include <emmintrin.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "common/date_time.h"
#include "common/error.h"
#include "common/memory.h"
#include "common/number_parse.h"
#include "format/byte_stream.h"
#include "format/csv/csv_separator_index.h"
#include "format/csv/csv_sniffer.h"
#include "format/text_morsel_reader.h"

namespace tarn::format::csv {
namespace {

// Readable bytes before the window's data (ParseDoublePadded); after it a '\n' sentinel and
// TextMorselState::kBackPadding - 1 readable bytes (SSE loads).
constexpr size_t kFrontPadding = TextMorselState::kFrontPadding;
static_assert(kFrontPadding >= kParseDoubleLookBehind);
static_assert(TextMorselState::kBackPadding >= 64);
constexpr size_t kSampleBytes = 8u << 20;       // bytes the sniffer looks at (sample_size=-1: 64 MiB)

enum class RowStatus : uint8_t { kRow, kEmptyLine, kNeedMore, kError };

enum class ProblemKind : uint8_t {
  kNone,
  kFieldCount,
  kUnterminatedQuote,
  kTextAfterQuote,
  kBadValue,
};

// The first problem of a row: what, in which field (0-based), at which buffer position.
struct RowProblem {
  ProblemKind kind = ProblemKind::kNone;
  size_t field = 0;
  size_t position = 0;
  size_t field_count = 0;
};

// Where converted values of one projected column go, refreshed per chunk.
struct OutputTarget {
  TypeId type = TypeId::kInvalid;
  uint8_t width = 0;
  uint8_t scale = 0;
  uint8_t* data = nullptr;
  exec::Vector* vector = nullptr;
};

class CsvLocalState : public TextMorselState {
 public:
  CsvLocalState() : TextMorselState('\n', '\0') {}

  std::string scratch;        // unescaped text of a quoted field
  std::vector<OutputTarget> targets;
  std::vector<const OutputTarget*> field_targets;  // per schema column: its target, or null if unused
  SeparatorIndex separators;
};

// Returns the first delimiter or '\n' at or after 'p'; the '\n' sentinel after the data bounds it.
inline const char* FindFieldEnd(const char* p, char delimiter) {
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  while (true) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, newlines)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
}

inline bool ParseBigintText(const char* text, size_t length, int64_t& out) {
  if (length == 0 || length > 18) return ParseInt64(std::string_view(text, length), out);
  bool negative = false;
  if (*text == '-' || *text == '+') {
    negative = *text == '-';
    ++text;
    if (--length == 0) return false;
  }
  uint64_t value = 0;
  for (size_t i = 0; i < length; ++i) {
    unsigned digit = static_cast<unsigned char>(text[i] - '0');
    if (digit > 9) return false;
    value = value * 10 + digit;
  }
  out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

// Converts one non-NULL value into row 'row' of 'target'. Returns false if it does not parse.
// kFrontPadding bytes before 'text' + 'length' are readable (buffer or scratch padding).
bool ConvertValue(const OutputTarget& target, size_t row, const char* text, size_t length) {
  switch (target.type) {
    case TypeId::kDouble:
      return ParseDoublePadded(text, text + length, reinterpret_cast<double*>(target.data)[row]);
    case TypeId::kBigint:
      return ParseBigintText(text, length, reinterpret_cast<int64_t*>(target.data)[row]);
    case TypeId::kInteger:
      return ParseInt32(std::string_view(text, length), reinterpret_cast<int32_t*>(target.data)[row]);
    case TypeId::kBoolean: {
      bool value;
      if (!ParseBoolean(std::string_view(text, length), value)) return false;
      target.data[row] = value ? 1 : 0;
      return true;
    }
    case TypeId::kDecimal:
      return ParseDecimal(std::string_view(text, length), target.width, target.scale,
                          reinterpret_cast<int64_t*>(target.data)[row]);
    case TypeId::kDate: {
      auto days = ParseDate(std::string_view(text, length));
      if (!days) return false;
      reinterpret_cast<int32_t*>(target.data)[row] = *days;
      return true;
    }
    case TypeId::kTimestamp: {
      auto micros = ParseTimestamp(std::string_view(text, length));
      if (!micros) return false;
      reinterpret_cast<int64_t*>(target.data)[row] = *micros;
      return true;
    }
    case TypeId::kVarchar: {
      std::string_view view(text, length);
      reinterpret_cast<StringRef*>(target.data)[row] =
          length <= StringRef::kInlineLength ? StringRef(view) : target.vector->AddString(view);
      return true;
    }
    default: return false;
  }
}

// Converts a field into 'target' (NULL for empty unquoted fields); retries without surrounding
// spaces for non-text types. Returns false if the value does not parse.
inline bool StoreField(const OutputTarget& target, size_t row, const char* text, size_t length, bool quoted) {
  if (length == 0 && (!quoted || target.type != TypeId::kVarchar)) {
    target.vector->validity().SetInvalid(row);
    return true;
  }
  target.vector->validity().SetValid(row);
  if (ConvertValue(target, row, text, length)) return true;
  if (target.type == TypeId::kVarchar) return false;
  while (length > 0 && (*text == ' ' || *text == '\t')) ++text, --length;
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t')) --length;
  if (length == 0) {
    target.vector->validity().SetInvalid(row);
    return true;
  }
  return ConvertValue(target, row, text, length);
}

// ConvertValue for the fast row path: the common types inline, and no trimming or NULL handling.
inline bool ConvertPlainValue(const OutputTarget& target, size_t row, const char* text, const char* end) {
  bool converted;
  switch (target.type) {
    case TypeId::kDouble:
      converted = ParseDoublePadded(text, end, reinterpret_cast<double*>(target.data)[row]);
      break;
    case TypeId::kBigint:
      converted = ParseBigintText(text, static_cast<size_t>(end - text), reinterpret_cast<int64_t*>(target.data)[row]);
      break;
    default: converted = ConvertValue(target, row, text, static_cast<size_t>(end - text)); break;
  }
  target.vector->validity().SetValid(row);
  return converted;
}

class CsvScanSource final : public ScanSource {
 public:
  CsvScanSource(const std::vector<std::string>& paths, const CsvOptions& options)
      : options_(options), input_(paths) {
    for (const TextFile& file : input_.files()) {
      if (file.compression == Compression::kNone) {
        plain_bytes_ += file.size;
      } else {
        compressed_bytes_ += file.size;
      }
    }
    Sniff();
    input_.Plan(options_.morsel_size, options_.parallel && !quoted_newlines_);
    projection_.resize(schema_.size());
    for (size_t i = 0; i < schema_.size(); ++i) projection_[i] = i;
    UpdateProjectionMap();
  }

  const std::vector<ColumnSchema>& schema() const override { return schema_; }

  void SetProjection(std::vector<size_t> columns) override {
    for (size_t column : columns) {
      TARN_CHECK(column < schema_.size());
    }
    projection_ = std::move(columns);
    UpdateProjectionMap();
  }

  std::unique_ptr<LocalState> CreateLocalState() const override {
    return std::make_unique<CsvLocalState>();
  }

  bool NextMorsel(LocalState& base, int64_t& morsel_index) const override {
    auto& state = static_cast<CsvLocalState&>(base);
    if (!input_.Next(state, morsel_index)) return false;
    state.separators.Reset();
    if (state.morsel->begin == 0 && dialect_.header) SkipHeader(state);
    return true;
  }

  bool ReadChunk(LocalState& base, exec::DataChunk& chunk) const override;

  std::optional<uint64_t> EstimatedRows() const override {
    if (input_.files().size() == 1 && sample_was_whole_file_) return static_cast<uint64_t>(sampled_rows_);
    if (bytes_per_row_ <= 0) return std::nullopt;
    double bytes = static_cast<double>(plain_bytes_) + 4.0 * static_cast<double>(compressed_bytes_);
    return static_cast<uint64_t>(bytes / bytes_per_row_);
  }

  double Progress() const override { return input_.Progress(); }

  uint64_t RejectedRows() const override { return rejected_rows_.load(std::memory_order_relaxed); }
  void SetRejectHandler(RejectHandler handler) override { reject_handler_ = std::move(handler); }

  std::string Describe() const override {
    const std::vector<TextFile>& files = input_.files();
    std::string first = files.empty() ? std::string() : files[0].path;
    std::string delimiter = dialect_.delimiter == '\t' ? "\\t" : std::string(1, dialect_.delimiter);
    if (files.size() == 1) {
      return fmt::format("read_csv('{}', delim='{}', header={})", first, delimiter, dialect_.header);
    }
    return fmt::format("read_csv('{}', {} files, delim='{}', header={})", first, files.size(), delimiter,
                       dialect_.header);
  }

 private:
  void Sniff();
  void UpdateProjectionMap() {
    target_of_field_.assign(schema_.size(), -1);
    for (size_t i = 0; i < projection_.size(); ++i) {
      target_of_field_[projection_[i]] = static_cast<int32_t>(i);
    }
  }

  void SkipHeader(CsvLocalState& state) const;
  // Refills the window keeping the unfinished row at state.position.
  void Refill(CsvLocalState& state) const {
    state.Fill(state.position);
    state.separators.Reset();
  }
  RowStatus ParseRow(CsvLocalState& state, size_t row, bool skip_only, RowProblem& problem) const;
  bool ParseRowFast(CsvLocalState& state, size_t row) const;
  void VerifyBoundary(const CsvLocalState& state) const;
  [[noreturn]] void ThrowProblem(const CsvLocalState& state, const RowProblem& problem) const;
  std::string ProblemMessage(const RowProblem& problem) const;

  CsvOptions options_;
  TextMorsels input_;
  CsvDialect dialect_;
  std::vector<ColumnSchema> schema_;
  bool quoted_newlines_ = false;
  bool sample_was_whole_file_ = false;
  int64_t sampled_rows_ = 0;
  double bytes_per_row_ = 0;
  uint64_t plain_bytes_ = 0;
  uint64_t compressed_bytes_ = 0;
  std::vector<size_t> projection_;
  std::vector<int32_t> target_of_field_;  // per schema column: output column or -1

  mutable std::atomic<uint64_t> rejected_rows_{0};
  RejectHandler reject_handler_;
};

void CsvScanSource::Sniff() {
  std::string sample;
  bool at_end = true;
  for (const TextFile& file : input_.files()) {
    if (file.size == 0) continue;
    size_t limit = options_.sample_size < 0 ? 8 * kSampleBytes : kSampleBytes;
    auto stream = OpenByteStream(file.path, file.compression, 0);
    // Grow the sample as bytes arrive: small files must not pay for touching a large buffer.
    size_t got = 0;
    size_t capacity = file.compression == Compression::kNone
                          ? static_cast<size_t>(std::min<uint64_t>(file.size, limit)) + 1
                          : 64 * 1024;
    while (got <= limit) {
      if (got == sample.size()) sample.resize(std::min(std::max(capacity, 2 * sample.size()), limit + 1));
      size_t read = stream->Read(reinterpret_cast<uint8_t*>(sample.data()) + got, sample.size() - got);
      if (read == 0) break;
      got += read;
    }
    at_end = got <= limit;
    sample.resize(std::min(got, limit));
    break;
  }
  if (sample.empty()) {
    // Every file is empty: the declared columns, or one text column, and no rows.
    if (!options_.columns.empty()) {
      for (const auto& [name, type] : options_.columns) schema_.push_back({name, type});
    } else {
      schema_.push_back({"column0", TypeId::kVarchar});
    }
    dialect_.delimiter = options_.delimiter.value_or(',');
    dialect_.quote = options_.quote.value_or('"');
    dialect_.escape = options_.escape.value_or(dialect_.quote);
    dialect_.header = options_.header.value_or(false);
    sample_was_whole_file_ = true;
    return;
  }
  std::string_view text = sample;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvSniffResult result = SniffCsv(text, at_end, options_);
  dialect_ = result.dialect;
  schema_ = std::move(result.columns);
  quoted_newlines_ = result.quoted_newlines;
  sampled_rows_ = result.sampled_rows;
  bytes_per_row_ = result.bytes_per_row;
  sample_was_whole_file_ = at_end;
}

void CsvScanSource::SkipHeader(CsvLocalState& state) const {
  RowProblem problem;
  while (state.position < state.size || !state.eof) {
    if (state.position >= state.size) {
      Refill(state);
      continue;
    }
    RowStatus status = ParseRow(state, 0, /*skip_only=*/true, problem);
    if (status == RowStatus::kNeedMore) {
      Refill(state);
      continue;
    }
    if (status == RowStatus::kError) ThrowProblem(state, problem);
    break;
  }
}

RowStatus CsvScanSource::ParseRow(CsvLocalState& state, size_t row, bool skip_only,
                                  RowProblem& problem) const {
  const char* const data = state.data();
  const char* const limit = data + state.size;
  const char* p = data + state.position;
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char escape = dialect_.escape;
  const size_t column_count = schema_.size();
  const int32_t* target_of_field = target_of_field_.data();
  const OutputTarget* targets = state.targets.data();
  SeparatorIndex& separators = state.separators;
  problem.kind = ProblemKind::kNone;
  size_t field = 0;
  bool empty_line = false;
  while (true) {
    const char* field_start = p;
    const char* text;
    size_t length;
    bool quoted = false;
    if (*p == quote && quote != '\0' && p < limit) {
      quoted = true;
      const char* cursor = p + 1;
      bool has_escapes = false;
      const char* close = nullptr;
      while (true) {
        const char* hit = cursor;
        if (escape == quote) {
          hit = static_cast<const char*>(std::memchr(cursor, quote, limit - cursor));
        } else {
          while (hit < limit && *hit != quote && *hit != escape) ++hit;
          if (hit == limit) hit = nullptr;
        }
        if (hit == nullptr) {
          if (!state.eof) return RowStatus::kNeedMore;
          if (problem.kind == ProblemKind::kNone) {
            problem = {ProblemKind::kUnterminatedQuote, field, static_cast<size_t>(field_start - data)};
          }
          state.position = state.size;
          return RowStatus::kError;
        }
        if (*hit == escape && escape != quote) {
          if (hit + 1 >= limit) {
            if (!state.eof) return RowStatus::kNeedMore;
            cursor = limit;
            continue;
          }
          has_escapes = true;
          cursor = hit + 2;
          continue;
        }
        // *hit == quote: a doubled quote (when escape == quote) or the closing quote.
        if (escape == quote && hit + 1 >= limit && !state.eof) return RowStatus::kNeedMore;
        if (escape == quote && hit + 1 < limit && hit[1] == quote) {
          has_escapes = true;
          cursor = hit + 2;
          continue;
        }
        close = hit;
        break;
      }
      text = field_start + 1;
      length = static_cast<size_t>(close - text);
      p = close + 1;
      if (*p == '\r' && p + 1 < limit && p[1] == '\n') ++p;
      if (p >= limit && !state.eof) return RowStatus::kNeedMore;
      if (p < limit && *p != delimiter && *p != '\n') {
        if (*p == '\r' && p + 1 >= limit && !state.eof) return RowStatus::kNeedMore;
        if (problem.kind == ProblemKind::kNone) {
          problem = {ProblemKind::kTextAfterQuote, field, static_cast<size_t>(p - data)};
        }
        p = FindFieldEnd(p, delimiter);
        if (p >= limit && !state.eof) return RowStatus::kNeedMore;
      }
      if (has_escapes && !skip_only && field < column_count && target_of_field[field] >= 0) {
        state.scratch.assign(kFrontPadding, '\0');  // readable bytes before the text, as in the window
        for (const char* c = text; c < text + length; ++c) {
          if (*c == escape && c + 1 < text + length) ++c;
          state.scratch.push_back(*c);
        }
        text = state.scratch.data() + kFrontPadding;
        length = state.scratch.size() - kFrontPadding;
      }
    } else {
      p = separators.Next(p, delimiter);
      if (p >= limit && !state.eof) return RowStatus::kNeedMore;
      text = field_start;
      const char* end = p;
      if (end > field_start && end[-1] == '\r' && (p >= limit || *p == '\n')) --end;
      length = static_cast<size_t>(end - field_start);
      if (field == 0 && length == 0 && (p >= limit || *p == '\n')) empty_line = true;
    }
    if (!skip_only && field < column_count) {
      int32_t target = target_of_field[field];
      if (target >= 0 && !StoreField(targets[target], row, text, length, quoted) &&
          problem.kind == ProblemKind::kNone) {
        problem = {ProblemKind::kBadValue, field, static_cast<size_t>(field_start - data)};
      }
    }
    ++field;
    if (p < limit && *p == delimiter) {
      ++p;
      continue;
    }
    p = p < limit ? p + 1 : limit;  // past the '\n' (or at the end of the data)
    break;
  }
  size_t row_start = state.position;
  state.position = static_cast<size_t>(p - data);
  if (skip_only) return RowStatus::kRow;
  if (empty_line && field == 1 && column_count > 1) return RowStatus::kEmptyLine;
  if (field != column_count && problem.kind == ProblemKind::kNone) {
    problem = {ProblemKind::kFieldCount, std::min(field, column_count), row_start, field};
  }
  return problem.kind == ProblemKind::kNone ? RowStatus::kRow : RowStatus::kError;
}

// The common row, with no quote at a field start, exactly the schema's field count, all of it in the
// window and every used value converting as it stands: parsed into row 'row' without the general
// path's per-field bookkeeping. Returns false for anything else, leaving the position unchanged
// (cells of 'row' may have been written); ParseRow then redoes the row and reports its problems.
inline bool CsvScanSource::ParseRowFast(CsvLocalState& state, size_t row) const {
  const char* const data = state.data();
  const char* const limit = data + state.size;
  const char* p = data + state.position;
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;  // quote == '\0' (quoting off): a field starting with NUL bails
  const OutputTarget* const* field_targets = state.field_targets.data();
  const size_t last = schema_.size() - 1;
  SeparatorIndex& separators = state.separators;
  for (size_t field = 0; field < last; ++field) {
    if (*p == quote) return false;
    const char* end = separators.Next(p, delimiter);
    if (*end != delimiter || end >= limit) return false;
    const OutputTarget* target = field_targets[field];
    if (target != nullptr) {
      if (end == p) {
        target->vector->validity().SetInvalid(row);
      } else if (!ConvertPlainValue(*target, row, p, end)) {
        return false;
      }
    }
    p = end + 1;
  }
  if (*p == quote) return false;
  const char* end = separators.Next(p, delimiter);
  if (*end != '\n' || end >= limit) return false;
  const char* text_end = end - (end > p && end[-1] == '\r');
  const OutputTarget* target = field_targets[last];
  if (target != nullptr) {
    if (text_end == p) {
      target->vector->validity().SetInvalid(row);
    } else if (!ConvertPlainValue(*target, row, p, text_end)) {
      return false;
    }
  }
  state.position = static_cast<size_t>(end + 1 - data);
  return true;
}

void CsvScanSource::VerifyBoundary(const CsvLocalState& state) const {
  const TextMorsel& morsel = *state.morsel;
  const TextFile& file = input_.files()[morsel.file];
  if (morsel.end == TextMorsel::kWholeStream || morsel.end >= file.size) return;
  uint64_t from = morsel.end - 1;
  if (from < state.buffer_offset) return;
  uint64_t row_offset = state.buffer_offset + state.position;
  const char* begin = state.data() + (from - state.buffer_offset);
  const char* end = state.data() + state.position;
  const void* hit = begin < end ? std::memchr(begin, '\n', end - begin) : nullptr;
  uint64_t guessed = hit == nullptr ? row_offset
                                    : state.buffer_offset + (static_cast<const char*>(hit) - state.data()) + 1;
  if (guessed != row_offset) {
    throw Error(ErrorCode::kInvalidInput,
                "a quoted field containing a line break crosses a parallel read boundary (the sniffed "
                "sample had none); read this file with parallel=false")
        .At({file.path, LineNumberAt(file.path, file.compression, guessed), 0});
  }
}

void CsvScanSource::ThrowProblem(const CsvLocalState& state, const RowProblem& problem) const {
  const TextFile& file = input_.files()[state.morsel->file];
  uint64_t offset = state.buffer_offset + problem.position;
  int64_t line = LineNumberAt(file.path, file.compression, offset);
  int64_t column = static_cast<int64_t>(problem.field) + 1;
  throw Error(ErrorCode::kInvalidInput, ProblemMessage(problem)).At({file.path, line, column});
}

std::string CsvScanSource::ProblemMessage(const RowProblem& problem) const {
  std::string message;
  switch (problem.kind) {
    case ProblemKind::kFieldCount:
      message = fmt::format("expected {} fields but found {}", schema_.size(), problem.field_count);
      break;
    case ProblemKind::kUnterminatedQuote: message = "unterminated quoted field"; break;
    case ProblemKind::kTextAfterQuote: message = "unexpected character after closing quote"; break;
    case ProblemKind::kBadValue: {
      const ColumnSchema& schema = schema_[problem.field];
      bool declared = std::any_of(options_.columns.begin(), options_.columns.end(),
                                  [&](const auto& column) { return column.first == schema.name; });
      message = fmt::format("value of column '{}' is not a valid {}", schema.name, schema.type.ToString());
      if (!declared) {
        message += fmt::format(
            " (the type was sniffed from the first rows; declare it with columns={{'{}': 'VARCHAR', ...}}, "
            "or use all_varchar=true or ignore_errors=true)",
            schema.name);
      }
      break;
    }
    case ProblemKind::kNone: TARN_CHECK(false);
  }
  return message;
}

bool CsvScanSource::ReadChunk(LocalState& base, exec::DataChunk& chunk) const {
  auto& state = static_cast<CsvLocalState&>(base);
  chunk.Reset();
  if (!state.active) return false;
  TARN_CHECK(chunk.column_count() == projection_.size());
  state.targets.resize(projection_.size());
  for (size_t i = 0; i < projection_.size(); ++i) {
    exec::Vector& vector = chunk.column(i);
    const LogicalType& type = vector.type();
    state.targets[i] = {type.id(), type.width(), type.scale(), vector.raw_data(), &vector};
  }
  state.field_targets.assign(schema_.size(), nullptr);
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (target_of_field_[i] >= 0) state.field_targets[i] = &state.targets[target_of_field_[i]];
  }
  const TextMorsel& morsel = *state.morsel;
  size_t rows = 0;
  RowProblem problem;
  while (rows < exec::kVectorSize) {
    if (state.buffer_offset + state.position >= morsel.end) {
      VerifyBoundary(state);
      state.active = false;
      break;
    }
    if (state.position >= state.size) {
      if (state.eof) {
        state.active = false;
        break;
      }
      Refill(state);
      continue;
    }
    if (ParseRowFast(state, rows)) {
      ++rows;
      continue;
    }
    size_t row_start = state.position;
    RowStatus status = ParseRow(state, rows, /*skip_only=*/false, problem);
    switch (status) {
      case RowStatus::kRow:
        ++rows;
        break;
      case RowStatus::kEmptyLine: break;
      case RowStatus::kNeedMore: Refill(state); break;
      case RowStatus::kError:
        if (!options_.ignore_errors) ThrowProblem(state, problem);
        rejected_rows_.fetch_add(1, std::memory_order_relaxed);
        if (reject_handler_) {
          std::string_view text(state.data() + row_start, state.position - row_start);
          while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
          reject_handler_({input_.files()[morsel.file].path, state.buffer_offset + row_start,
                           ProblemMessage(problem), std::string(text)});
        }
        // Cells of the rejected row may have been marked NULL; the next row overwrites them.
        break;
    }
  }
  chunk.SetPhysicalSize(rows);
  chunk.set_morsel_index(state.morsel_index);
  input_.ReportProgress(state, /*finished=*/false);
  return rows > 0;
}

}  // namespace

std::unique_ptr<ScanSource> OpenCsvScan(const std::vector<std::string>& files, const CsvOptions& options) {
  return std::make_unique<CsvScanSource>(files, options);
}

}  // namespace tarn::format::csv
