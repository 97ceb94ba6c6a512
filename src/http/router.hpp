#pragma once
// The API route table. Every endpoint is one entry: method, path pattern, the role resource
// it reads or writes, and its handler. The table is public so that tests can enumerate every
// route (tenant isolation and role checks are verified for each, so a new endpoint without
// a check fails a test).

#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/api_types.hpp"

namespace callwerk::http {

struct ServerState;

enum class RouteAuth {
  none,       // public: health, login
  signed_in,  // any authenticated caller (auth/me, auth/logout)
  resource,   // authenticated and role_allows(role, resource, access)
};

struct RouteInfo {
  Method method = Method::get;
  std::string pattern;  // "/api/v1/contacts/{id}"
  RouteAuth auth = RouteAuth::resource;
  std::string resource;  // role resource ("contacts", "timeline", "tokens", ...)
  Access access = Access::read;
  std::string id_entity;   // what {id} names ("contacts", "interactions", "tokens"); empty: no id
  bool websocket = false;  // /api/v1/events: served by upgrade
};

const std::vector<RouteInfo>& api_routes();

// Routes, authenticates, authorises and runs the handler; always answers through `reply`
// (possibly later, from another thread).
void dispatch_api(const ApiRequest& request, store::StoreReader& reader, ServerState& server,
                  const Reply& reply);

}  // namespace callwerk::http
