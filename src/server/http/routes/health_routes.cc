// GET /healthz (the process answers) and GET /readyz (it accepts work: 503 while shutting down).
#include "server/http/routes/route_list.h"

namespace tarn::server {

void RegisterHealthRoutes(Router& router, RouteContext& context) {
  router.Add({"GET", "/healthz", "", false, false, [](HttpRequest&) {
                HttpResponse response;
                response.body = "{\"status\":\"ok\"}\n";
                return response;
              }});
  router.Add({"GET", "/readyz", "", false, false, [&context](HttpRequest&) {
                HttpResponse response;
                if (context.draining.load()) {
                  response.status = 503;
                  response.body = "{\"status\":\"shutting down\"}\n";
                } else {
                  response.body = "{\"status\":\"ready\"}\n";
                }
                return response;
              }});
}

}  // namespace tarn::server
