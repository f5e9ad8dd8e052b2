// Batch jobs over HTTP: POST /v1/jobs starts a file ingest (ingest::IngestFiles, as `tarn ingest`)
// or a crawl (catalog::crawler::Crawl, as `tarn crawl`) on the JobRegistry's pool and answers 202
// with its id; GET /v1/jobs/{id} polls it, GET /v1/jobs lists the caller's (an administrator's:
// everyone's), DELETE /v1/jobs/{id} cancels a queued one.
//
// Both read files on the server, so they need --allow-file-access or the admin role. Permissions
// are checked when the job is submitted: ingest into an existing table needs INSERT on it, into a
// new table CREATE on its database (the creator then owns the table); a crawl needs CREATE and
// ALTER on the database it registers tables in.
#include <algorithm>

#include "catalog/crawler/crawler.h"
#include "catalog/lake.h"
#include "common/error.h"
#include "ingest/file_ingest.h"
#include "server/http/routes/route_request.h"
#include "server/jobs/job_registry.h"
#include "server/json/json_writer.h"
#include "sql/binder/access_control.h"

namespace tarn::server {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

HttpError Invalid(std::string message) { return HttpError{400, "invalid_request", std::move(message)}; }

struct JobEnvironment {
  ServerServices& services;
  catalog::Lake& lake;
  JobRegistry& jobs;
};

JobEnvironment Environment(RouteContext& context) {
  ServerServices& services = RequireServices(context);
  if (services.lake == nullptr || services.jobs == nullptr) {
    throw HttpError{404, "not_configured", "this server runs no jobs (no lake)"};
  }
  return {services, *services.lake, *services.jobs};
}

void RequireFileAccess(RouteContext& context, const Principal& principal) {
  if (!context.options.allow_file_access && !IsAdministrator(principal)) {
    throw HttpError{403, "forbidden",
                    "jobs read files on the server: that needs the admin role or a server started "
                    "with --allow-file-access"};
  }
}

std::string IngestResultJson(const ingest::IngestResult& result) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("rows").Uint(result.rows).Key("bytes").Uint(result.bytes);
  json.Key("rejected").Uint(result.rejected);
  json.Key("files_ingested").Int(static_cast<int64_t>(result.ingested_files.size()));
  json.Key("files_skipped").Int(static_cast<int64_t>(result.skipped_files.size()));
  json.Key("snapshot_id").Int(result.snapshot_id);
  json.Key("created_table").Bool(result.created_table);
  json.Key("schema_changed").Bool(result.schema_changed);
  if (!result.quarantine_table.empty()) json.Key("quarantine_table").String(result.quarantine_table);
  json.EndObject();
  return out;
}

