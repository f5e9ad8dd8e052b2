#include "ingest/stream/stream_record_parser.h"

#include <algorithm>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <simdjson.h>

#include "catalog/schema_evolution.h"
#include "common/error.h"
#include "format/json/json_record_parser.h"
#include "format/json/json_schema.h"
#include "format/json/ndjson_line_parser.h"

namespace tarn::ingest {
namespace {

namespace ondemand = simdjson::ondemand;
using format::json::JsonTarget;
using format::json::LineProblem;

constexpr size_t kPadding = std::max<size_t>(simdjson::SIMDJSON_PADDING, format::json::kJsonPadding);
constexpr uint8_t kPayloadVersion = 1;
constexpr int64_t kMicrosPerHour = int64_t{3600} * 1000 * 1000;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Copies 'text' into 'out' followed by kPadding bytes (reusing out's capacity).
void CopyPadded(std::string_view text, std::string& out) {
  out.resize(text.size() + kPadding);
  std::memcpy(out.data(), text.data(), text.size());
  std::memset(out.data() + text.size(), ' ', kPadding);
}

// Returns the reason [data, data + length) is not one complete JSON value, or "" when it is.
// (The rare path: a full DOM parse validates every value, also those On-Demand skipped.)
std::string JsonProblem(const char* data, size_t length) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element element;
  auto error = parser.parse(data, length, /*realloc_if_needed=*/true).get(element);
  if (!error) return "";
  return fmt::format("malformed JSON: {}", simdjson::error_message(error));
}

// Byte offset of the first byte that breaks UTF-8 in [data, data + length), or 'length'.
size_t FirstInvalidUtf8(const char* data, size_t length) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  while (i < length) {
    unsigned char c = bytes[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    uint32_t code;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      code = c & 0x07;
    } else {
      return i;
    }
    if (i + extra >= length) return i;
    for (size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    if (extra == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) return i;
    if (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) return i;
    i += extra + 1;
  }
  return length;
}

Error BodyError(std::string_view what, size_t offset) {
  return Error(ErrorCode::kInvalidArgument, fmt::format("{} at byte {} of the request body", what, offset));
}

size_t LocationOf(ondemand::document& document, const char* start, size_t length) {
  const char* location = nullptr;
  if (document.current_location().get(location) || location < start || location > start + length) {
    return length;
  }
  return static_cast<size_t>(location - start);
}

void PutLe32(std::string& out, uint32_t value) { out.append(reinterpret_cast<const char*>(&value), 4); }
void PutLe64(std::string& out, uint64_t value) { out.append(reinterpret_cast<const char*>(&value), 8); }

}  // namespace

// --- StreamBodySplitter

StreamBodySplitter::StreamBodySplitter()
    : observer_(std::make_unique<format::json::NdjsonLineParser>(std::vector<std::string>{})) {}
StreamBodySplitter::~StreamBodySplitter() = default;

void StreamBodySplitter::Split(std::string_view body, uint64_t max_records, std::vector<RecordSlice>& records,
                               PutResult& result) {
  records.clear();
  result.records.clear();
  result.records.reserve(std::min<uint64_t>(max_records, 4096));
  size_t first = 0;
  while (first < body.size() && IsJsonSpace(body[first])) ++first;
  if (first == body.size()) throw Error(ErrorCode::kInvalidArgument, "the request body holds no records");
  CopyPadded(body, padded_);
  const char* data = padded_.data();
  auto add_failure = [&](std::string_view code, std::string message) {
    result.records.push_back({0, std::string(code), std::move(message)});
    ++result.failed_count;
  };
  auto check_count = [&] {
    if (result.records.size() >= max_records) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("the request holds more than max_records_per_put = {} records", max_records));
    }
  };

  if (body[first] != '[') {  // NDJSON: one record per non-blank line
    size_t start = 0;
    while (start < body.size()) {
      const void* newline = std::memchr(data + start, '\n', body.size() - start);
      size_t end = newline != nullptr ? static_cast<size_t>(static_cast<const char*>(newline) - data) : body.size();
      size_t length = end - start;
      if (!format::json::IsBlankLine(data + start, length)) {
        check_count();
        auto index = static_cast<uint32_t>(result.records.size());
        size_t lead = 0;
        while (IsJsonSpace(data[start + lead])) ++lead;
        if (data[start + lead] == '{') {
          records.push_back({data + start, static_cast<uint32_t>(length), index});
          result.records.emplace_back();
        } else {
          std::string problem = JsonProblem(data + start, length);
          if (problem.empty()) {
            add_failure(kNotAnObject, fmt::format("record {} is not a JSON object", index));
          } else {
            add_failure(kInvalidJson, fmt::format("record {}: {}", index, problem));
          }
        }
      }
      start = end + 1;
    }
    return;
  }

  // A JSON array of objects.
  thread_local ondemand::parser parser;
  ondemand::document document;
  auto error = parser.iterate(data, body.size(), padded_.size()).get(document);
  ondemand::array array;
  if (!error) error = document.get_array().get(array);
  if (error == simdjson::UTF8_ERROR) {
    throw BodyError("the request body is not valid UTF-8", FirstInvalidUtf8(data, body.size()));
  }
  if (error) {  // found while indexing the whole body: no position
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("malformed JSON array in the request body: {}", simdjson::error_message(error)));
  }
  for (auto element : array) {
    ondemand::value value;
    ondemand::json_type type;
    error = element.get(value);
    if (!error) error = value.type().get(type);
    if (error) {
      throw BodyError(fmt::format("malformed JSON array: {}", simdjson::error_message(error)),
                      LocationOf(document, data, body.size()));
    }
    check_count();
    auto index = static_cast<uint32_t>(result.records.size());
    if (type != ondemand::json_type::object) {
      add_failure(kNotAnObject, fmt::format("record {} is not a JSON object", index));
      continue;
    }
    ondemand::object object;
    std::string_view raw;
    error = value.get_object().get(object);
    if (!error) error = object.raw_json().get(raw);
    if (error) {
      throw BodyError(fmt::format("malformed JSON array: {}", simdjson::error_message(error)),
                      LocationOf(document, data, body.size()));
    }
    raw = TrimRight(raw);
    records.push_back({raw.data(), static_cast<uint32_t>(raw.size()), index});
    result.records.emplace_back();
  }
  const char* location = nullptr;
  if (!document.current_location().get(location) && location >= data && location < data + body.size()) {
    throw BodyError("unexpected text after the JSON array", static_cast<size_t>(location - data));
  }
}

