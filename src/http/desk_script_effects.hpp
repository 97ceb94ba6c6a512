#pragma once
// The side effects of a guided script on the agent desktop: the flow's contact look-up,
// knowledge-base search, order, ticket, call back and webhook, carried out as the web chat
// carries them out (the same store entities, built by flow/flow_entity_input.hpp) but linked to
// the call's interaction and written in the agent's name.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "flow/flow_actions.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

struct ScriptEffects {
  store::Id tenant_id = 0;
  store::Id interaction_id = 0;
  store::Actor agent;
  std::string channel_label;            // "Telefon", "Chat": what an order's notes say
  std::optional<store::Id> contact_id;  // the interaction's contact, for identify by caller
};

// The flow's answer and a note for the agent's view ({effect, ok, number, ...}; null: none).
using EffectAnswer = std::function<void(flow::FlowEvent result, nlohmann::json note)>;

// Runs `effect` (one that awaits a result, flow::awaits_result) and calls `answer` exactly once,
// on any thread: at once for look-ups, from the writer thread for what is stored, from the
// webhook client's thread for a webhook. `reader` is the calling thread's.
void run_script_effect(const ScriptEffects& effects, const flow::FlowAction& effect,
                       ServerState& server, store::StoreReader& reader, EffectAnswer answer);

}  // namespace callwerk::http
