// The request reading the catalog, job, admin and auth routes share, and the gates those routes
// put before any service is touched (admin role, a configured data directory).
#include "server/http/routes/route_request.h"

#include <gtest/gtest.h>

namespace tarn::server {
namespace {

HttpRequest WithQuery(std::string query) {
  HttpRequest request;
  request.query = std::move(query);
  return request;
}

TEST(RouteRequestTest, ReadsPercentDecodedQueryParameters) {
  HttpRequest request = WithQuery("database=sales&q=a%20b+c%2Fd&empty=&flag");
  EXPECT_EQ(QueryParameter(request, "database"), "sales");
  EXPECT_EQ(QueryParameter(request, "q"), "a b c/d");
  EXPECT_EQ(QueryParameter(request, "empty"), "");
  EXPECT_EQ(QueryParameter(request, "flag"), "");
  EXPECT_EQ(QueryParameter(request, "missing"), std::nullopt);
  EXPECT_THROW(QueryParameter(WithQuery("q=%zz"), "q"), HttpError);
  EXPECT_THROW(QueryParameter(WithQuery("q=%4"), "q"), HttpError);
}

TEST(RouteRequestTest, ParsesStrictObjectBodies) {
  HttpRequest request;
  request.body = R"({"name": "bob", "roles": ["a", "b"], "one": "x"})";
  JsonValue body = ParseJsonObjectBody(request);
  EXPECT_EQ(StringMember(body, "name"), "bob");
  EXPECT_EQ(StringListMember(body, "roles"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(StringListMember(body, "one"), std::vector<std::string>{"x"});
  EXPECT_TRUE(StringListMember(body, "absent").empty());
  EXPECT_NO_THROW(CheckMembers(body, {"name", "roles", "one"}));
  try {
    CheckMembers(body, {"name", "roles"});
    FAIL() << "unknown member accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.message, "unknown field \"one\" (expected name, roles)");
  }
  request.body = R"({"name": 1, "roles": [1]})";
  body = ParseJsonObjectBody(request);
  EXPECT_THROW(StringMember(body, "name"), HttpError);
  EXPECT_THROW(StringListMember(body, "roles"), HttpError);
  for (std::string bad : {"[1]", "{", R"({"a": 1, "a": 2})"}) {
    request.body = bad;
    EXPECT_THROW(ParseJsonObjectBody(request), HttpError) << bad;
  }
}

TEST(RouteRequestTest, AdministratorsHoldTheAdminRole) {
  Principal alice{"alice", "user", true, {"analyst"}};
  Principal root{"root", "user", true, {"admin", "analyst"}};
  EXPECT_FALSE(IsAdministrator(alice));
  EXPECT_TRUE(IsAdministrator(root));
  EXPECT_TRUE(IsAdministrator(Principal{"local-admin", "local", true, {}}));
  EXPECT_EQ(IsoTime(0), "");
  EXPECT_EQ(IsoTime(86400 * 365), "1971-01-01T00:00:00Z");
}

// Every admin route is declared administrators-only (the guard answers 403 before it runs), and
// the data-directory routes answer 404 not_configured on a server without one.
TEST(RouteRequestTest, AdminRoutesRefuseNonAdministrators) {
  ServerOptions options;
  MetricsRegistry registry;
  ServerMetrics metrics(registry);
  QueryRegistry queries(0, 0);
  std::atomic<bool> draining{false};
  RouteContext context{options, metrics, queries, draining};
  Router router;
  RegisterRoutes(router, context);
  size_t admin_routes = 0;
  for (const Route& route : router.routes()) {
    HttpRequest request;
    request.method = route.method;
    request.principal = Principal{"alice", "user", true, {"analyst"}};
    request.path_params = {{"name", "x"}, {"id", "x"}, {"database", "d"}, {"table", "t"}};
    request.body = "{}";
    if (route.pattern.rfind("/v1/admin/", 0) == 0) {
      ++admin_routes;
      // The request guard refuses non-administrators (request_guard_test.cc).
      EXPECT_EQ(route.permission, kAdminPermission) << route.pattern;
      request.principal.roles = {"admin"};
    }
    bool needs_data = route.pattern.rfind("/v1/admin/", 0) == 0 ||
                      route.pattern.rfind("/v1/catalog/", 0) == 0 ||
                      route.pattern.rfind("/v1/jobs", 0) == 0;
    if (!needs_data || route.pattern == "/v1/admin/grants") continue;
    try {
      route.handler(request);
      ADD_FAILURE() << route.method << " " << route.pattern << " answered without services";
    } catch (const HttpError& error) {
      EXPECT_TRUE(error.code == "not_configured" || error.status == 400 || error.status == 403)
          << route.pattern << ": " << error.code;
    }
  }
  EXPECT_EQ(admin_routes, 11u);
}

}  // namespace
}  // namespace tarn::server
