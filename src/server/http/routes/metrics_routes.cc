// GET /metrics: the Prometheus text format of the server's registry.
#include "server/http/routes/route_list.h"

namespace tarn::server {

void RegisterMetricsRoutes(Router& router, RouteContext& context) {
  router.Add({"GET", "/metrics", "metrics", true, false, [&context](HttpRequest&) {
                HttpResponse response;
                response.content_type = "text/plain; version=0.0.4; charset=utf-8";
                response.body = context.metrics.registry.RenderText();
                return response;
              }});
}

}  // namespace tarn::server
