// GET /v1/openapi.json: the API's OpenAPI 3 document.
#include "server/http/routes/route_list.h"

namespace tarn::server {

void RegisterOpenApiRoutes(Router& router, RouteContext& context) {
  router.Add({"GET", "/v1/openapi.json", "", false, false, [](HttpRequest&) {
                HttpResponse response;
                response.body = std::string(OpenApiDocument());
                return response;
              }});
}

}  // namespace tarn::server
