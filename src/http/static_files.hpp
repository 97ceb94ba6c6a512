#pragma once
// The embedded web UI: exact asset paths, "/" as /index.html, and index.html for every other
// non-API path so that the single-page app can be opened at any URL.

#include <string_view>

#include "http/web_assets.hpp"

namespace callwerk::http {

// Null when there is neither the asset nor an index.html.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace callwerk::http
