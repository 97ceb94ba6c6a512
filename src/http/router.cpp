#include "http/router.hpp"

#include <charconv>
#include <functional>

#include <spdlog/spdlog.h>

#include "http/authenticator.hpp"
#include "http/desk_script_handlers.hpp"
#include "http/flow_check_handlers.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "http/supervision_handlers.hpp"

namespace callwerk::http {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::patch:
      return "PATCH";
    case Method::put:
      return "PUT";
    case Method::del:
      return "DELETE";
    case Method::other:
      return "OTHER";
  }
  return "OTHER";
}

namespace {

using Handler = std::function<void(RequestContext&)>;

struct Route {
  RouteInfo info;
  std::vector<std::string> segments;  // "{id}" matches a positive integer
  Handler handler;
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return segments;
}

Route make_route(RouteInfo info, Handler handler) {
  Route route{std::move(info), {}, std::move(handler)};
  for (std::string_view s : split_path(route.info.pattern)) route.segments.emplace_back(s);
  return route;
}

std::vector<Route> build_routes() {
  std::vector<Route> routes;
  auto add = [&](Method method, std::string pattern, RouteAuth auth, std::string resource,
                 Access access, std::string id_entity, Handler handler) {
    routes.push_back(make_route(RouteInfo{method, std::move(pattern), auth, std::move(resource),
                                          access, std::move(id_entity)},
                                std::move(handler)));
  };
  const std::string base = "/api/v1/";

  add(Method::get, base + "health", RouteAuth::none, "", Access::read, "", get_health);
  add(Method::post, base + "auth/login", RouteAuth::none, "", Access::write, "", login);
  add(Method::post, base + "auth/logout", RouteAuth::signed_in, "", Access::write, "", logout);
  add(Method::get, base + "auth/me", RouteAuth::signed_in, "", Access::read, "", current_user);

  // Generic over the catalog: a new entity gets all five endpoints and their checks (records
  // only the server writes get the two reading ones).
  for (const store::EntitySpec& entity : store::catalog()) {
    const std::string name(entity.name);
    const std::string collection = base + name;
    const std::string item = collection + "/{id}";
    const store::EntitySpec* e = &entity;
    add(Method::get, collection, RouteAuth::resource, name, Access::read, "",
        [e](RequestContext& ctx) { list_entities(*e, ctx); });
    add(Method::get, item, RouteAuth::resource, name, Access::read, name,
        [e](RequestContext& ctx) { get_entity(*e, ctx); });
    if (entity.api_read_only) continue;
    add(Method::post, collection, RouteAuth::resource, name, Access::write, "",
        [e](RequestContext& ctx) { create_entity(*e, ctx); });
    add(Method::patch, item, RouteAuth::resource, name, Access::write, name,
        [e](RequestContext& ctx) { update_entity(*e, ctx); });
    add(Method::del, item, RouteAuth::resource, name, Access::write, name,
        [e](RequestContext& ctx) { delete_entity(*e, ctx); });
  }

  // The agent's own state and the team lead's view of queues and agents.
  add(Method::get, base + "desk/me", RouteAuth::resource, "desk", Access::read, "",
      get_desk_status);
  add(Method::post, base + "desk/me/state", RouteAuth::resource, "desk", Access::write, "",
      post_desk_state);
  // Hold, resume and blind transfer of the agent's connected call.
  add(Method::post, base + "desk/me/call", RouteAuth::resource, "desk", Access::write, "",
      post_desk_call);
  // Whom the agent may transfer to or consult: the tenant's colleagues and queues.
  add(Method::get, base + "desk/colleagues", RouteAuth::resource, "desk", Access::read, "",
      get_desk_colleagues);
  // The guided script (Gesprächsleitfaden) on the agent's call.
  add(Method::get, base + "desk/me/script", RouteAuth::resource, "desk", Access::read, "",
      get_desk_script);
  add(Method::post, base + "desk/me/script", RouteAuth::resource, "desk", Access::write, "",
      start_desk_script);
  add(Method::del, base + "desk/me/script", RouteAuth::resource, "desk", Access::write, "",
      stop_desk_script);
  add(Method::post, base + "desk/me/script/input", RouteAuth::resource, "desk", Access::write, "",
      answer_desk_script);
  add(Method::get, base + "wallboard", RouteAuth::resource, "wallboard", Access::read, "",
      get_wallboard);
  add(Method::post, base + "wallboard/agents/{id}/supervise", RouteAuth::resource, "supervision",
      Access::write, "users", start_supervision);
  add(Method::patch, base + "wallboard/agents/{id}/supervise", RouteAuth::resource, "supervision",
      Access::write, "users", change_supervision);
  add(Method::del, base + "wallboard/agents/{id}/supervise", RouteAuth::resource, "supervision",
      Access::write, "users", end_supervision);
  add(Method::get, base + "reports/queues", RouteAuth::resource, "reports", Access::read, "",
      get_queue_report);
  add(Method::get, base + "reports/agents", RouteAuth::resource, "agent_reports", Access::read, "",
      get_agent_report);
  add(Method::get, base + "queues/{id}/staffing", RouteAuth::resource, "reports", Access::read,
      "queues", get_queue_staffing);

  // A voicemail's recording, and who took care of it (the row itself only the server writes).
  add(Method::get, base + "voicemails/{id}/audio", RouteAuth::resource, "voicemails", Access::read,
      "voicemails", get_voicemail_audio);
  add(Method::post, base + "voicemails/{id}/done", RouteAuth::resource, "voicemails", Access::write,
      "voicemails", post_voicemail_done);

  add(Method::get, base + "interactions/{id}/timeline", RouteAuth::resource, "timeline",
      Access::read, "interactions", get_timeline);
  add(Method::post, base + "interactions/{id}/timeline", RouteAuth::resource, "timeline",
      Access::write, "interactions", append_timeline);
  // "search" is no {id}: GET kb/{id} never takes this path.
  add(Method::get, base + "kb/search", RouteAuth::resource, "kb", Access::read, "", search_kb);
  // "check" is no {id} either; checking is allowed to whoever may save a flow.
  add(Method::post, base + "flows/check", RouteAuth::resource, "flows", Access::write, "",
      check_flow);
  add(Method::get, base + "flows/{id}/graph", RouteAuth::resource, "flows", Access::read, "flows",
      get_flow_graph);
  add(Method::get, base + "tenant", RouteAuth::resource, "tenant", Access::read, "", get_tenant);
  add(Method::get, base + "audit", RouteAuth::resource, "audit", Access::read, "", list_audit);
  add(Method::get, base + "tokens", RouteAuth::resource, "tokens", Access::read, "", list_tokens);
  add(Method::post, base + "tokens", RouteAuth::resource, "tokens", Access::write, "",
      create_token);
  add(Method::del, base + "tokens/{id}", RouteAuth::resource, "tokens", Access::write, "tokens",
      revoke_token);
  add(Method::get, base + "events", RouteAuth::resource, "events", Access::read, "",
      events_without_upgrade);
  routes.back().info.websocket = true;
  return routes;
}

const std::vector<Route>& routes() {
  static const std::vector<Route> table = build_routes();
  return table;
}

std::optional<store::Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  store::Id id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// Matches the path against a route's segments; fills `id` for "{id}".
bool matches(const Route& route, const std::vector<std::string_view>& segments,
             std::optional<store::Id>& id) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.segments[i] == "{id}") {
      id = parse_id(segments[i]);
      if (!id) return false;
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

bool requires_write(Method method) {
  return method != Method::get;
}

}  // namespace

