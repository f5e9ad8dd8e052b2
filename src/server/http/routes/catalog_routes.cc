// The catalog over HTTP: list databases and tables, describe a table (columns, properties,
// snapshots), search, and set business metadata. Every answer is filtered by the caller's
// AccessControl: an object it cannot see is answered exactly like one that does not exist (404),
// and a table's columns are those its SelectPolicy allows.
#include <map>
#include <set>

#include "catalog/lake.h"
#include "catalog/retention.h"
#include "common/error.h"
#include "server/http/routes/route_request.h"
#include "server/json/json_writer.h"
#include "sql/binder/access_control.h"

namespace tarn::server {
namespace {

catalog::Catalog& CatalogOf(RouteContext& context) {
  ServerServices& services = RequireServices(context);
  if (services.lake == nullptr || services.lake->catalog == nullptr) {
    throw HttpError{404, "not_configured", "this server has no lake"};
  }
  return *services.lake->catalog;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

HttpError NoSuchTable(const std::string& database, const std::string& table) {
  return HttpError{404, "table_not_found", "table " + database + "." + table + " does not exist"};
}

// The columns of 'database.table' the caller may read: nullopt = every column.
struct ColumnFilter {
  bool all = true;
  std::set<std::string> allowed;
  // Row and file totals: false under a row filter or without SELECT (they count hidden rows).
  bool counts = true;
  bool Allows(const std::string& column) const { return all || allowed.count(Lower(column)) > 0; }
};

ColumnFilter ReadableColumns(sql::AccessControl* access, const std::string& database,
                             const std::string& table) {
  ColumnFilter filter;
  if (access == nullptr || access->IsAdministrator()) return filter;
  try {
    sql::TableReadPolicy policy = access->SelectPolicy(database, table);
    filter.all = policy.all_columns;
    for (auto& column : policy.columns) filter.allowed.insert(Lower(column));
    filter.counts = !policy.row_filter.has_value();
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kPermissionDenied) throw;
    filter.all = false;  // visible (some privilege) but no SELECT: no column is shown
    filter.counts = false;
  }
  return filter;
}

bool CanSeeTable(sql::AccessControl* access, const std::string& database, const std::string& table) {
  return access == nullptr || access->CanSeeTable(database, table);
}

// Returns the table, or throws 404 for a missing or invisible one.
catalog::TableInfo VisibleTable(catalog::Catalog& catalog, sql::AccessControl* access,
                                const std::string& database, const std::string& table) {
  std::string d = Lower(database);
  std::string t = Lower(table);
  if (!CanSeeTable(access, d, t)) throw NoSuchTable(d, t);
  std::optional<catalog::TableInfo> info = catalog.FindTable(d, t);
  if (!info) throw NoSuchTable(d, t);
  return *info;
}

void WriteTableSummary(JsonWriter& json, const catalog::TableInfo& table) {
  json.BeginObject();
  json.Key("database").String(table.database).Key("name").String(table.name);
  json.Key("kind").String(table.kind == catalog::TableKind::kManaged ? "managed" : "external");
  json.Key("zone").String(table.zone).Key("format").String(table.format);
  json.Key("description").String(table.description).Key("owner").String(table.owner);
  json.Key("steward").String(table.steward);
  json.EndObject();
}

HttpResponse ListDatabases(HttpRequest& request, RouteContext& context) {
  catalog::Catalog& catalog = CatalogOf(context);
  auto access = AccessFor(context, request.principal);
  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject().Key("databases").BeginArray();
  for (const std::string& database : catalog.ListDatabases()) {
    if (access != nullptr && !access->CanSeeDatabase(database)) continue;
    json.BeginObject().Key("name").String(database).EndObject();
  }
  json.EndArray().EndObject();
  response.body += '\n';
  return response;
}

HttpResponse ListTables(HttpRequest& request, RouteContext& context) {
  catalog::Catalog& catalog = CatalogOf(context);
  auto access = AccessFor(context, request.principal);
  std::vector<std::string> databases;
  if (std::optional<std::string> database = QueryParameter(request, "database")) {
    std::string name = Lower(*database);
    bool exists = false;
    for (const auto& known : catalog.ListDatabases()) exists = exists || known == name;
    if (!exists || (access != nullptr && !access->CanSeeDatabase(name))) {
      throw HttpError{404, "database_not_found", "database " + name + " does not exist"};
    }
    databases.push_back(name);
  } else {
    databases = catalog.ListDatabases();
  }
  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject().Key("tables").BeginArray();
  for (const std::string& database : databases) {
    if (access != nullptr && !access->CanSeeDatabase(database)) continue;
    for (const catalog::TableInfo& table : catalog.ListTables(database)) {
      if (!CanSeeTable(access.get(), table.database, table.name)) continue;
      WriteTableSummary(json, table);
    }
  }
  json.EndArray().EndObject();
  response.body += '\n';
  return response;
}

HttpResponse DescribeTable(HttpRequest& request, RouteContext& context) {
  catalog::Catalog& catalog = CatalogOf(context);
  auto access = AccessFor(context, request.principal);
  catalog::TableInfo table = VisibleTable(catalog, access.get(), request.path_params.at("database"),
                                          request.path_params.at("table"));
  ColumnFilter filter = ReadableColumns(access.get(), table.database, table.name);
  catalog::SchemaVersion schema = catalog.CurrentSchema(table.id);
  std::vector<catalog::Snapshot> history = catalog.SnapshotHistory(table.id);

  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject();
  json.Key("database").String(table.database).Key("name").String(table.name);
  json.Key("kind").String(table.kind == catalog::TableKind::kManaged ? "managed" : "external");
  json.Key("zone").String(table.zone).Key("format").String(table.format);
  json.Key("location").String(table.location);
  json.Key("description").String(table.description).Key("owner").String(table.owner);
  json.Key("steward").String(table.steward);
  json.Key("created_unix_micros").Int(table.created_unix_micros);
  json.Key("partition_columns").BeginArray();
  for (const auto& column : table.partition_columns) json.String(column);
  json.EndArray();
  json.Key("schema_version").Int(schema.version);
  json.Key("columns").BeginArray();
  for (const catalog::ColumnDef& column : schema.columns) {
    if (!filter.Allows(column.name)) continue;
    json.BeginObject().Key("name").String(column.name).Key("type").String(column.type.ToString());
    json.Key("nullable").Bool(column.nullable);
    json.Key("sensitivity").String(catalog::SensitivityName(column.sensitivity));
    json.Key("description").String(column.description).EndObject();
  }
  json.EndArray();
  json.Key("properties").BeginObject();
  for (const auto& [key, value] : table.properties) {
    // sql.defaults holds sealed text; only plain settings are shown.
    if (key.rfind("sql.defaults", 0) == 0) continue;
    json.Key(key).String(value);
  }
  json.EndObject();
  json.Key("snapshots").BeginObject();
  json.Key("count").Int(static_cast<int64_t>(history.size()));
  if (!history.empty()) {
    const catalog::Snapshot* current = &history.front();
    for (const auto& snapshot : history) {
      if (snapshot.id > current->id) current = &snapshot;
    }
    json.Key("current").BeginObject();
    json.Key("id").Int(current->id).Key("operation").String(current->operation);
    json.Key("committed_unix_micros").Int(current->committed_unix_micros);
    if (filter.counts) {
      json.Key("row_count").Int(current->row_count).Key("file_count").Int(current->file_count);
    } else {
      json.Key("row_count").Null().Key("file_count").Null();
    }
    json.Key("schema_version").Int(current->schema_version);
    json.EndObject();
  }
  json.EndObject();
  json.EndObject();
  response.body += '\n';
  return response;
}

HttpResponse SearchCatalog(HttpRequest& request, RouteContext& context) {
  catalog::Catalog& catalog = CatalogOf(context);
  auto access = AccessFor(context, request.principal);
  std::optional<std::string> text = QueryParameter(request, "q");
  if (!text || text->empty()) {
    throw HttpError{400, "invalid_request", "missing query parameter q"};
  }
  std::map<std::string, ColumnFilter> filters;  // "d.t" -> readable columns
  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject().Key("hits").BeginArray();
  for (const catalog::SearchHit& hit : catalog.Search(*text)) {
    if (hit.table.empty()) {
      if (access != nullptr && !access->CanSeeDatabase(hit.database)) continue;
    } else {
      if (!CanSeeTable(access.get(), hit.database, hit.table)) continue;
      if (!hit.column.empty()) {
        std::string key = hit.database + "." + hit.table;
        auto found = filters.find(key);
        if (found == filters.end()) {
          found = filters.emplace(key, ReadableColumns(access.get(), hit.database, hit.table)).first;
        }
        if (!found->second.Allows(hit.column)) continue;
      }
    }
    json.BeginObject().Key("database").String(hit.database).Key("table").String(hit.table);
    json.Key("column").String(hit.column).Key("matched_in").String(hit.matched_in);
    json.Key("text").String(hit.text).EndObject();
  }
  json.EndArray().EndObject();
  response.body += '\n';
  return response;
}

// PATCH: {description?, owner?, steward?, retention?, columns: {c: {description?, sensitivity?}}}.
// Needs ALTER on the table; lowering a pii column's sensitivity needs the admin role too (it
// unmasks the column for everyone without UNMASK).
HttpResponse UpdateTable(HttpRequest& request, RouteContext& context) {
  catalog::Catalog& catalog = CatalogOf(context);
  auto access = AccessFor(context, request.principal);
  catalog::TableInfo table = VisibleTable(catalog, access.get(), request.path_params.at("database"),
                                          request.path_params.at("table"));
  if (access != nullptr) access->CheckTable(sql::Privilege::kAlter, table.database, table.name);
  JsonValue body = ParseJsonObjectBody(request);
  CheckMembers(body, {"description", "owner", "steward", "retention", "columns"});
  std::vector<std::pair<std::string, std::string>> properties;
  for (std::string_view key : {"description", "owner", "steward", "retention"}) {
    if (std::optional<std::string> value = StringMember(body, key)) {
      properties.emplace_back(std::string(key), *value);
    }
  }
  for (const auto& [key, value] : properties) {
    if (key == "retention") catalog::ParseRetention(value);
  }
  struct ColumnChange {
    std::string column;
    std::optional<std::string> description;
    std::optional<catalog::Sensitivity> sensitivity;
  };
  std::vector<ColumnChange> changes;
  if (const JsonValue* columns = body.Find("columns")) {
    if (columns->kind() != JsonValue::Kind::kObject) {
      throw HttpError{400, "invalid_request", "\"columns\" must be an object of column names"};
    }
    ColumnFilter filter = ReadableColumns(access.get(), table.database, table.name);
    catalog::SchemaVersion schema = catalog.CurrentSchema(table.id);
    for (const auto& [name, change] : columns->members()) {
      const catalog::ColumnDef* column = nullptr;
      for (const auto& candidate : schema.columns) {
        if (Lower(candidate.name) == Lower(name)) column = &candidate;
      }
      if (column == nullptr || !filter.Allows(column->name)) {
        throw HttpError{404, "column_not_found",
                        "column " + table.database + "." + table.name + "." + name +
                            " does not exist"};
      }
      if (change.kind() != JsonValue::Kind::kObject) {
        throw HttpError{400, "invalid_request", "\"columns\"." + name + " must be an object"};
      }
      CheckMembers(change, {"description", "sensitivity"});
      ColumnChange parsed{column->name, StringMember(change, "description"), std::nullopt};
      if (std::optional<std::string> text = StringMember(change, "sensitivity")) {
        parsed.sensitivity = catalog::ParseSensitivity(*text);
        if (!parsed.sensitivity) {
          throw HttpError{400, "invalid_request",
                          "unknown sensitivity '" + *text +
                              "' (expected public, internal, confidential or pii)"};
        }
        if (column->sensitivity == catalog::Sensitivity::kPii &&
            *parsed.sensitivity != catalog::Sensitivity::kPii && !IsAdministrator(request.principal)) {
          throw HttpError{403, "forbidden",
                          "lowering the sensitivity of a pii column needs the admin role"};
        }
      }
      changes.push_back(std::move(parsed));
    }
  }
  for (const auto& [key, value] : properties) {
    catalog.SetTableProperty(table.database, table.name, key, value);
  }
  for (const auto& change : changes) {
    if (change.description) {
      catalog.SetColumnDescription(table.database, table.name, change.column, *change.description);
    }
    if (change.sensitivity) {
      catalog.SetColumnSensitivity(table.database, table.name, change.column, *change.sensitivity);
    }
  }
  request.path_params["database"] = table.database;
  request.path_params["table"] = table.name;
  return DescribeTable(request, context);
}

}  // namespace

void RegisterCatalogRoutes(Router& router, RouteContext& context) {
  auto add = [&](std::string method, std::string pattern,
                 HttpResponse (*handler)(HttpRequest&, RouteContext&)) {
    router.Add({std::move(method), std::move(pattern), "catalog", true, true,
                [&context, handler](HttpRequest& request) { return handler(request, context); }});
  };
  add("GET", "/v1/catalog/databases", ListDatabases);
  add("GET", "/v1/catalog/tables", ListTables);
  add("GET", "/v1/catalog/tables/{database}/{table}", DescribeTable);
  add("PATCH", "/v1/catalog/tables/{database}/{table}", UpdateTable);
  add("GET", "/v1/catalog/search", SearchCatalog);
}

}  // namespace tarn::server