std::string SubmitIngest(const JsonValue& body, HttpRequest& request, RouteContext& context,
                         JobEnvironment& environment) {
  CheckMembers(body, {"kind", "table", "source", "format", "partition_by", "on_error", "zone",
                      "force"});
  ingest::IngestRequest ingest;
  std::optional<std::string> table = StringMember(body, "table");
  if (!table || table->empty()) throw Invalid("missing field \"table\" (\"database.table\")");
  size_t dot = table->find('.');
  ingest.database = dot == std::string::npos ? "main" : Lower(table->substr(0, dot));
  ingest.table = Lower(dot == std::string::npos ? *table : table->substr(dot + 1));
  if (ingest.database.empty() || ingest.table.empty() || ingest.table.find('.') != std::string::npos) {
    throw Invalid("\"table\" must be \"database.table\" or \"table\"");
  }
  ingest.sources = StringListMember(body, "source");
  if (ingest.sources.empty()) throw Invalid("missing field \"source\" (path, directory or glob)");
  if (auto format = StringMember(body, "format")) ingest.format = Lower(*format);
  if (!ingest.format.empty() && ingest.format != "csv" && ingest.format != "ndjson" &&
      ingest.format != "parquet") {
    throw Invalid("unknown format '" + ingest.format + "' (expected csv, ndjson or parquet)");
  }
  ingest.partition_by = StringListMember(body, "partition_by");
  if (auto zone = StringMember(body, "zone")) ingest.zone = *zone;
  if (auto on_error = StringMember(body, "on_error")) {
    if (*on_error == "fail") {
      ingest.on_error = ingest::OnError::kFail;
    } else if (*on_error == "skip") {
      ingest.on_error = ingest::OnError::kSkip;
    } else if (*on_error == "quarantine") {
      ingest.on_error = ingest::OnError::kQuarantine;
    } else {
      throw Invalid("unknown on_error '" + *on_error + "' (expected fail, skip or quarantine)");
    }
  }
  if (const JsonValue* force = body.Find("force")) {
    if (force->kind() != JsonValue::Kind::kBool) throw Invalid("\"force\" must be a boolean");
    ingest.force = force->bool_value();
  }
  ingest.threads = std::max<size_t>(1, context.options.query_threads);

  auto access = AccessFor(context, request.principal);
  bool exists = environment.lake.catalog->FindTable(ingest.database, ingest.table).has_value();
  if (access != nullptr) {
    if (exists) {
      access->CheckTable(sql::Privilege::kInsert, ingest.database, ingest.table);
    } else {
      access->CheckDatabase(sql::Privilege::kCreate, ingest.database);
    }
  }
  std::shared_ptr<catalog::Lake> lake = environment.services.lake;
  ServerServices* services = &environment.services;
  Principal principal = request.principal;
  std::string target = ingest.database + "." + ingest.table;
  return environment.jobs.Submit(
      "ingest", principal.name, target,
      [lake, ingest, services, principal](JobProgress& progress) {
        ingest::IngestResult result = ingest::IngestFiles(*lake, ingest, &progress);
        if (result.created_table && services->access_for) {
          services->access_for(principal)->OnTableCreated(ingest.database, ingest.table);
        }
        return IngestResultJson(result);
      });
}

std::string SubmitCrawl(const JsonValue& body, HttpRequest& request, RouteContext& context,
                        JobEnvironment& environment) {
  CheckMembers(body, {"kind", "path", "database", "zone"});
  catalog::crawler::CrawlOptions crawl;
  std::optional<std::string> path = StringMember(body, "path");
  if (!path || path->empty()) throw Invalid("missing field \"path\" (a directory)");
  crawl.root = *path;
  if (auto database = StringMember(body, "database")) crawl.database = Lower(*database);
  if (auto zone = StringMember(body, "zone")) crawl.zone = *zone;
  auto access = AccessFor(context, request.principal);
  if (access != nullptr) {
    access->CheckDatabase(sql::Privilege::kCreate, crawl.database);
    access->CheckDatabase(sql::Privilege::kAlter, crawl.database);
  }
  std::shared_ptr<catalog::Lake> lake = environment.services.lake;
  ServerServices* services = &environment.services;
  Principal principal = request.principal;
  return environment.jobs.Submit(
      "crawl", principal.name, crawl.root,
      [lake, crawl, services, principal](JobProgress& progress) {
        catalog::crawler::CrawlReport report = catalog::crawler::Crawl(*lake->catalog, crawl);
        std::shared_ptr<sql::AccessControl> access;
        if (services->access_for) access = services->access_for(principal);
        std::string out;
        JsonWriter json(out);
        json.BeginObject().Key("files_seen").Int(report.files_seen).Key("tables").BeginArray();
        for (const auto& table : report.tables) {
          json.BeginObject().Key("table").String(table.table);
          json.Key("action").String(catalog::crawler::CrawlActionName(table.action));
          json.Key("files").Int(table.files).EndObject();
          size_t dot = table.table.find('.');
          if (access != nullptr && table.action == catalog::crawler::CrawlAction::kCreated &&
              dot != std::string::npos) {
            access->OnTableCreated(table.table.substr(0, dot), table.table.substr(dot + 1));
          }
        }
        json.EndArray().Key("skipped").Int(static_cast<int64_t>(report.skipped.size()));
        json.EndObject();
        progress.rows = static_cast<uint64_t>(report.files_seen);
        return out;
      });
}

