// The HTTP face of ingest::StreamManager (durable Firehose-style streams): POST /v1/streams
// creates one, GET /v1/streams lists them, GET /v1/streams/{name} shows its status,
// POST /v1/streams/{name}/records puts a batch (JSON array or NDJSON; per-record results like
// PutRecordBatch) and POST /v1/streams/{name}/flush delivers now. Also the stream metrics of
// GET /metrics (StreamManager::totals()).
//
// Authorization (sql::AccessControl of the principal): creating needs CREATE on the stream's
// database, putting and flushing need INSERT on its table, and a stream whose table the principal
// cannot see does not exist for it (404, absent from the list). Docs: docs/streams.md.
#include <cctype>
#include <cmath>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "catalog/schema_evolution.h"
#include "common/date_time.h"
#include "common/error.h"
#include "ingest/stream/stream_manager.h"
#include "server/http/routes/route_list.h"
#include "server/json/json_value.h"
#include "server/json/json_writer.h"
#include "sql/binder/access_control.h"

namespace tarn::server {

namespace {

using ingest::StreamManager;

// The body limit of POST /v1/streams/{name}/records (StreamManagerOptions::max_bytes_per_put).
constexpr uint64_t kMaxRecordsBody = 4ull << 20;

HttpError BadRequest(std::string message) {
  return HttpError{400, "invalid_request", std::move(message)};
}

StreamManager& Streams(RouteContext& context) {
  if (context.services == nullptr || context.services->streams == nullptr) {
    throw HttpError{404, "not_configured", "streams need a data directory"};
  }
  return *context.services->streams;
}

// The principal's AccessControl, or null when everything is allowed (no authorization hook).
std::shared_ptr<sql::AccessControl> AccessFor(RouteContext& context, const Principal& principal) {
  if (context.services == nullptr || !context.services->access_for) return nullptr;
  return context.services->access_for(principal);
}

// Runs 'body', turning the manager's errors into precise HTTP errors: unknown stream 404,
// duplicate 409, backpressure 429/503 with Retry-After, bad definitions and bodies 400.
template <class Body>
auto Translate(const std::string& stream, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error& error) {
    switch (error.code()) {
      case ErrorCode::kNotFound:
        throw HttpError{404, "stream_not_found", "stream '" + stream + "' does not exist"};
      case ErrorCode::kConflict:
        throw HttpError{409, "stream_exists", error.message()};
      case ErrorCode::kOutOfMemory:
        if (error.message().find("write-ahead log") != std::string::npos) {
          throw HttpError{503, "wal_full", error.message(), -1, 1};
        }
        throw HttpError{429, "buffers_full", error.message(), -1, 1};
      case ErrorCode::kInvalidArgument:
      case ErrorCode::kInvalidInput:
        throw HttpError{400, "invalid_request", error.message()};
      default:
        throw;
    }
  }
}

std::string_view PartitioningName(ingest::StreamPartitioning partitioning) {
  switch (partitioning) {
    case ingest::StreamPartitioning::kNone:
      return "none";
    case ingest::StreamPartitioning::kArrivalTime:
      return "arrival_time";
    case ingest::StreamPartitioning::kField:
      return "field";
  }
  return "none";
}

// RFC 3339 UTC ("2026-12-01T23:45:41.123456Z"), or null for 0.
void WriteTime(JsonWriter& json, int64_t unix_micros) {
  if (unix_micros == 0) {
    json.Null();
    return;
  }
  std::string text = FormatTimestamp(unix_micros);
  size_t space = text.find(' ');
  if (space != std::string::npos) text[space] = 'T';
  json.String(text + "Z");
}

void WriteStatus(JsonWriter& json, const ingest::StreamStatus& status) {
  const ingest::StreamDefinition& definition = status.definition;
  json.BeginObject();
  json.Key("name").String(definition.name);
  json.Key("database").String(definition.database).Key("table").String(definition.table);
  json.Key("schema").BeginArray();
  for (const auto& column : definition.columns) {
    json.BeginObject().Key("name").String(column.name).Key("type").String(column.type.ToString());
    json.Key("nullable").Bool(column.nullable).EndObject();
  }
  json.EndArray();
  json.Key("buffer_bytes").Uint(definition.buffer_bytes);
  json.Key("buffer_seconds").Double(definition.buffer_seconds);
  json.Key("partitioning").String(PartitioningName(definition.partitioning));
  if (!definition.partition_field.empty()) {
    json.Key("partition_field").String(definition.partition_field);
  }
  json.Key("compression").String(definition.compression);
  json.Key("created_by").String(definition.created_by);
  json.Key("created_at");
  WriteTime(json, definition.created_unix_seconds * 1000000);
  json.Key("buffered_records").Uint(status.buffered_records);
  json.Key("buffered_bytes").Uint(status.buffered_bytes);
  json.Key("records_per_second").Double(status.records_per_second);
  json.Key("total_records").Uint(status.total_records);
  json.Key("total_bytes").Uint(status.total_bytes);
  json.Key("error_records").Uint(status.error_records);
  json.Key("deliveries").Uint(status.deliveries);
  json.Key("last_delivery");
  WriteTime(json, status.last_delivery_unix_micros);
  json.Key("last_delivery_snapshot");
  if (status.last_delivery_snapshot == 0) {
    json.Null();
  } else {
    json.Int(status.last_delivery_snapshot);
  }
  json.Key("last_error");
  if (status.last_error.empty()) {
    json.Null();
  } else {
    json.String(status.last_error);
  }
  json.Key("wal_bytes").Uint(status.wal_bytes);
  json.Key("delivered_sequence").Uint(status.delivered_sequence);
  json.EndObject();
}

const std::string& RequireString(const JsonValue& value, const std::string& field) {
  if (value.kind() != JsonValue::Kind::kString) {
    throw BadRequest("\"" + field + "\" must be a string, not " +
                     std::string(JsonKindName(value.kind())));
  }
  return value.string_value();
}

double RequirePositiveNumber(const JsonValue& value, const std::string& field) {
  double number = value.kind() == JsonValue::Kind::kInt ? static_cast<double>(value.int_value())
                  : value.kind() == JsonValue::Kind::kDouble ? value.double_value()
                                                             : -1;
  if (value.kind() != JsonValue::Kind::kInt && value.kind() != JsonValue::Kind::kDouble) {
    throw BadRequest("\"" + field + "\" must be a number, not " +
                     std::string(JsonKindName(value.kind())));
  }
  if (!(number > 0) || !std::isfinite(number)) {
    throw BadRequest("\"" + field + "\" must be greater than 0");
  }
  return number;
}

catalog::ColumnDef ParseColumn(const JsonValue& value, size_t index) {
  std::string where = "schema[" + std::to_string(index) + "]";
  if (value.kind() != JsonValue::Kind::kObject) {
    throw BadRequest("\"" + where + "\" must be an object {name, type, nullable?}");
  }
  catalog::ColumnDef column;
  bool has_name = false, has_type = false;
  for (const auto& [key, field] : value.members()) {
    if (key == "name") {
      column.name = RequireString(field, where + ".name");
      has_name = true;
    } else if (key == "type") {
      const std::string& type = RequireString(field, where + ".type");
      column.type = ParseLogicalType(type);
      if (column.type.id() == TypeId::kInvalid || column.type.id() == TypeId::kNull) {
        throw BadRequest("\"" + where + ".type\": unknown type \"" + type + "\"");
      }
      has_type = true;
    } else if (key == "nullable") {
      if (field.kind() != JsonValue::Kind::kBool) {
        throw BadRequest("\"" + where + ".nullable\" must be a boolean");
      }
      column.nullable = field.bool_value();
    } else {
      throw BadRequest("unknown field \"" + where + "." + key +
                       "\" (expected name, type, nullable)");
    }
  }
  if (!has_name || column.name.empty()) throw BadRequest("missing field \"" + where + ".name\"");
  if (!has_type) throw BadRequest("missing field \"" + where + ".type\"");
  return column;
}

ingest::StreamDefinition ParseDefinition(std::string_view body) {
  JsonValue root;
  try {
    root = ParseJsonStrict(body);
  } catch (const Error& error) {
    throw HttpError{400, "malformed_json", error.message()};
  }
  if (root.kind() != JsonValue::Kind::kObject) {
    throw BadRequest("request body must be a json object, not " +
                     std::string(JsonKindName(root.kind())));
  }
  ingest::StreamDefinition definition;
  bool has_name = false;
  for (const auto& [key, value] : root.members()) {
    if (key == "name") {
      definition.name = RequireString(value, key);
      has_name = true;
    } else if (key == "database") {
      definition.database = RequireString(value, key);
    } else if (key == "table") {
      definition.table = RequireString(value, key);
    } else if (key == "schema") {
      if (value.kind() != JsonValue::Kind::kArray) {
        throw BadRequest("\"schema\" must be an array of {name, type, nullable?}");
      }
      for (const auto& item : value.items()) {
        definition.columns.push_back(ParseColumn(item, definition.columns.size()));
      }
    } else if (key == "buffer_bytes") {
      if (value.kind() != JsonValue::Kind::kInt || value.int_value() <= 0) {
        throw BadRequest("\"buffer_bytes\" must be a positive integer");
      }
      definition.buffer_bytes = static_cast<uint64_t>(value.int_value());
    } else if (key == "buffer_seconds") {
      definition.buffer_seconds = RequirePositiveNumber(value, key);
    } else if (key == "partitioning") {
      const std::string& name = RequireString(value, key);
      if (name == "arrival_time") {
        definition.partitioning = ingest::StreamPartitioning::kArrivalTime;
      } else if (name == "field") {
        definition.partitioning = ingest::StreamPartitioning::kField;
      } else if (name == "none") {
        definition.partitioning = ingest::StreamPartitioning::kNone;
      } else {
        throw BadRequest(
            "\"partitioning\" must be \"arrival_time\", \"field\" or \"none\", not \"" + name +
            "\"");
      }
    } else if (key == "partition_field") {
      definition.partition_field = RequireString(value, key);
    } else if (key == "compression") {
      definition.compression = RequireString(value, key);
      const std::string& name = definition.compression;
      if (name != "zstd" && name != "snappy" && name != "gzip" && name != "none") {
        throw BadRequest(
            "\"compression\" must be \"zstd\", \"snappy\", \"gzip\" or \"none\", not \"" + name +
            "\"");
      }
    } else {
      throw BadRequest("unknown field \"" + key +
                       "\" (expected name, database, table, schema, buffer_bytes, buffer_seconds, "
                       "partitioning, partition_field, compression)");
    }
  }
  if (!has_name) throw BadRequest("missing field \"name\"");
  if (definition.partitioning == ingest::StreamPartitioning::kField &&
      definition.partition_field.empty()) {
    throw BadRequest("\"partitioning\": \"field\" needs \"partition_field\"");
  }
  if (definition.partitioning != ingest::StreamPartitioning::kField &&
      !definition.partition_field.empty()) {
    throw BadRequest("\"partition_field\" needs \"partitioning\": \"field\"");
  }
  return definition;
}

// Stream name -> (database, table), cached: definitions never change once created, and the put
// path should not take the manager's status snapshot per request.
class StreamTables {
 public:
  std::pair<std::string, std::string> Find(StreamManager& streams, const std::string& name) {
    {
      std::lock_guard lock(mutex_);
      auto found = tables_.find(name);
      if (found != tables_.end()) return found->second;
    }
    ingest::StreamStatus status = Translate(name, [&] { return streams.Status(name); });
    std::pair<std::string, std::string> table{status.definition.database, status.definition.table};
    std::lock_guard lock(mutex_);
    tables_.emplace(name, table);
    return table;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> tables_;
};

// Checks that the principal may use stream 'name' with 'privilege' on its table: 404 (as if the
// stream did not exist) when it cannot see the table, 403 when it can but lacks the privilege.
void Authorize(RouteContext& context, StreamTables& tables, const HttpRequest& http,
               const std::string& name, sql::Privilege privilege) {
  std::shared_ptr<sql::AccessControl> access = AccessFor(context, http.principal);
  if (access == nullptr) return;
  auto [database, table] = tables.Find(Streams(context), name);
  if (!access->CanSeeTable(database, table)) {
    throw HttpError{404, "stream_not_found", "stream '" + name + "' does not exist"};
  }
  access->CheckTable(privilege, database, table);
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.body += '\n';
  return response;
}

HttpResponse CreateStream(HttpRequest& http, RouteContext& context) {
  ingest::StreamDefinition definition = ParseDefinition(http.body);
  StreamManager& streams = Streams(context);
  std::string name = definition.name;
  std::shared_ptr<sql::AccessControl> access = AccessFor(context, http.principal);
  if (access != nullptr) {
    // The manager names the database as it will (lower case, "raw" when empty).
    std::string database =
        definition.database.empty() ? "raw" : catalog::LowerName(definition.database);
    access->CheckDatabase(sql::Privilege::kCreate, database);
  }
  ingest::StreamStatus status =
      Translate(name, [&] { return streams.Create(std::move(definition), http.principal.name); });
  if (access != nullptr) {
    // The creator owns the stream's tables, as CREATE TABLE makes it own a table.
    access->OnTableCreated(status.definition.database, status.definition.table);
    access->OnTableCreated(status.definition.database, status.definition.table + "__errors");
  }
  std::string body;
  JsonWriter json(body);
  WriteStatus(json, status);
  return JsonResponse(201, std::move(body));
}

HttpResponse ListStreams(HttpRequest& http, RouteContext& context) {
  StreamManager& streams = Streams(context);
  std::shared_ptr<sql::AccessControl> access = AccessFor(context, http.principal);
  std::string body;
  JsonWriter json(body);
  json.BeginObject().Key("streams").BeginArray();
  for (const auto& status : streams.List()) {
    if (access != nullptr &&
        !access->CanSeeTable(status.definition.database, status.definition.table)) {
      continue;
    }
    WriteStatus(json, status);
  }
  json.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

HttpResponse ShowStream(HttpRequest& http, RouteContext& context) {
  StreamManager& streams = Streams(context);
  const std::string& name = http.path_params.at("name");
  ingest::StreamStatus status = Translate(name, [&] { return streams.Status(name); });
  std::shared_ptr<sql::AccessControl> access = AccessFor(context, http.principal);
  if (access != nullptr &&
      !access->CanSeeTable(status.definition.database, status.definition.table)) {
    throw HttpError{404, "stream_not_found", "stream '" + name + "' does not exist"};
  }
  std::string body;
  JsonWriter json(body);
  WriteStatus(json, status);
  return JsonResponse(200, std::move(body));
}

// Returns the media type of the Content-Type header, lower case, without parameters.
std::string MediaType(std::string_view header) {
  std::string type(header.substr(0, header.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

HttpResponse PutRecords(HttpRequest& http, RouteContext& context, StreamTables& tables) {
  const std::string& name = http.path_params.at("name");
  std::string type = MediaType(http.Header("content-type"));
  if (!type.empty() && type != "application/json" && type != "application/x-ndjson") {
    throw HttpError{415, "unsupported_media_type",
                    "records must be sent as application/json (an array) or "
                    "application/x-ndjson, not " +
                        type};
  }
  if (type == "application/json") {
    size_t first = http.body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || http.body[first] != '[') {
      throw BadRequest(
          "an application/json body must be a json array of records (send one record per line "
          "as application/x-ndjson)");
    }
  }
  StreamManager& streams = Streams(context);
  Authorize(context, tables, http, name, sql::Privilege::kInsert);
  ingest::PutResult result =
      Translate(name, [&] { return streams.Put(name, http.body, http.principal.name); });
  // Written by hand: one answer per record, and every accepted record of a put shares the
  // sequence of the batch's WAL record (its digits are formatted once).
  HttpResponse response;
  std::string& out = response.body;
  out.reserve(96 + result.records.size() * 24);
  out += "{\"failed_record_count\":";
  out += std::to_string(result.failed_count);
  out += ",\"error_table_count\":";
  out += std::to_string(result.error_table_count);
  out += ",\"records\":[";
  uint64_t last_sequence = 0;
  std::string accepted;  // ',{"sequence":N}': the whole answer of an accepted record
  for (size_t i = 0; i < result.records.size(); ++i) {
    const ingest::RecordResult& record = result.records[i];
    if (record.sequence != 0 && record.sequence != last_sequence) {
      last_sequence = record.sequence;
      accepted = ",{\"sequence\":" + std::to_string(record.sequence) + "}";
    }
    if (record.sequence != 0 && record.error_code.empty()) {
      out.append(accepted, i == 0 ? 1 : 0);
      continue;
    }
    out += i == 0 ? "{" : ",{";
    if (record.sequence != 0) out.append(accepted, 2, accepted.size() - 3);  // "sequence":N
    if (!record.error_code.empty()) {
      out += record.sequence != 0 ? ",\"error_code\":" : "\"error_code\":";
      AppendJsonString(record.error_code, out);
      out += ",\"error_message\":";
      AppendJsonString(record.error_message, out);
    }
    out += '}';
  }
  out += "]}\n";
  response.rows = static_cast<int64_t>(result.records.size() - result.failed_count);
  return response;
}

HttpResponse FlushStream(HttpRequest& http, RouteContext& context, StreamTables& tables) {
  StreamManager& streams = Streams(context);
  const std::string& name = http.path_params.at("name");
  Authorize(context, tables, http, name, sql::Privilege::kInsert);
  int64_t snapshot = Translate(name, [&] { return streams.Flush(name); });
  std::string body;
  JsonWriter json(body);
  json.BeginObject().Key("name").String(name).Key("snapshot_id");
  if (snapshot == 0) {
    json.Null();
  } else {
    json.Int(snapshot);
  }
  json.EndObject();
  return JsonResponse(200, std::move(body));
}

// The stream metrics, read from StreamManager::totals() at each scrape.
void RegisterStreamMetrics(RouteContext& context) {
  using Totals = StreamManager::Totals;
  auto read = [&context](uint64_t Totals::*field) {
    return [&context, field] {
      if (context.services == nullptr || context.services->streams == nullptr) return 0.0;
      return static_cast<double>(context.services->streams->totals().*field);
    };
  };
  MetricsRegistry& registry = context.metrics.registry;
  registry.AddReadCounter("tarn_stream_records_total", "Stream records accepted (durable).",
                          read(&Totals::records));
  registry.AddReadCounter("tarn_stream_bytes_total", "Stream record bytes accepted.",
                          read(&Totals::bytes));
  registry.AddReadCounter("tarn_stream_error_records_total", "Stream records sent to error tables.",
                          read(&Totals::error_records));
  registry.AddReadCounter("tarn_stream_deliveries_total", "Stream deliveries committed.",
                          read(&Totals::deliveries));
  registry.AddReadCounter("tarn_stream_delivery_failures_total", "Stream deliveries that failed.",
                          read(&Totals::delivery_failures));
  registry.AddGauge("tarn_stream_buffered_bytes", "Stream bytes buffered, not yet delivered.",
                    read(&Totals::buffered_bytes));
  registry.AddGauge("tarn_wal_bytes", "Bytes in the streams' write-ahead logs.",
                    read(&Totals::wal_bytes));
}

}  // namespace

void RegisterStreamRoutes(Router& router, RouteContext& context) {
  auto tables = std::make_shared<StreamTables>();
  // Every stream route may wait on disk (WAL fsync, delivery, catalog): off the I/O threads.
  router.Add({"POST", "/v1/streams", "stream", true, true,
              [&context](HttpRequest& request) { return CreateStream(request, context); }});
  router.Add({"GET", "/v1/streams", "stream", true, true,
              [&context](HttpRequest& request) { return ListStreams(request, context); }});
  router.Add({"GET", "/v1/streams/{name}", "stream", true, true,
              [&context](HttpRequest& request) { return ShowStream(request, context); }});
  Route put{
      "POST",
      "/v1/streams/{name}/records",
      "stream",
      true,
      true,
      [&context, tables](HttpRequest& request) { return PutRecords(request, context, *tables); }};
  put.max_body_bytes = kMaxRecordsBody;
  put.pool = RoutePool::kIngest;  // long queries never hold up records (docs/server.md)
  router.Add(std::move(put));
  Route flush{"POST", "/v1/streams/{name}/flush", "stream", true, true,
              [&context, tables](HttpRequest& request) {
                return FlushStream(request, context, *tables);
              }};
  flush.pool = RoutePool::kIngest;
  router.Add(std::move(flush));
  RegisterStreamMetrics(context);
}

}  // namespace tarn::server
