// `tarn stream list|create|status|flush`: manages the durable streams of a running `tarn serve`
// over its HTTP API. The stream write-ahead logs belong to the server process (one writer per
// log), so the CLI does not open the data directory; it authenticates with an API token.
#include "cli/stream_command.h"

#include <fmt/format.h>

#include <cstdlib>

#include "cli/help_formatter.h"
#include "cli/http_client.h"
#include "common/error.h"
#include "common/memory.h"
#include "server/json/json_value.h"
#include "server/json/json_writer.h"

namespace tarn::cli {
namespace {

using server::JsonValue;

struct StreamArguments {
  HttpClientOptions client;
  std::string name;
  // create
  std::string database, table, schema, buffer_size, partitioning, partition_field, compression;
  double buffer_seconds = 0;
};

HttpClient Connect(StreamArguments& arguments) {
  if (arguments.client.token.empty()) {
    if (const char* token = std::getenv("TARN_TOKEN")) arguments.client.token = token;
  }
  if (arguments.client.token.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "an API token is needed: set TARN_TOKEN or give --token (tarn token create NAME)");
  }
  return HttpClient(arguments.client);
}

// Splits "id BIGINT NOT NULL, price DECIMAL(10,2), note VARCHAR" at top-level commas.
std::vector<std::string> SplitColumns(const std::string& schema) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (char c : schema) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

std::string Trim(std::string text) {
  size_t first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  size_t last = text.find_last_not_of(" \t\n");
  return text.substr(first, last - first + 1);
}

// Writes --schema as the JSON array of {name, type, nullable} the API takes.
void WriteSchema(const std::string& schema, server::JsonWriter& json) {
  json.BeginArray();
  size_t index = 0;
  for (std::string column : SplitColumns(schema)) {
    ++index;
    column = Trim(column);
    size_t space = column.find_first_of(" \t");
    if (column.empty() || space == std::string::npos) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("--schema column {}: expected 'name TYPE [NOT NULL]', got '{}'",
                              index, column));
    }
    std::string name = column.substr(0, space);
    std::string type = Trim(column.substr(space));
    bool nullable = true;
    std::string upper = type;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper.size() > 8 && upper.compare(upper.size() - 8, 8, "NOT NULL") == 0) {
      nullable = false;
      type = Trim(type.substr(0, type.size() - 8));
    }
    json.BeginObject().Key("name").String(name).Key("type").String(type);
    json.Key("nullable").Bool(nullable).EndObject();
  }
  json.EndArray();
}

std::string Number(const JsonValue* value) {
  if (value == nullptr || value->is_null()) return "-";
  switch (value->kind()) {
    case JsonValue::Kind::kInt:
      return std::to_string(value->int_value());
    case JsonValue::Kind::kUint:
      return std::to_string(value->uint_value());
    case JsonValue::Kind::kDouble:
      return fmt::format("{:.1f}", value->double_value());
    case JsonValue::Kind::kString:
      return value->string_value();
    default:
      return "-";
  }
}

void RunList(StreamArguments& arguments) {
  HttpClient client = Connect(arguments);
  HttpReply reply = client.Send("GET", "/v1/streams");
  ThrowIfError(reply);
  JsonValue root = server::ParseJsonStrict(reply.body);
  fmt::print("{:<24}  {:<32}  {:>10}  {:>12}  {:>12}  {:>10}  {}\n", "name", "table", "buffered",
             "records", "records/s", "deliveries", "last delivery (UTC)");
  const JsonValue* streams = root.Find("streams");
  if (streams == nullptr) return;
  for (const auto& stream : streams->items()) {
    fmt::print("{:<24}  {:<32}  {:>10}  {:>12}  {:>12}  {:>10}  {}\n", Number(stream.Find("name")),
               Number(stream.Find("database")) + "." + Number(stream.Find("table")),
               Number(stream.Find("buffered_records")), Number(stream.Find("total_records")),
               Number(stream.Find("records_per_second")), Number(stream.Find("deliveries")),
               Number(stream.Find("last_delivery")));
  }
}

void RunCreate(StreamArguments& arguments) {
  std::string body;
  server::JsonWriter json(body);
  json.BeginObject().Key("name").String(arguments.name);
  if (!arguments.database.empty()) json.Key("database").String(arguments.database);
  if (!arguments.table.empty()) json.Key("table").String(arguments.table);
  if (!arguments.schema.empty()) {
    json.Key("schema");
    WriteSchema(arguments.schema, json);
  }
  if (!arguments.buffer_size.empty()) {
    json.Key("buffer_bytes").Uint(ParseMemorySize(arguments.buffer_size.c_str()));
  }
  if (arguments.buffer_seconds > 0) json.Key("buffer_seconds").Double(arguments.buffer_seconds);
  if (!arguments.partitioning.empty()) json.Key("partitioning").String(arguments.partitioning);
  if (!arguments.partition_field.empty()) {
    json.Key("partition_field").String(arguments.partition_field);
  }
  if (!arguments.compression.empty()) json.Key("compression").String(arguments.compression);
  json.EndObject();
  HttpClient client = Connect(arguments);
  HttpReply reply = client.Send("POST", "/v1/streams", body);
  ThrowIfError(reply);
  fmt::print("{}", reply.body);
}