const std::vector<RouteInfo>& api_routes() {
  static const std::vector<RouteInfo> infos = [] {
    std::vector<RouteInfo> out;
    for (const Route& r : routes()) out.push_back(r.info);
    return out;
  }();
  return infos;
}

void dispatch_api(const ApiRequest& request, store::StoreReader& reader, ServerState& server,
                  const Reply& reply) {
  const auto segments = split_path(request.path);
  const Route* found = nullptr;
  std::optional<store::Id> id;
  std::string allowed;
  for (const Route& route : routes()) {
    std::optional<store::Id> candidate_id;
    if (!matches(route, segments, candidate_id)) continue;
    if (route.info.method == request.method) {
      found = &route;
      id = candidate_id;
      break;
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += method_name(route.info.method);
  }
  if (found == nullptr) {
    if (allowed.empty()) return reply.respond(error_response(404, "no such API endpoint"));
    ApiResponse response = error_response(405, "method not allowed");
    response.headers.emplace_back("Allow", allowed);
    return reply.respond(std::move(response));
  }

  Caller caller;
  if (found->info.auth != RouteAuth::none) {
    auto authenticated =
        authenticate(request.cookie, request.authorization, reader, server.auth_cache);
    if (!authenticated) return reply.respond(error_response(authenticated.error()));
    caller = std::move(*authenticated);
    if (auto csrf = check_csrf(caller, request.method, request.csrf_token); !csrf) {
      return reply.respond(error_response(csrf.error()));
    }
  }
  if (found->info.auth == RouteAuth::resource) {
    const Access access = requires_write(request.method) ? Access::write : Access::read;
    if (!role_allows(caller.role, found->info.resource, access)) {
      return reply.respond(error_response(403, "your role may not do this"));
    }
  }

  auto params = parse_query(request.query);
  if (!params) return reply.respond(error_response(params.error()));

  RequestContext ctx{request, *params, id, caller, reader, server, reply};
  try {
    found->handler(ctx);
  } catch (const std::exception& e) {
    // Handlers validate their input; an exception here is a bug, not a client error.
    spdlog::error("{} {}: {}", method_name(request.method), request.path, e.what());
    reply.respond(error_response(500, "internal error"));
  }
}

}  // namespace callwerk::http
