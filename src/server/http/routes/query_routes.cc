// POST /v1/query runs SQL with bound parameters and streams the result (JSON, CSV or NDJSON by
// Accept); DELETE /v1/queries/{id} cancels a running query of the caller.
#include <chrono>
#include <limits>

#include "common/error.h"
#include "server/http/routes/route_list.h"
#include "server/json/json_value.h"
#include "server/json/json_writer.h"
#include "server/server_services.h"
#include "server/query/audit_action.h"
#include "server/query/audit_table.h"
#include "server/query/result_encoder.h"
#include "sql/parser/ast.h"
#include "sql/session/session.h"
#include "storage/random_bytes.h"

namespace tarn::server {

namespace {

struct QueryRequest {
  std::string sql;
  std::vector<exec::Value> params;
  std::string query_id;  // "" = the server picks one
};

HttpError BadRequest(std::string message) {
  return HttpError{400, "invalid_request", std::move(message)};
}

// Converts JSON parameter n (1-based) to the value bound to $n. Values are bound as typed data,
// never spliced into the SQL text.
exec::Value ParameterValue(const JsonValue& value, size_t n) {
  switch (value.kind()) {
    case JsonValue::Kind::kNull: return exec::Value();
    case JsonValue::Kind::kBool: return exec::Value::Boolean(value.bool_value());
    case JsonValue::Kind::kInt: {
      int64_t number = value.int_value();
      if (number >= std::numeric_limits<int32_t>::min() &&
          number <= std::numeric_limits<int32_t>::max()) {
        return exec::Value::Integer(static_cast<int32_t>(number));
      }
      return exec::Value::Bigint(number);
    }
    case JsonValue::Kind::kDouble: return exec::Value::Double(value.double_value());
    case JsonValue::Kind::kString: return exec::Value::Varchar(value.string_value());
    case JsonValue::Kind::kUint:
      throw BadRequest("parameter $" + std::to_string(n) + " is out of the BIGINT range");
    default:
      throw BadRequest("parameter $" + std::to_string(n) + " must be a scalar, not " +
                       std::string(JsonKindName(value.kind())));
  }
}

bool IsValidQueryId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

QueryRequest ParseQueryRequest(std::string_view body) {
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
  QueryRequest request;
  bool has_sql = false;
  for (const auto& [key, value] : root.members()) {
    if (key == "sql") {
      if (value.kind() != JsonValue::Kind::kString) throw BadRequest("\"sql\" must be a string");
      request.sql = value.string_value();
      has_sql = true;
    } else if (key == "params") {
      if (value.kind() != JsonValue::Kind::kArray) throw BadRequest("\"params\" must be an array");
      for (const auto& item : value.items()) {
        request.params.push_back(ParameterValue(item, request.params.size() + 1));
      }
    } else if (key == "query_id") {
      if (value.kind() != JsonValue::Kind::kString || !IsValidQueryId(value.string_value())) {
        throw BadRequest("\"query_id\" must be 1 to 64 letters, digits, '-' or '_'");
      }
      request.query_id = value.string_value();
    } else {
      throw BadRequest("unknown field \"" + key + "\" (expected sql, params, query_id)");
    }
  }
  if (!has_sql) throw BadRequest("missing field \"sql\"");
  return request;
}

std::string ErrorCodeLabel(ErrorCode code) {
  std::string label(ErrorCodeName(code));
  for (char& c : label) c = c == ' ' ? '_' : c;
  return label;
}

// The audit record of one statement: what it touched (from the session's AccessControl) and how
// it ended. Error messages quote no secret value (the Session sees to it).
AuditDetails StatementRecord(const sql::Statement& statement, const sql::QueryResult* result,
                             const Error* error, sql::AccessControl* access) {
  AuditDetails details;
  details.time_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  details.action = QueryAuditAction(statement);
  details.statement = statement.text;
  if (access != nullptr) {
    for (const sql::AccessedObject& object : access->TakeAccessed()) {
      details.objects.push_back(object.kind + ":" + object.name + ":" + object.operation);
    }
  }
  if (error != nullptr) {
    details.outcome = error->code() == ErrorCode::kPermissionDenied ? "denied" : "error";
    details.error_code = ErrorCodeLabel(error->code());
    details.detail = error->message();
  } else {
    details.outcome = "success";
    details.rows = result->affected_rows >= 0 ? result->affected_rows
                                              : static_cast<int64_t>(result->row_count());
  }
  return details;
}

HttpResponse RunQuery(HttpRequest& http, RouteContext& context) {
  QueryRequest request = ParseQueryRequest(http.body);
  std::string id = request.query_id.empty() ? storage::RandomHex(8) : request.query_id;
  ResultFormat format = ResultFormatFromAccept(http.Header("accept"));
  auto running = context.queries.Start(id, http.principal.name);
  struct Finisher {
    QueryRegistry& registry;
    const RunningQuery& query;
    ~Finisher() { registry.Finish(query); }
  } finisher{context.queries, *running};

  sql::SessionOptions options;
  options.threads = context.options.query_threads;
  options.memory_limit = context.options.query_memory_limit;
  options.cancel_request = &running->cancel;
  if (context.configure_session) context.configure_session(http.principal, options);
  // Administrators read the audit trail as a table: SELECT * FROM tarn_audit_log().
  if (context.services != nullptr && context.services->keyring != nullptr) {
    options.table_functions = [data_dir = context.services->data_dir,
                               keyring = context.services->keyring](
                                  const std::string& name,
                                  const std::vector<exec::Value>& arguments,
                                  sql::AccessControl* access) {
      return AuditTableFunction(data_dir, *keyring, name, arguments, access);
    };
  }
  // Every statement is audited with the objects it touched and how it ended (also when denied).
  uint64_t bytes_scanned = 0;
  options.on_statement = [&http, &bytes_scanned](const sql::Statement& statement,
                                                 const sql::QueryResult* result,
                                                 const Error* error, sql::AccessControl* access) {
    http.audit_records.push_back(StatementRecord(statement, result, error, access));
    if (result != nullptr) bytes_scanned += result->bytes_scanned;
  };
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<sql::QueryResult> result;
  try {
    sql::Session session(options);
    auto results = session.Execute(request.sql, request.params);
    result = std::make_shared<sql::QueryResult>(results.empty() ? sql::QueryResult()
                                                                : std::move(results.back()));
  } catch (const Error& error) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (http.audit_records.empty() || http.audit_records.back().outcome == "success") {
      // Failed before any statement ran (a syntax error): one record for the request's SQL.
      AuditDetails details;
      details.action = kUnparsedQueryAction;
      details.statement = request.sql;
      details.outcome = error.code() == ErrorCode::kPermissionDenied ? "denied" : "error";
      details.error_code = ErrorCodeLabel(error.code());
      details.detail = error.message();
      http.audit_records.push_back(std::move(details));
    }
    context.metrics.registry.Increment(context.metrics.queries,
                                       {http.audit_records.back().outcome});
    context.metrics.registry.Observe(context.metrics.query_seconds, {}, seconds);
    context.metrics.registry.Increment(context.metrics.query_bytes_scanned, {},
                                       static_cast<double>(bytes_scanned));
    if (error.code() == ErrorCode::kInterrupted && running->timed_out.load()) {
      throw HttpError{408, "query_timeout",
                      "query exceeded the time limit of " +
                          std::to_string(static_cast<int64_t>(context.queries.timeout_seconds())) +
                          " s"};
    }
    throw;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result->elapsed_seconds = seconds;
  result->bytes_scanned = bytes_scanned;  // of every statement of the request
  context.metrics.registry.Increment(context.metrics.queries, {"success"});
  context.metrics.registry.Observe(context.metrics.query_seconds, {}, seconds);
  context.metrics.registry.Increment(context.metrics.query_bytes_scanned, {},
                                     static_cast<double>(bytes_scanned));
  int64_t rows = result->affected_rows >= 0 ? result->affected_rows
                                             : static_cast<int64_t>(result->row_count());
  context.metrics.registry.Increment(context.metrics.query_rows, {}, static_cast<double>(rows));

  HttpResponse response;
  response.content_type = std::string(ResultFormatContentType(format));
  response.headers.emplace_back("X-Query-Id", id);
  response.headers.emplace_back("X-Elapsed-Ms", std::to_string(seconds * 1000));
  response.headers.emplace_back("X-Bytes-Scanned", std::to_string(bytes_scanned));
  response.rows = rows;
  response.statement = request.sql;
  auto encoder = std::make_shared<ResultEncoder>(result, format, id);
  response.next_chunk = [encoder](std::string& out) { return encoder->Next(out); };
  return response;
}

HttpResponse CancelQuery(HttpRequest& http, RouteContext& context) {
  const std::string& id = http.path_params.at("id");
  if (!context.queries.Cancel(id, http.principal.name)) {
    throw HttpError{404, "query_not_found", "no running query with id " + id};
  }
  HttpResponse response;
  response.status = 202;
  JsonWriter json(response.body);
  json.BeginObject().Key("query_id").String(id).Key("status").String("cancelling").EndObject();
  response.body += '\n';
  return response;
}

}  // namespace

void RegisterQueryRoutes(Router& router, RouteContext& context) {
  router.Add({"POST", "/v1/query", "query", true, true,
              [&context](HttpRequest& request) { return RunQuery(request, context); }});
  router.Add({"DELETE", "/v1/queries/{id}", "query", true, false,
              [&context](HttpRequest& request) { return CancelQuery(request, context); }});
}

}  // namespace tarn::server