void WriteStatus(JsonWriter& json, const JobStatus& status) {
  json.BeginObject();
  json.Key("job_id").String(status.id).Key("kind").String(status.kind);
  json.Key("owner").String(status.owner).Key("target").String(status.target);
  json.Key("status").String(JobStateName(status.state));
  json.Key("progress").Double(status.fraction).Key("rows").Uint(status.rows);
  json.Key("created_unix_micros").Int(status.created_unix_micros);
  if (status.started_unix_micros > 0) json.Key("started_unix_micros").Int(status.started_unix_micros);
  if (status.finished_unix_micros > 0) {
    json.Key("finished_unix_micros").Int(status.finished_unix_micros);
  }
  if (!status.error.empty()) json.Key("error").String(status.error);
  if (!status.result.empty()) json.Key("result").Raw(status.result);
  json.EndObject();
}

HttpResponse StartJob(HttpRequest& request, RouteContext& context) {
  JobEnvironment environment = Environment(context);
  JsonValue body = ParseJsonObjectBody(request);
  std::optional<std::string> kind = StringMember(body, "kind");
  if (!kind) throw Invalid("missing field \"kind\" (ingest or crawl)");
  if (*kind != "ingest" && *kind != "crawl") {
    throw Invalid("unknown job kind '" + *kind + "' (expected ingest or crawl)");
  }
  RequireFileAccess(context, request.principal);
  std::string id = *kind == "ingest" ? SubmitIngest(body, request, context, environment)
                                     : SubmitCrawl(body, request, context, environment);
  HttpResponse response;
  response.status = 202;
  response.headers.emplace_back("Location", "/v1/jobs/" + id);
  JsonWriter json(response.body);
  json.BeginObject().Key("job_id").String(id).Key("status").String("queued").EndObject();
  response.body += '\n';
  return response;
}

std::string OwnerFilter(const Principal& principal) {
  return IsAdministrator(principal) ? std::string() : principal.name;
}

HttpResponse GetJob(HttpRequest& request, RouteContext& context) {
  JobEnvironment environment = Environment(context);
  const std::string& id = request.path_params.at("id");
  std::optional<JobStatus> status = environment.jobs.Get(id, OwnerFilter(request.principal));
  if (!status) throw HttpError{404, "job_not_found", "no job with id " + id};
  HttpResponse response;
  JsonWriter json(response.body);
  WriteStatus(json, *status);
  response.body += '\n';
  return response;
}

HttpResponse ListJobs(HttpRequest& request, RouteContext& context) {
  JobEnvironment environment = Environment(context);
  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject().Key("jobs").BeginArray();
  for (const JobStatus& status : environment.jobs.List(OwnerFilter(request.principal))) {
    WriteStatus(json, status);
  }
  json.EndArray().EndObject();
  response.body += '\n';
  return response;
}

HttpResponse CancelJob(HttpRequest& request, RouteContext& context) {
  JobEnvironment environment = Environment(context);
  const std::string& id = request.path_params.at("id");
  switch (environment.jobs.Cancel(id, OwnerFilter(request.principal))) {
    case CancelOutcome::kNotFound:
      throw HttpError{404, "job_not_found", "no job with id " + id};
    case CancelOutcome::kRunning:
      throw HttpError{409, "job_running",
                      "job " + id + " is already running and cannot be stopped halfway; it "
                      "commits all of its data or none"};
    case CancelOutcome::kFinished:
      throw HttpError{409, "job_finished", "job " + id + " has already finished"};
    case CancelOutcome::kCancelled:
      break;
  }
  HttpResponse response;
  JsonWriter json(response.body);
  json.BeginObject().Key("job_id").String(id).Key("status").String("cancelled").EndObject();
  response.body += '\n';
  return response;
}

}  // namespace

void RegisterJobRoutes(Router& router, RouteContext& context) {
  router.Add({"POST", "/v1/jobs", "jobs", true, true,
              [&context](HttpRequest& request) { return StartJob(request, context); }});
  router.Add({"GET", "/v1/jobs", "jobs", true, false,
              [&context](HttpRequest& request) { return ListJobs(request, context); }});
  router.Add({"GET", "/v1/jobs/{id}", "jobs", true, false,
              [&context](HttpRequest& request) { return GetJob(request, context); }});
  router.Add({"DELETE", "/v1/jobs/{id}", "jobs", true, false,
              [&context](HttpRequest& request) { return CancelJob(request, context); }});
}

}  // namespace tarn::server
