// Keeps the OpenAPI document true: every registered route is documented, every documented
// operation is registered, and public routes are marked "security": [] (and only they).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "server/http/routes/route_list.h"
#include "server/json/json_value.h"

namespace tarn::server {
namespace {

struct Operation {
  std::string method;  // upper case
  std::string path;
  bool is_public;
  bool operator<(const Operation& other) const {
    return std::tie(method, path, is_public) < std::tie(other.method, other.path, other.is_public);
  }
};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

TEST(OpenApiTest, DocumentsExactlyTheRegisteredRoutes) {
  ServerOptions options;
  MetricsRegistry registry;
  ServerMetrics metrics(registry);
  QueryRegistry queries(0, 0);
  std::atomic<bool> draining{false};
  RouteContext context{options, metrics, queries, draining};
  Router router;
  RegisterRoutes(router, context);

  std::set<Operation> registered;
  for (const auto& route : router.routes()) {
    registered.insert({route.method, route.pattern, !route.requires_authentication});
  }

  JsonValue document = ParseJsonStrict(OpenApiDocument());
  EXPECT_EQ(document.Find("openapi")->string_value().substr(0, 2), "3.");
  std::set<Operation> documented;
  for (const auto& [path, item] : document.Find("paths")->members()) {
    for (const auto& [method, operation] : item.members()) {
      ASSERT_NE(operation.Find("responses"), nullptr) << method << " " << path;
      ASSERT_NE(operation.Find("operationId"), nullptr) << method << " " << path;
      const JsonValue* security = operation.Find("security");
      bool is_public = security != nullptr && security->items().empty();
      documented.insert({Upper(method), path, is_public});
    }
  }
  for (const auto& operation : registered) {
    EXPECT_TRUE(documented.count(operation))
        << operation.method << " " << operation.path << " (public " << operation.is_public
        << ") is registered but not documented as such";
  }
  for (const auto& operation : documented) {
    EXPECT_TRUE(registered.count(operation))
        << operation.method << " " << operation.path << " (public " << operation.is_public
        << ") is documented but not registered as such";
  }
  EXPECT_GE(registered.size(), 6u);
}

}  // namespace
}  // namespace tarn::server
