#pragma once
// What all HTTP threads share: options, the store writer, the auth cache, the login limiter,
// the event hub and the knowledge-base search. Each thread additionally owns a StoreReader
// (WorkerThread).

#include <memory>

#include "chat/chat_admission.hpp"
#include "http/agent_desk.hpp"
#include "http/auth_cache.hpp"
#include "http/chat_flows.hpp"
#include "http/desk_scripts.hpp"
#include "http/event_hub.hpp"
#include "http/http_server.hpp"
#include "http/kb_searcher.hpp"
#include "http/login_rate_limiter.hpp"

namespace callwerk::http {

struct ServerState {
  ServerState(store::StoreWriter& store_writer, HttpOptions http_options,
              std::shared_ptr<EventHub> event_hub, KbSearcher* kb_searcher = nullptr,
              ChatFlows* chat_flow_source = nullptr, AgentDesk* agent_desk = nullptr)
      : writer(store_writer),
        options(std::move(http_options)),
        hub(std::move(event_hub)),
        kb(kb_searcher),
        chat_flows(chat_flow_source),
        desk(agent_desk),
        chat_admission(options.chat_limits) {
    // Whatever ends a credential in the cache also ends the event streams opened with it.
    auth_cache.set_revocation_listener([hub = hub.get()](const AuthCache::Revocation& revocation) {
      hub->disconnect(revocation);
    });
  }

  store::StoreWriter& writer;
  const HttpOptions options;
  std::shared_ptr<EventHub> hub;
  AuthCache auth_cache;
  LoginRateLimiter login_limiter;
  // Null when the server runs without a knowledge base: its search answers 503.
  KbSearcher* const kb;
  // The flows of the public web chat; null: every chat path answers 404.
  ChatFlows* const chat_flows;
  // The queues and agents; null: the desk and wallboard answer 503.
  AgentDesk* const desk;
  chat::ChatAdmission chat_admission;
  // The agents' guided scripts on the desk (desk_script.hpp).
  DeskScripts desk_scripts;
};

}  // namespace callwerk::http
