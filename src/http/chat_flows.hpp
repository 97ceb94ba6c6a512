#pragma once
// The tenant's flows as the web chat sees them: a port the app implements (a TenantFlowCache
// for the chat channel behind a lock), so that http/ needs no app/.

#include <cstdint>
#include <memory>

#include "flow/flow_interpreter.hpp"

namespace callwerk::http {

class ChatFlows {
 public:
  virtual ~ChatFlows() = default;
  // The tenant's newest published flows, compiled for the chat channel; null when none can
  // run. Thread-safe: every HTTP thread calls it when a chat opens.
  virtual std::shared_ptr<const flow::FlowInterpreter> interpreter(std::int64_t tenant_id) = 0;
};

// Which flow a chat runs: "chat" when the tenant has one, else "hotline".
inline constexpr const char* kChatFlowNames[] = {"chat", "hotline"};

}  // namespace callwerk::http
