// What the catalog, job, admin and auth routes read from a request: the JSON body, query-string
// parameters, and who the caller is to the data directory (its AccessControl, whether it is an
// administrator). Errors are HttpErrors with the 4xx the API documents.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/routes/route_list.h"
#include "server/json/json_value.h"

namespace tarn::server {

// Parses the body as one strict JSON object. Throws HttpError 400 "malformed_json" or
// "invalid_request" (not an object).
JsonValue ParseJsonObjectBody(const HttpRequest& request);

// Checks that every member of 'object' is one of 'allowed'. Throws HttpError 400 naming the first
// unknown member and the expected ones.
void CheckMembers(const JsonValue& object, const std::vector<std::string_view>& allowed);

// Member 'name' as a string: nullopt when absent; HttpError 400 when present but not a string.
std::optional<std::string> StringMember(const JsonValue& object, std::string_view name);
// Member 'name' as a list of strings (an array of strings, or one string); empty when absent.
std::vector<std::string> StringListMember(const JsonValue& object, std::string_view name);

// The value of query-string parameter 'name', percent-decoded; nullopt when absent.
std::optional<std::string> QueryParameter(const HttpRequest& request, std::string_view name);

// The data directory's services. Throws HttpError 404 "not_configured" when the server has none.
ServerServices& RequireServices(RouteContext& context);

// The caller's AccessControl, or null when the server has no access_for (everything allowed).
std::shared_ptr<sql::AccessControl> AccessFor(RouteContext& context, const Principal& principal);

// Unix seconds as "2026-12-01T23:45:00Z"; "" for 0.
std::string IsoTime(int64_t unix_seconds);

}  // namespace tarn::server
