#include "server/http/routes/route_list.h"

namespace tarn::server {

void RegisterRoutes(Router& router, RouteContext& context) {
  RegisterQueryRoutes(router, context);
  RegisterHealthRoutes(router, context);
  RegisterMetricsRoutes(router, context);
  RegisterOpenApiRoutes(router, context);
  RegisterCatalogRoutes(router, context);
  RegisterJobRoutes(router, context);
  RegisterAdminRoutes(router, context);
  RegisterAuthRoutes(router, context);
  RegisterStreamRoutes(router, context);
}

}  // namespace tarn::server
