#pragma once
// The API handlers. Each runs on an HTTP thread after routing, authentication and the role
// check; it answers through ctx.reply, synchronously or from a store writer callback.

#include <optional>

#include "http/api_types.hpp"
#include "http/query_params.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

struct RequestContext {
  const ApiRequest& request;
  const QueryParams& params;
  std::optional<store::Id> id;  // the {id} path segment
  const Caller& caller;         // empty Caller on public routes
  store::StoreReader& reader;
  ServerState& server;
  const Reply& reply;
};

// Parses the body as a JSON object (400 otherwise).
Result<store::Json> json_object_body(const ApiRequest& request);

// Submits `work` to the store writer and answers from its result on the connection's thread:
// `success_status` with the returned JSON, or the mapped error.
void submit_write(RequestContext& ctx, store::WriteWork work, int success_status,
                  std::function<void(const Result<store::Json>&)> on_committed = {});

// Entities of the catalog.
void list_entities(const store::EntitySpec& entity, RequestContext& ctx);
void get_entity(const store::EntitySpec& entity, RequestContext& ctx);
void create_entity(const store::EntitySpec& entity, RequestContext& ctx);
void update_entity(const store::EntitySpec& entity, RequestContext& ctx);
void delete_entity(const store::EntitySpec& entity, RequestContext& ctx);

// The protocol of an interaction.
void get_timeline(RequestContext& ctx);
void append_timeline(RequestContext& ctx);

// Ranked knowledge-base search of the caller's tenant (kb_search_handlers.cpp).
void search_kb(RequestContext& ctx);

// The agent's own state (desktop) and the tenant's queues and agents (wallboard).
void get_desk_status(RequestContext& ctx);
void post_desk_state(RequestContext& ctx);
void post_desk_call(RequestContext& ctx);
void get_desk_colleagues(RequestContext& ctx);
void get_wallboard(RequestContext& ctx);

// KPI reports from the stored ACD records (report_handlers.cpp) and a queue's staffing
// calculator (staffing_handlers.cpp).
void get_queue_report(RequestContext& ctx);
void get_agent_report(RequestContext& ctx);
void get_queue_staffing(RequestContext& ctx);

// A voicemail's audio (audio/wav, from under the recordings directory) and marking it done
// (voicemail_handlers.cpp).
void get_voicemail_audio(RequestContext& ctx);
void post_voicemail_done(RequestContext& ctx);

// Tenant, audit, health.
void get_tenant(RequestContext& ctx);
void list_audit(RequestContext& ctx);
void get_health(RequestContext& ctx);
void events_without_upgrade(RequestContext& ctx);

// API tokens.
void list_tokens(RequestContext& ctx);
void create_token(RequestContext& ctx);
void revoke_token(RequestContext& ctx);

// Sessions.
void login(RequestContext& ctx);
void logout(RequestContext& ctx);
void current_user(RequestContext& ctx);

}  // namespace callwerk::http
