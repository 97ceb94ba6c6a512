#pragma once
// The tenant's flows as the web chat sees them: a port the app implements (a TenantFlowCache
// for the chat channel behind a lock), so that http/ needs no app/.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "flow/flow_interpreter.hpp"

namespace callwerk::http {

class ChatFlows {
 public:
  virtual ~ChatFlows() = default;
  // The tenant's newest published flows, compiled for the chat channel; null when none can
  // run. Thread-safe: every HTTP thread calls it when a chat opens.
  virtual std::shared_ptr<const flow::FlowInterpreter> interpreter(std::int64_t tenant_id) = 0;

  // For the editor's test chat: the flow `name` from `source` (any stored version, draft or
  // not) together with the tenant's other published flows and its product catalog. An
  // invalid_input error (located "<name>.yaml:line:col") when the source does not load and
  // validate for the chat channel. Thread-safe like interpreter(). This default builds on
  // interpreter(); an implementation may do better when the tenant has nothing published
  // (the catalog then comes from nowhere).
  virtual Result<std::shared_ptr<const flow::FlowInterpreter>> trial(std::int64_t tenant_id,
                                                                     const std::string& name,
                                                                     const std::string& source);

  // POSTs a flow's webhook to the client's system; `done` runs exactly once, on another
  // thread, with the request's id. This default answers that webhooks are not available.
  virtual void call_webhook(const flow::CallWebhook& request,
                            std::function<void(flow::WebhookResult)> done);
};

// Which flow a chat runs: "chat" when the tenant has one, else "hotline".
inline constexpr const char* kChatFlowNames[] = {"chat", "hotline"};

// The interpreter of a test chat: `name` loaded from `source` and validated for the chat
// channel (a goto may name `name` or any flow of `published`), first in the library so that
// it is the main flow, then every flow of `published` with another name; the catalog is
// `catalog`. `published` may be null (nothing published).
Result<std::shared_ptr<const flow::FlowInterpreter>> build_trial_interpreter(
    const flow::FlowInterpreter* published, std::shared_ptr<const flow::ProductCatalog> catalog,
    const std::string& name, const std::string& source);

}  // namespace callwerk::http
