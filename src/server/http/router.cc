#include "server/http/router.h"

#include <algorithm>

#include "common/error.h"

namespace tarn::server {

bool IsAdministrator(const Principal& principal) {
  return principal.kind == "local" ||
         std::find(principal.roles.begin(), principal.roles.end(), "admin") !=
             principal.roles.end();
}

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  if (!path.empty() && path[0] == '/') start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  auto want = Segments(pattern);
  auto have = Segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (IsParameter(want[i])) {
      if (have[i].empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(Route route) {
  for (const auto& existing : routes_) {
    TARN_CHECK(!(existing.method == route.method && existing.pattern == route.pattern));
  }
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(route.pattern, path, params)) continue;
    match.path_exists = true;
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

}  // namespace tarn::server
