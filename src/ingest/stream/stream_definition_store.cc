#include "ingest/stream/stream_definition_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <simdjson.h>

#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace tarn::ingest {
namespace {

constexpr std::string_view kPartitioningNames[] = {"none", "arrival_time", "field"};

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool StreamType(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBigint:
    case TypeId::kInteger:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kVarchar:
    case TypeId::kBoolean:
    case TypeId::kDate:
    case TypeId::kTimestamp: return true;
    default: return false;
  }
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
}

void SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw Error(ErrorCode::kIoError, fmt::format("cannot sync {}", path));
  }
  ::close(fd);
}

}  // namespace

void ValidateStreamDefinition(StreamDefinition& definition) {
  if (!ValidName(definition.name)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid stream name '{}': use 1-128 of A-Z a-z 0-9 _ -", definition.name));
  }
  if (definition.database.empty()) definition.database = "raw";
  definition.database = catalog::LowerName(definition.database);
  if (definition.table.empty()) definition.table = definition.name;
  definition.table = catalog::LowerName(definition.table);
  std::set<std::string> seen;
  for (auto& column : definition.columns) {
    std::string lower = catalog::LowerName(column.name);
    if (column.name.empty()) throw Error(ErrorCode::kInvalidArgument, "a stream column has no name");
    if (!seen.insert(lower).second) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("duplicate stream column '{}'", column.name));
    }
    if (!StreamType(column.type)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("stream column '{}' has type {}; streams take BIGINT, INTEGER, DOUBLE, "
                              "DECIMAL, VARCHAR, BOOLEAN, DATE or TIMESTAMP",
                              column.name, column.type.ToString()));
    }
    if (definition.partitioning == StreamPartitioning::kArrivalTime &&
        (lower == "dt" || lower == "hr")) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("stream column '{}' is reserved for arrival-time partitions", column.name));
    }
  }
  if (definition.partitioning == StreamPartitioning::kField) {
    definition.partition_field = catalog::LowerName(definition.partition_field);
    if (definition.partition_field.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "field partitioning needs a partition_field");
    }
    if (!definition.columns.empty() && !seen.count(definition.partition_field)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("partition_field '{}' is not a column of the stream", definition.partition_field));
    }
  } else {
    definition.partition_field.clear();
  }
  if (definition.buffer_bytes < 1024 || definition.buffer_bytes > (uint64_t{16} << 30)) {
    throw Error(ErrorCode::kInvalidArgument, "buffer_bytes must be between 1 KiB and 16 GiB");
  }
  if (!(definition.buffer_seconds >= 0.01 && definition.buffer_seconds <= 86400)) {
    throw Error(ErrorCode::kInvalidArgument, "buffer_seconds must be between 0.01 and 86400");
  }
  static const std::set<std::string> kCompressions = {"zstd", "snappy", "gzip", "none"};
  if (!kCompressions.count(definition.compression)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("unknown compression '{}': use zstd, snappy, gzip or none", definition.compression));
  }
}

std::vector<catalog::ColumnDef> StreamTableColumns(const StreamDefinition& definition) {
  std::vector<catalog::ColumnDef> columns = definition.columns;
  for (auto& column : columns) column.name = catalog::LowerName(column.name);
  if (definition.partitioning == StreamPartitioning::kArrivalTime) {
    columns.push_back({"dt", TypeId::kDate, true, "arrival date (UTC) of the record's batch"});
    columns.push_back({"hr", TypeId::kInteger, true, "arrival hour (UTC, 0-23) of the record's batch"});
  }
  return columns;
}

StreamDefinitionStore::StreamDefinitionStore(std::string data_dir)
    : directory_(std::move(data_dir) + "/streams") {}

