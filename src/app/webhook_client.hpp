#pragma once
// Calls a flow's webhook: POSTs the collected variables as a JSON object to the client's
// system (http or https) and hands back the status and the top-level fields of a JSON reply.
// One thread of its own runs every call asynchronously, so a slow client system never holds
// up a call, a chat or the store. The flow's `timeout_ms` bounds the whole exchange (name
// lookup, connect, TLS, request, reply); redirects are not followed.

#include <functional>
#include <memory>

#include "flow/flow_actions.hpp"

namespace callwerk::app {

class WebhookClient {
 public:
  static constexpr std::size_t kMaxReplyBytes = 64 * 1024;
  using Done = std::function<void(flow::WebhookResult)>;

  WebhookClient();   // starts the thread
  ~WebhookClient();  // ends every call still running (done gets a failure) and joins
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  // Thread-safe. `done` runs exactly once, on the client's thread; its `request` is the
  // request's. ok: a 2xx reply; otherwise `error` says why (bad URL, timeout, refused, status).
  void post(const flow::CallWebhook& request, Done done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The top-level fields of a JSON object reply as flow values: text, numbers, true/false;
// nested objects and lists as their JSON text. Anything but an object gives no fields.
flow::FlowVariables reply_fields(std::string_view body);

}  // namespace callwerk::app