std::vector<catalog::ColumnDef> StreamBodySplitter::Infer(const std::vector<RecordSlice>& records,
                                                          bool skip_partition_names) {
  format::json::JsonSchemaBuilder builder;
  LineProblem problem;
  for (const auto& record : records) observer_->ObserveRow(record.data, record.length, builder, problem);
  std::vector<catalog::ColumnDef> columns;
  std::set<std::string> seen;
  for (const auto& column : builder.Columns()) {
    std::string lower = catalog::LowerName(column.name);
    if (lower.empty() || !seen.insert(lower).second) continue;
    if (skip_partition_names && (lower == "dt" || lower == "hr")) continue;
    catalog::ColumnDef def;
    def.name = column.name;
    TypeId id = column.type.id();
    def.type = !column.json_text && (id == TypeId::kBigint || id == TypeId::kDouble || id == TypeId::kBoolean)
                   ? column.type
                   : LogicalType(TypeId::kVarchar);
    columns.push_back(std::move(def));
  }
  return columns;
}

// --- StreamRecordParser

StreamRecordParser::StreamRecordParser(std::shared_ptr<const StreamSchema> schema) : schema_(std::move(schema)) {
  std::vector<std::string> names;
  for (const auto& column : schema_->record_columns) names.push_back(column.name);
  parser_ = std::make_unique<format::json::JsonRecordParser>(names);
  targets_.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const LogicalType& type = schema_->record_columns[i].type;
    targets_[i].type = type.id();
    targets_[i].width = type.width();
    targets_[i].scale = type.scale();
    targets_[i].name = schema_->record_columns[i].name;
    field_targets_.push_back(&targets_[i]);
    if (!schema_->record_columns[i].nullable) not_null_columns_.push_back(i);
  }
}

StreamRecordParser::~StreamRecordParser() = default;

void StreamRecordParser::BindTargets(exec::DataChunk& chunk) {
  for (size_t i = 0; i < targets_.size(); ++i) {
    targets_[i].vector = &chunk.column(i);
    targets_[i].data = chunk.column(i).raw_data();
  }
}

void StreamRecordParser::FinishChunk(exec::DataChunk& chunk, size_t rows, int64_t arrival_unix_micros) {
  if (schema_->arrival_partitions) {
    size_t dt = schema_->record_columns.size();
    int64_t days = arrival_unix_micros / kMicrosPerDay;
    int64_t rest = arrival_unix_micros % kMicrosPerDay;
    if (rest < 0) {
      rest += kMicrosPerDay;
      --days;
    }
    auto day = static_cast<int32_t>(days);
    auto hour = static_cast<int32_t>(rest / kMicrosPerHour);
    std::fill_n(chunk.column(dt).data<int32_t>(), rows, day);
    std::fill_n(chunk.column(dt + 1).data<int32_t>(), rows, hour);
  }
  chunk.SetPhysicalSize(rows);
}