std::string StreamDefinitionStore::ToJson(const StreamDefinition& definition) {
  std::string out = "{\"name\":";
  AppendJsonString(out, definition.name);
  out += ",\"database\":";
  AppendJsonString(out, definition.database);
  out += ",\"table\":";
  AppendJsonString(out, definition.table);
  out += ",\"columns\":[";
  for (size_t i = 0; i < definition.columns.size(); ++i) {
    const auto& column = definition.columns[i];
    if (i > 0) out += ',';
    out += "{\"name\":";
    AppendJsonString(out, column.name);
    out += ",\"type\":";
    AppendJsonString(out, column.type.ToString());
    out += column.nullable ? ",\"nullable\":true" : ",\"nullable\":false";
    out += ",\"description\":";
    AppendJsonString(out, column.description);
    out += '}';
  }
  out += fmt::format("],\"buffer_bytes\":{},\"buffer_seconds\":{},\"partitioning\":", definition.buffer_bytes,
                     definition.buffer_seconds);
  AppendJsonString(out, kPartitioningNames[static_cast<int>(definition.partitioning)]);
  out += ",\"partition_field\":";
  AppendJsonString(out, definition.partition_field);
  out += ",\"compression\":";
  AppendJsonString(out, definition.compression);
  out += ",\"created_by\":";
  AppendJsonString(out, definition.created_by);
  out += fmt::format(",\"created_unix_seconds\":{}}}\n", definition.created_unix_seconds);
  return out;
}

StreamDefinition StreamDefinitionStore::FromJson(const std::string& json, const std::string& path) {
  auto corrupt = [&](std::string_view what) {
    return Error(ErrorCode::kCorrupt, fmt::format("stream definition {}: {}", path, what));
  };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json).get(root)) throw corrupt(simdjson::error_message(error));
  StreamDefinition definition;
  auto text = [&](std::string_view key, std::string& out) {
    std::string_view value;
    if (root[key].get_string().get(value)) throw corrupt(fmt::format("missing or bad '{}'", key));
    out = std::string(value);
  };
  text("name", definition.name);
  text("database", definition.database);
  text("table", definition.table);
  text("partition_field", definition.partition_field);
  text("compression", definition.compression);
  text("created_by", definition.created_by);
  std::string partitioning;
  text("partitioning", partitioning);
  auto found = std::find(std::begin(kPartitioningNames), std::end(kPartitioningNames), partitioning);
  if (found == std::end(kPartitioningNames)) throw corrupt("unknown partitioning");
  definition.partitioning = static_cast<StreamPartitioning>(found - std::begin(kPartitioningNames));
  if (root["buffer_bytes"].get_uint64().get(definition.buffer_bytes) ||
      root["buffer_seconds"].get_double().get(definition.buffer_seconds) ||
      root["created_unix_seconds"].get_int64().get(definition.created_unix_seconds)) {
    throw corrupt("bad numbers");
  }
  simdjson::dom::array columns;
  if (root["columns"].get_array().get(columns)) throw corrupt("missing 'columns'");
  for (simdjson::dom::element element : columns) {
    std::string_view name, type, description;
    bool nullable = true;
    if (element["name"].get_string().get(name) || element["type"].get_string().get(type) ||
        element["nullable"].get_bool().get(nullable) || element["description"].get_string().get(description)) {
      throw corrupt("bad column");
    }
    catalog::ColumnDef column;
    column.name = std::string(name);
    column.type = ParseLogicalType(type);
    column.nullable = nullable;
    column.description = std::string(description);
    if (column.type.id() == TypeId::kInvalid) throw corrupt(fmt::format("unknown type '{}'", type));
    definition.columns.push_back(std::move(column));
  }
  return definition;
}

void StreamDefinitionStore::Save(const StreamDefinition& definition) const {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) throw Error(ErrorCode::kIoError, fmt::format("cannot create {}: {}", directory_, error.message()));
  std::string path = directory_ + "/" + definition.name + ".json";
  std::string temporary = path + ".tmp";
  std::string json = ToJson(definition);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
    out.close();
    if (!out) throw Error(ErrorCode::kIoError, fmt::format("cannot write {}", temporary));
  }
  SyncPath(temporary, O_RDONLY);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    throw Error(ErrorCode::kIoError, fmt::format("cannot rename {} to {}", temporary, path));
  }
  SyncPath(directory_, O_RDONLY | O_DIRECTORY);
}

std::vector<StreamDefinition> StreamDefinitionStore::LoadAll() const {
  std::vector<StreamDefinition> definitions;
  std::error_code error;
  if (!std::filesystem::exists(directory_, error)) return definitions;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
    std::string path = entry.path().string();
    if (entry.path().extension() == ".json") paths.push_back(path);
  }
  if (error) throw Error(ErrorCode::kIoError, fmt::format("cannot list {}: {}", directory_, error.message()));
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) throw Error(ErrorCode::kIoError, fmt::format("cannot read {}", path));
    definitions.push_back(FromJson(content.str(), path));
  }
  return definitions;
}

}  // namespace tarn::ingest
