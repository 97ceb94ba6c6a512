#include "http/chat_trial.hpp"

#include <charconv>

#include "core/roles.hpp"
#include "http/authenticator.hpp"
#include "http/query_params.hpp"

namespace callwerk::http {

Result<std::optional<store::Id>> chat_trial_flow_id(std::string_view query) {
  if (query.empty()) return std::optional<store::Id>();
  auto params = parse_query(query);
  if (!params) return params.error();
  std::optional<store::Id> id;
  for (const auto& [name, value] : *params) {
    if (name != "try") continue;  // the public chat never looked at its query: keep it so
    store::Id parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || parsed <= 0)
      return make_error(ErrorKind::invalid_input, "must be a flow id", "try");
    id = parsed;
  }
  return id;
}

Result<ChatTarget> find_chat_target_for(std::string_view slug, const ChatTrialRequest& request,
                                        store::StoreReader& reader, ServerState& server) {
  auto flow_id = chat_trial_flow_id(request.query);
  if (!flow_id) return flow_id.error();
  if (!*flow_id) return find_chat_target(slug, reader, server.chat_flows);

  // The same checks as PATCH /api/v1/flows/{id}: a caller who may write flows, in their tenant.
  auto caller = authenticate(request.cookie, request.authorization, reader, server.auth_cache);
  if (!caller) return caller.error();
  if (caller->via_cookie && !request.same_origin)
    return make_error(ErrorKind::forbidden, "the Origin does not match this server");
  if (!role_allows(caller->role, "flows", Access::write))
    return make_error(ErrorKind::forbidden, "your role may not do this");
  const auto tenant_id = reader.tenant_id_by_slug(std::string(slug));
  if (!tenant_id || *tenant_id != caller->tenant_id)
    return make_error(ErrorKind::not_found, "no such chat");
  auto row = reader.get(*store::find_entity("flows"), caller->tenant_id, **flow_id);
  if (!row) return make_error(ErrorKind::not_found, "no such flow");
  if (server.chat_flows == nullptr) return make_error(ErrorKind::not_found, "no such chat");

  ChatTarget target;
  target.tenant_id = caller->tenant_id;
  target.slug = std::string(slug);
  if (auto tenant = reader.tenant(caller->tenant_id))
    target.tenant_name = tenant->value("name", "");
  target.flow = row->value("name", "");
  target.trial_flow_id = **flow_id;
  target.trial_version = row->value("version", 0);
  auto interpreter =
      server.chat_flows->trial(caller->tenant_id, target.flow, row->value("source", ""));
  if (!interpreter) return interpreter.error();
  target.interpreter = std::move(*interpreter);
  return target;
}

}  // namespace callwerk::http
