#pragma once
// The web UI files, compiled into the binary by cmake/embed_web.cmake.

#include <string_view>
#include <vector>

namespace callwerk::http {

struct WebAsset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view body;
};

const std::vector<WebAsset>& web_assets();

}  // namespace callwerk::http
