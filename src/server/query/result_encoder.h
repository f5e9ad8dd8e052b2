// Turns a query result into the response body of POST /v1/query, one batch at a time so large
// results go out chunked: JSON ({"query_id", "columns", "rows", "elapsed_ms", "bytes_scanned"}),
// CSV (RFC 4180 with a header line) or NDJSON (one object per row).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sql/session/session.h"

namespace tarn::server {

enum class ResultFormat : uint8_t { kJson, kCsv, kNdjson };

// Picks the format from an Accept header: text/csv, application/x-ndjson (or application/ndjson),
// else JSON. Returns nullopt-like kJson for "*/*", "" and application/json.
ResultFormat ResultFormatFromAccept(std::string_view accept);
std::string_view ResultFormatContentType(ResultFormat format);

// Not thread-safe; owns the result it encodes.
class ResultEncoder {
 public:
  ResultEncoder(std::shared_ptr<const sql::QueryResult> result, ResultFormat format,
                std::string query_id);

  // Appends the next piece of the body to 'out' (the opening, then one batch per call, then the
  // closing); returns false when the body is complete and nothing was appended.
  bool Next(std::string& out);

 private:
  void AppendOpening(std::string& out);
  void AppendBatch(const exec::DataChunk& chunk, std::string& out);
  void AppendClosing(std::string& out);

  std::shared_ptr<const sql::QueryResult> result_;
  ResultFormat format_;
  std::string query_id_;
  std::vector<std::string> json_keys_;  // NDJSON: each column name as a quoted key with ':'
  size_t next_chunk_ = 0;
  bool opened_ = false;
  bool closed_ = false;
  bool any_row_ = false;
};

}  // namespace tarn::server
