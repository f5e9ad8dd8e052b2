// Routes of the HTTP API: method + path pattern ("/v1/queries/{id}") -> handler, with the facts
// the request guard needs (authentication, permission, where to run). One file per route group
// under routes/ registers its routes by an explicit call (see routes/route_list.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/http_message.h"

namespace tarn::server {

// Returns the response, or throws HttpError / tarn::Error. Runs on a server thread; must be
// thread-safe.
using Handler = std::function<HttpResponse(HttpRequest& request)>;

// Route::permission of the routes only administrators may call (IsAdministrator): the request
// guard answers 403 "forbidden" before their handler runs, so no admin route can forget the check.
inline constexpr std::string_view kAdminPermission = "admin";

// The local administrator or a holder of the built-in admin role.
bool IsAdministrator(const Principal& principal);

// Which worker pool runs a blocking route. Ingest routes (stream records and flush) have their own
// threads (--ingest-workers) so that long queries, which hold the query pool, never delay them.
enum class RoutePool { kQuery, kIngest };

struct Route {
  std::string method;      // "GET", "POST", "DELETE" ...
  std::string pattern;     // "/v1/queries/{id}": literal segments and {name} segments
  // kAdminPermission: administrators only, checked by the request guard. Any other value names
  // what the route does ("query", "stream", "jobs", "metrics"; "" = nothing) for any authenticated
  // principal: its handler checks each object it touches (tables through sql::AccessControl).
  std::string permission;
  bool requires_authentication = true;  // false for /healthz, /readyz, /v1/openapi.json
  bool blocking = false;   // true if the handler may run long (queries): run off the I/O threads
  Handler handler;
  // The largest request body this route takes (413 above); 0 = ServerOptions::max_body_bytes.
  uint64_t max_body_bytes = 0;
  RoutePool pool = RoutePool::kQuery;  // the workers a blocking route runs on
};

// Not thread-safe while routes are added; Find is thread-safe afterwards.
class Router {
 public:
  // Adds a route. Throws Error(kInternal) if the method and pattern are already registered.
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;  // null: no route matched
    bool path_exists = false;      // the path matched some route but not with this method (405)
    std::map<std::string, std::string> params;
  };
  // Returns the route for 'method' and 'path' (no query string), with the {name} segments.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace tarn::server