bool StreamRecordParser::ConvertRecord(const RecordSlice& record, exec::DataChunk& chunk, size_t row,
                                       std::string& code, std::string& message) {
  LineProblem problem;
  switch (parser_->ParseRow(record.data, record.length, field_targets_.data(), row, problem)) {
    case format::json::RecordOutcome::kRow:
      for (size_t column : not_null_columns_) {
        if (!chunk.column(column).validity().IsValid(row)) {
          code = kSchemaMismatch;
          message = fmt::format("missing value for NOT NULL column '{}'", schema_->record_columns[column].name);
          return false;
        }
      }
      return true;
    case format::json::RecordOutcome::kMismatch:
      code = kSchemaMismatch;
      message = std::move(problem.reason);
      return false;
    case format::json::RecordOutcome::kInvalidJson:
      code = kInvalidJson;
      message = fmt::format("malformed JSON: {} at byte {}", problem.reason, problem.column);
      return false;
    case format::json::RecordOutcome::kNotAnObject:
      code = kInvalidJson;
      message = "not a JSON object";
      return false;
  }
  return false;
}

void StreamRecordParser::Convert(const std::vector<RecordSlice>& records, ChunkPool& pool, StreamBatch& batch,
                                 PutResult* result) {
  stored_.assign(records.size(), 0);
  std::unique_ptr<exec::DataChunk> chunk;
  size_t row = 0;
  std::string code, message;
  for (size_t i = 0; i < records.size(); ++i) {
    const RecordSlice& record = records[i];
    if (!chunk) {
      chunk = pool.Acquire();
      BindTargets(*chunk);
      row = 0;
    }
    if (ConvertRecord(record, *chunk, row, code, message)) {
      stored_[i] = 1;
      batch.bytes += record.length;
      if (++row == exec::kVectorSize) {
        FinishChunk(*chunk, row, batch.arrival_unix_micros);
        batch.rows += row;
        batch.chunks.push_back(std::move(chunk));
      }
      continue;
    }
    if (code == kInvalidJson && result != nullptr) {
      result->records[record.index] = {0, std::string(kInvalidJson),
                                       fmt::format("record {}: {}", record.index, message)};
      ++result->failed_count;
      continue;
    }
    // SchemaMismatch (or, replaying, a record that no longer parses: kept, never dropped).
    stored_[i] = 1;
    batch.bytes += record.length;
    if (result != nullptr) {
      result->records[record.index].error_code = code;
      result->records[record.index].error_message = fmt::format("record {}: {}", record.index, message);
      ++result->error_table_count;
    }
    batch.errors.push_back({record.index, code, message, std::string(record.data, record.length)});
  }
  if (chunk) {
    if (row > 0) {
      FinishChunk(*chunk, row, batch.arrival_unix_micros);
      batch.rows += row;
      batch.chunks.push_back(std::move(chunk));
    } else {
      pool.Release(std::move(chunk));
    }
  }
}

std::string_view StreamRecordParser::EncodePayload(const std::vector<RecordSlice>& records,
                                                   const StreamBatch& batch) {
  payload_.clear();
  payload_.push_back(static_cast<char>(kPayloadVersion));
  PutLe64(payload_, static_cast<uint64_t>(batch.arrival_unix_micros));
  PutLe32(payload_, static_cast<uint32_t>(batch.principal.size()));
  payload_ += batch.principal;
  uint32_t count = 0;
  for (uint8_t stored : stored_) count += stored;
  PutLe32(payload_, count);
  for (size_t i = 0; i < records.size(); ++i) {
    if (!stored_[i]) continue;
    PutLe32(payload_, records[i].index);
    PutLe32(payload_, records[i].length);
    payload_.append(records[i].data, records[i].length);
  }
  return payload_;
}

void StreamRecordParser::DecodePayload(std::string_view payload, uint64_t sequence, StreamBatch& batch,
                                       std::vector<RecordSlice>& records) {
  records.clear();
  CopyPadded(payload, padded_);
  const char* data = padded_.data();
  size_t size = payload.size();
  size_t position = 0;
  auto corrupt = [&] {
    return Error(ErrorCode::kCorrupt, fmt::format("stream write-ahead log record {} does not decode", sequence));
  };
  auto read32 = [&] {
    if (position + 4 > size) throw corrupt();
    uint32_t value;
    std::memcpy(&value, data + position, 4);
    position += 4;
    return value;
  };
  if (size < 1 + 8 || static_cast<uint8_t>(data[0]) != kPayloadVersion) throw corrupt();
  uint64_t arrival;
  std::memcpy(&arrival, data + 1, 8);
  position = 9;
  batch.arrival_unix_micros = static_cast<int64_t>(arrival);
  uint32_t principal_length = read32();
  if (position + principal_length > size) throw corrupt();
  batch.principal.assign(data + position, principal_length);
  position += principal_length;
  uint32_t count = read32();
  records.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index = read32();
    uint32_t length = read32();
    if (position + length > size) throw corrupt();
    records.push_back({data + position, length, index});
    position += length;
  }
  if (position != size) throw corrupt();
}

}  // namespace tarn::ingest
