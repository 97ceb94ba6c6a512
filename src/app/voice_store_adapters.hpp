#pragma once
// The voice channel's ports (voice/voice_ports.hpp) implemented with the store: a read
// connection for directory look-ups on the core thread, and the writer for call protocols.

#include <memory>
#include <unordered_map>

#include "app/tenant_flows.hpp"
#include "store/store.hpp"
#include "voice/voice_ports.hpp"

namespace callwerk::app {

class KbService;
class WebhookClient;

class StoreVoiceDirectory final : public voice::VoiceDirectory {
 public:
  // `kb` (null: nothing is found) and `webhooks` (null: webhooks fail) must outlive the
  // directory.
  explicit StoreVoiceDirectory(std::unique_ptr<store::StoreReader> reader, KbService* kb = nullptr,
                               WebhookClient* webhooks = nullptr)
      : reader_(std::move(reader)), kb_(kb), webhooks_(webhooks) {}
  std::optional<voice::SipAccount> sip_account(const std::string& username) override;
  std::optional<voice::SipAccount> sip_account_by_extension(int64_t tenant_id,
                                                            const std::string& extension) override;
  std::optional<int64_t> tenant_id(const std::string& slug) override;
  std::optional<voice::CallerContact> contact_by_phone(int64_t tenant_id,
                                                       const std::string& number) override;
  std::optional<voice::CallerContact> contact_by_customer_number(
      int64_t tenant_id, const std::string& number) override;
  std::shared_ptr<const flow::FlowInterpreter> flows(int64_t tenant_id) override;
  flow::KbSearchResult search_kb(int64_t tenant_id, const std::string& query) override;
  std::optional<int64_t> order_by_number(int64_t tenant_id, const std::string& number) override;
  std::optional<int64_t> queue_by_name(int64_t tenant_id, const std::string& name) override;
  void call_webhook(const flow::CallWebhook& request,
                    std::function<void(flow::WebhookResult)> done) override;

 private:
  std::unique_ptr<store::StoreReader> reader_;
  KbService* kb_;
  WebhookClient* webhooks_;
  TenantFlowCache flows_{flow::Channel::voice};
};

// Each call becomes an interaction; its entries are appended in order. The map from call to
// interaction lives on the writer thread (only the work functions touch it), so the core
// thread never waits for a commit.
class StoreCallLog final : public voice::CallLog {
 public:
  explicit StoreCallLog(store::StoreWriter& writer);
  void call_started(voice::CallKey call, const voice::CallStart& start) override;
  void call_event(voice::CallKey call, const std::string& type, const nlohmann::json& payload,
                  const std::string& actor, TimeMs at) override;
  void call_answered(voice::CallKey call, TimeMs at) override;
  void call_agent(voice::CallKey call, int64_t user_id) override;
  void call_ended(voice::CallKey call, TimeMs at, const std::string& reason) override;
  void create_order(voice::CallKey call, const flow::CreateOrder& order, OrderDone done) override;
  void create_ticket(voice::CallKey call, const flow::CreateTicket& ticket,
                     std::optional<int64_t> order_id, TicketDone done) override;
  void schedule_callback(voice::CallKey call, const flow::ScheduleCallback& callback,
                         std::optional<int64_t> queue_id, CallbackDone done) override;

  // For the queues (ContactCenter): the queue a call waits in, and the interaction of a call
  // (`done` runs on the writer thread; empty when the call has none).
  void call_queue(voice::CallKey call, int64_t queue_id);
  void interaction_of(voice::CallKey call, std::function<void(std::optional<int64_t>)> done);

  struct Interactions;

 private:
  void update(voice::CallKey call, store::CallInteractionPatch patch, bool last);

  store::StoreWriter& writer_;
  std::shared_ptr<Interactions> interactions_;
};

}  // namespace callwerk::app
