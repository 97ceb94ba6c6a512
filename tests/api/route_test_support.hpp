#pragma once
// Helpers for tests that walk the whole route table.

#include <string>

#include "http/router.hpp"
#include "test_client.hpp"

namespace callwerk::test {

inline std::string method_string(http::Method method) {
  return method == http::Method::del ? "DELETE" : std::string(http::method_name(method));
}

inline std::string route_path(const http::RouteInfo& route, long long id) {
  std::string path = route.pattern;
  if (auto pos = path.find("{id}"); pos != std::string::npos) {
    path.replace(pos, 4, std::to_string(id));
  }
  return path;
}

inline std::string describe(const http::RouteInfo& route) {
  return method_string(route.method) + " " + route.pattern;
}

}  // namespace callwerk::test
