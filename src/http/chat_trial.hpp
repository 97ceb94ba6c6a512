#pragma once
// The editor's test chat: /api/v1/chat/<tenant-slug>?try=<flow id> runs one stored version of a
// flow (draft or published) of the caller's own tenant, with the tenant's other published
// flows, for users who may write flows. Authenticated like the event stream (session cookie
// with an Origin matching the Host, or a bearer token); it records nothing (the session
// simulates what would be stored, see ChatWebSocketSession).

#include <optional>
#include <string>
#include <string_view>

#include "http/chat_websocket_session.hpp"

namespace callwerk::http {

// What the upgrade request carries for the test mode.
struct ChatTrialRequest {
  std::string_view query;  // after '?', may be empty
  std::string cookie;
  std::string authorization;
  bool same_origin = false;  // the Origin header names this server's Host
};

// The flow id of `try=<id>`, nothing when the query has no `try` (other parameters are
// ignored); invalid_input when the query is malformed or the id is no positive number.
Result<std::optional<store::Id>> chat_trial_flow_id(std::string_view query);

// The chat an upgrade asks for: the public one (find_chat_target) without `try`, else the test
// chat: 401 without valid credentials, 403 for a cookie from another Origin or a role that may
// not write flows, 404 when the slug is not the caller's tenant or the flow is not one of its
// flows, 400 when the stored source does not run in the chat.
Result<ChatTarget> find_chat_target_for(std::string_view slug, const ChatTrialRequest& request,
                                        store::StoreReader& reader, ServerState& server);

}  // namespace callwerk::http
