#pragma once
// The protocol of one web chat in the store: its interaction (channel "chat", inbound), the
// timeline entries of each turn, orders and tickets linked to it, the queue it was handed to,
// and its end. Everything goes through the StoreWriter; the interaction's id lives only on the
// writer thread, where commands run in the order they were submitted.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat/chat_flow_session.hpp"
#include "flow/flow_actions.hpp"
#include "store/store.hpp"

namespace callwerk::http {

class ChatRecorder {
 public:
  // `done` callbacks run on the writer thread: post from there.
  using OrderDone = std::function<void(flow::OrderResult)>;
  using TicketDone = std::function<void(flow::TicketResult)>;
  using CallbackDone = std::function<void(flow::CallbackResult)>;

  ChatRecorder(store::StoreWriter& writer, store::Id tenant_id);

  void started(TimeMs at, const std::string& flow);
  // One turn's entries in one command.
  void append(std::vector<chat::TimelineEntry> entries, TimeMs at);
  void handed_over(const std::string& queue, std::optional<store::Id> queue_id, TimeMs at);
  void create_order(const flow::CreateOrder& order, OrderDone done);
  void create_ticket(const flow::CreateTicket& ticket, std::optional<store::Id> order_id,
                     TicketDone done);
  void schedule_callback(const flow::ScheduleCallback& callback, std::optional<store::Id> queue_id,
                         CallbackDone done);
  // Once; later calls do nothing.
  void ended(TimeMs at, const std::string& reason);
  bool has_ended() const { return ended_; }

 private:
  struct Ids {
    store::Id tenant_id = 0;
    store::Id interaction_id = 0;  // writer thread only; 0 until created (or when that failed)
  };

  store::StoreWriter& writer_;
  std::shared_ptr<Ids> ids_;
  bool ended_ = false;
};

}  // namespace callwerk::http
