// The Put path of a stream: splits a request body (a JSON array of objects, or NDJSON) into
// records, converts each record into a row of the stream's table (format/json's JsonRecordParser
// checks and converts it in one pass), classifies the ones that do not fit, and encodes the stored
// records as the one WAL record of the Put. Replay decodes that WAL record and converts it again
// with the same code, so a replayed batch holds exactly the rows and error rows of the original.
//
// Outcome of a record:
//   accepted        a row of the table
//   SchemaMismatch  a JSON object whose value does not convert to its column's type, or that lacks
//                   a NOT NULL column: acknowledged, stored, delivered to the error table
//   InvalidJson     not JSON (malformed, invalid UTF-8, text after the value): failed, not stored
//   NotAnObject     JSON but not an object: failed, not stored
// Fields that are not columns are ignored; a missing field is NULL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/stream/stream_batch.h"
#include "ingest/stream/stream_manager.h"

namespace tarn::format::json {
class JsonRecordParser;
class NdjsonLineParser;
struct JsonTarget;
}  // namespace tarn::format::json

namespace tarn::ingest {

// One record of a body: [data, data + length), followed by readable padding.
struct RecordSlice {
  const char* data = nullptr;
  uint32_t length = 0;
  uint32_t index = 0;  // 0-based position in the request body
};

// Splits bodies and infers schemas; needs no schema. Not thread-safe (one per thread or pooled).
class StreamBodySplitter {
 public:
  StreamBodySplitter();
  ~StreamBodySplitter();

  // Copies 'body' into a padded buffer and returns its records in 'records'; 'result.records'
  // gets one entry per record, filled for records that fail here (NotAnObject, InvalidJson of a
  // non-object line). Blank NDJSON lines are not records. Throws Error(kInvalidArgument) for an
  // empty body, more than 'max_records' records (naming the limit), or an array body that is not
  // valid JSON (naming the byte offset).
  void Split(std::string_view body, uint64_t max_records, std::vector<RecordSlice>& records,
             PutResult& result);

  // The columns of a schema inferred from 'records' (keys in order of first appearance; numbers
  // BIGINT or DOUBLE, booleans BOOLEAN, anything else VARCHAR; arrival-partition names dt and hr
  // skipped when 'skip_partition_names'). Records that do not parse are ignored.
  std::vector<catalog::ColumnDef> Infer(const std::vector<RecordSlice>& records, bool skip_partition_names);

 private:
  std::string padded_;  // the body plus padding
  std::unique_ptr<format::json::NdjsonLineParser> observer_;
};

// Converts records of one stream. Not thread-safe (pooled per stream).
class StreamRecordParser {
 public:
  explicit StreamRecordParser(std::shared_ptr<const StreamSchema> schema);
  ~StreamRecordParser();

  // Converts 'records' into 'batch' (chunks from 'pool'; rows, errors and bytes counted; partition
  // columns from batch.arrival_unix_micros). With 'result' (a Put), InvalidJson records are marked
  // there and left out; without (replay), none are expected.
  void Convert(const std::vector<RecordSlice>& records, ChunkPool& pool, StreamBatch& batch,
               PutResult* result);

  // The WAL record of a Put: arrival time, principal and the records Convert stored (accepted and
  // SchemaMismatch, each with its index). Valid until the next call.
  std::string_view EncodePayload(const std::vector<RecordSlice>& records, const StreamBatch& batch);
  // Reverses EncodePayload: fills arrival time and principal of 'batch' and the records (pointing
  // into a padded copy owned by this parser, valid until the next call). Throws Error(kCorrupt)
  // naming 'sequence' for a payload that does not decode.
  void DecodePayload(std::string_view payload, uint64_t sequence, StreamBatch& batch,
                     std::vector<RecordSlice>& records);

 private:
  // Converts one record into row 'row' of 'chunk'; on failure returns false with the outcome
  // (kSchemaMismatch or kInvalidJson) in 'code' and the reason in 'message'.
  bool ConvertRecord(const RecordSlice& record, exec::DataChunk& chunk, size_t row,
                     std::string& code, std::string& message);
  void BindTargets(exec::DataChunk& chunk);
  void FinishChunk(exec::DataChunk& chunk, size_t rows, int64_t arrival_unix_micros);

  std::shared_ptr<const StreamSchema> schema_;
  std::unique_ptr<format::json::JsonRecordParser> parser_;
  std::vector<format::json::JsonTarget> targets_;
  std::vector<const format::json::JsonTarget*> field_targets_;
  std::vector<size_t> not_null_columns_;
  std::vector<uint8_t> stored_;  // per record of the last Convert: 1 = in the payload
  std::string payload_;
  std::string padded_;           // DecodePayload's copy
};

// The outcome names of RecordResult::error_code.
inline constexpr std::string_view kInvalidJson = "InvalidJson";
inline constexpr std::string_view kNotAnObject = "NotAnObject";
inline constexpr std::string_view kSchemaMismatch = "SchemaMismatch";

}  // namespace tarn::ingest
