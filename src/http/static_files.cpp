#include "http/static_files.hpp"

#include <string>
#include <unordered_map>

namespace callwerk::http {

namespace {

const std::unordered_map<std::string_view, const WebAsset*>& assets_by_path() {
  static const auto table = [] {
    std::unordered_map<std::string_view, const WebAsset*> map;
    for (const WebAsset& asset : web_assets()) map.emplace(asset.path, &asset);
    return map;
  }();
  return table;
}

}  // namespace

const WebAsset* find_web_asset(std::string_view path) {
  const auto& table = assets_by_path();
  if (path != "/") {
    if (auto it = table.find(path); it != table.end()) return it->second;
  }
  // A missing file (a name with an extension) is a 404, not the page: a broken script link
  // should fail visibly instead of loading HTML as JavaScript.
  const std::string_view last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return nullptr;
  // /chat/<tenant-slug>: the public chat page, which reads the slug from its own URL.
  if (path.substr(0, 6) == "/chat/" && path.find('/', 6) == std::string_view::npos &&
      path.size() > 6) {
    auto chat = table.find("/chat.html");
    if (chat != table.end()) return chat->second;
  }
  auto index = table.find("/index.html");
  return index == table.end() ? nullptr : index->second;
}

}  // namespace callwerk::http
