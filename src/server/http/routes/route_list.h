// The route groups of the HTTP API, registered by this explicit list (RegisterRoutes). Each group
// lives in its own file in this folder; the OpenAPI document (openapi_document.cc) describes them
// all, and openapi_test.cc checks that it does.
#pragma once

#include <atomic>
#include <string_view>

#include "server/http/request_guard.h"
#include "server/http/router.h"
#include "server/query/query_registry.h"
#include "server/server_options.h"

namespace tarn::server {

// What handlers share. Outlives the router.
struct RouteContext {
  const ServerOptions& options;
  ServerMetrics& metrics;
  QueryRegistry& queries;
  const std::atomic<bool>& draining;  // shutting down: /readyz answers 503
  // Completes the options of every query's session (the lake, file access); may be null.
  std::function<void(const Principal&, sql::SessionOptions&)> configure_session = nullptr;
  // The data directory's services (server_services.h); may be null.
  ServerServices* services = nullptr;
};

void RegisterQueryRoutes(Router& router, RouteContext& context);    // query_routes.cc
void RegisterHealthRoutes(Router& router, RouteContext& context);   // health_routes.cc
void RegisterMetricsRoutes(Router& router, RouteContext& context);  // metrics_routes.cc
void RegisterOpenApiRoutes(Router& router, RouteContext& context);  // openapi_routes.cc
void RegisterCatalogRoutes(Router& router, RouteContext& context);  // catalog_routes.cc
void RegisterJobRoutes(Router& router, RouteContext& context);      // job_routes.cc
void RegisterAdminRoutes(Router& router, RouteContext& context);    // admin_routes.cc
void RegisterAuthRoutes(Router& router, RouteContext& context);     // auth_routes.cc
void RegisterStreamRoutes(Router& router, RouteContext& context);   // stream_routes.cc

// Registers every group above.
void RegisterRoutes(Router& router, RouteContext& context);

// The OpenAPI 3 document served at /v1/openapi.json (openapi_document.cc).
std::string_view OpenApiDocument();
// Its "paths" members and "components.schemas" members for the catalog, job, admin and auth
// routes (openapi_admin_paths.cc), spliced in by OpenApiDocument.
std::string_view OpenApiAdminPaths();
std::string_view OpenApiAdminSchemas();

}  // namespace tarn::server