void RunStatus(StreamArguments& arguments) {
  HttpClient client = Connect(arguments);
  HttpReply reply = client.Send("GET", "/v1/streams/" + arguments.name);
  ThrowIfError(reply);
  fmt::print("{}", reply.body);
}

void RunFlush(StreamArguments& arguments) {
  HttpClient client = Connect(arguments);
  HttpReply reply = client.Send("POST", "/v1/streams/" + arguments.name + "/flush");
  ThrowIfError(reply);
  JsonValue root = server::ParseJsonStrict(reply.body);
  const JsonValue* snapshot = root.Find("snapshot_id");
  if (snapshot == nullptr || snapshot->is_null()) {
    fmt::print("stream {}: nothing to deliver\n", arguments.name);
  } else {
    fmt::print("stream {}: delivered in snapshot {}\n", arguments.name, Number(snapshot));
  }
}

// The connection options every subcommand takes.
void AddClientOptions(CLI::App* command, StreamArguments& arguments) {
  command
      ->add_option("--url", arguments.client.url,
                   "the server (default http://127.0.0.1:8080; https:// for TLS)")
      ->type_name("URL")
      ->envname("TARN_URL");
  command
      ->add_option("--token", arguments.client.token,
                   "API token (default: $TARN_TOKEN; the variable keeps it out of ps)")
      ->type_name("TOKEN");
  command
      ->add_option("--ca-file", arguments.client.ca_file,
                   "trust this PEM certificate bundle for https (self-signed servers)")
      ->type_name("FILE");
}

}  // namespace

void AddStreamCommand(CLI::App& app) {
  CLI::App* stream = app.add_subcommand("stream", "manage the durable streams of a running server");
  stream->require_subcommand(1);
  SetCommandHelp(
      stream,
      {
          "tarn stream list [--url URL] [--token TOKEN]\n"
          "tarn stream create NAME [--database D] [--table T] [--schema 'c TYPE [NOT NULL], ...']\n"
          "                        [--buffer-size SIZE] [--buffer-seconds S] [--partitioning P]\n"
          "                        [--partition-field F] [--compression C]\n"
          "tarn stream status NAME\n"
          "tarn stream flush NAME",
          "Manages the Firehose-style streams of a running `tarn serve` (docs/streams.md) over "
          "its\n"
          "HTTP API: the stream write-ahead logs belong to the server process. Records are put "
          "with\n"
          "POST /v1/streams/NAME/records. The token comes from --token or TARN_TOKEN; the server\n"
          "from --url or TARN_URL. create and status print the stream's status as JSON; flush\n"
          "delivers the buffer now and prints the snapshot.",
          "export TARN_TOKEN=$(tarn token create ingest-bot)   # a user with CREATE on raw\n"
          "tarn stream create clicks --database raw --schema 'id BIGINT NOT NULL, page VARCHAR'\n"
          "tarn stream status clicks\n"
          "tarn stream flush clicks",
      });
  auto arguments = std::make_shared<StreamArguments>();

  CLI::App* list = stream->add_subcommand("list", "list the streams");
  AddClientOptions(list, *arguments);
  list->callback([arguments] { RunList(*arguments); });

  CLI::App* create = stream->add_subcommand("create", "create a stream");
  create->add_option("name", arguments->name, "stream name")->required();
  create->add_option("--database", arguments->database, "target database (default raw)");
  create->add_option("--table", arguments->table, "target table (default: the stream name)");
  create->add_option("--schema", arguments->schema,
                     "declared columns 'name TYPE [NOT NULL], ...' (default: inferred)");
  create
      ->add_option("--buffer-size", arguments->buffer_size,
                   "deliver when this much is buffered (default 64MiB)")
      ->type_name("SIZE");
  create
      ->add_option("--buffer-seconds", arguments->buffer_seconds,
                   "deliver when the oldest buffered record is this old (default 60)")
      ->type_name("SECONDS");
  create->add_option("--partitioning", arguments->partitioning,
                     "arrival_time (dt=/hr=, default), field or none");
  create->add_option("--partition-field", arguments->partition_field,
                     "the record field with --partitioning field");
  create->add_option("--compression", arguments->compression, "zstd (default), snappy, gzip, none");
  AddClientOptions(create, *arguments);
  create->callback([arguments] { RunCreate(*arguments); });

  CLI::App* status = stream->add_subcommand("status", "show a stream's status");
  status->add_option("name", arguments->name, "stream name")->required();
  AddClientOptions(status, *arguments);
  status->callback([arguments] { RunStatus(*arguments); });

  CLI::App* flush = stream->add_subcommand("flush", "deliver a stream's buffer now");
  flush->add_option("name", arguments->name, "stream name")->required();
  AddClientOptions(flush, *arguments);
  flush->callback([arguments] { RunFlush(*arguments); });
}

}  // namespace tarn::cli
