#include "server/http/router.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tarn::server {
namespace {

Route MakeRoute(std::string method, std::string pattern, std::string tag) {
  return {std::move(method), std::move(pattern), "", true, false, [tag](HttpRequest&) {
            HttpResponse response;
            response.body = tag;
            return response;
          }};
}

std::string Call(const Router::Match& match) {
  HttpRequest request;
  return match.route->handler(request).body;
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Add(MakeRoute("POST", "/v1/query", "query"));
  router.Add(MakeRoute("DELETE", "/v1/queries/{id}", "cancel"));
  router.Add(MakeRoute("GET", "/v1/streams/{name}/records/{n}", "record"));

  auto query = router.Find("POST", "/v1/query");
  ASSERT_NE(query.route, nullptr);
  EXPECT_EQ(Call(query), "query");

  auto cancel = router.Find("DELETE", "/v1/queries/q-17");
  ASSERT_NE(cancel.route, nullptr);
  EXPECT_EQ(Call(cancel), "cancel");
  EXPECT_EQ(cancel.params.at("id"), "q-17");

  auto record = router.Find("GET", "/v1/streams/clicks/records/9");
  ASSERT_NE(record.route, nullptr);
  EXPECT_EQ(record.params.at("name"), "clicks");
  EXPECT_EQ(record.params.at("n"), "9");
}

TEST(RouterTest, TellsUnknownPathsFromWrongMethods) {
  Router router;
  router.Add(MakeRoute("POST", "/v1/query", "query"));
  router.Add(MakeRoute("DELETE", "/v1/queries/{id}", "cancel"));

  auto wrong_method = router.Find("GET", "/v1/query");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_exists);

  for (const char* path : {"/v1/querys", "/v1/query/", "/v1/queries", "/v1/queries/", "/",
                           "/v1/queries/a/b", ""}) {
    auto missing = router.Find("DELETE", path);
    EXPECT_EQ(missing.route, nullptr) << path;
    EXPECT_FALSE(missing.path_exists) << path;
  }
}

TEST(RouterTest, RefusesADuplicateRoute) {
  Router router;
  router.Add(MakeRoute("GET", "/healthz", "a"));
  router.Add(MakeRoute("HEAD", "/healthz", "b"));
  EXPECT_THROW(router.Add(MakeRoute("GET", "/healthz", "c")), Error);
}

}  // namespace
}  // namespace tarn::server
