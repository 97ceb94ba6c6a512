// A flow's side effects on a call (look up the caller, create an order or a ticket, store a
// survey answer, ...) and its hand-over to a queue. Results go back to the flow in a fresh turn
// of the core loop, so a flow never runs inside its own action list; orders and tickets come
// back from the store's writer thread the same way.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "flow/flow_entity_input.hpp"
#include "flow/flow_expression.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

flow::FlowVariables contact_fields(const CallerContact& contact) {
  flow::FlowVariables fields;
  fields["id"] = static_cast<std::int64_t>(contact.contact_id);
  fields["name"] = contact.name;
  if (!contact.customer_number.empty()) fields["kundennummer"] = contact.customer_number;
  // An order is delivered to the contact's address without asking (flow order node).
  if (!contact.street.empty()) fields["strasse"] = contact.street;
  if (!contact.postcode.empty()) fields["plz"] = contact.postcode;
  if (!contact.city.empty()) fields["ort"] = contact.city;
  return fields;
}

}  // namespace

void VoiceService::State::run_request(VoiceCall& call, const flow::FlowAction& effect) {
  std::optional<flow::FlowEvent> result;
  if (const auto* lookup = std::get_if<flow::LookupContact>(&effect)) {
    std::optional<CallerContact> contact;
    if (lookup->by == flow::IdentifyBy::caller_number) {
      contact = directory.contact_by_phone(call.tenant_id, lookup->caller_number);
    } else if (lookup->by == flow::IdentifyBy::customer_number) {
      contact = directory.contact_by_customer_number(call.tenant_id, lookup->customer_number);
    }
    flow::ContactLookupResult answer;
    answer.request = lookup->request;
    answer.found = contact.has_value();
    if (contact) {
      answer.fields = contact_fields(*contact);
      if (!call.contact_id) call.contact_id = contact->contact_id;
    }
    result = std::move(answer);
  } else if (const auto* survey = std::get_if<flow::SaveSurveyAnswer>(&effect)) {
    // The timeline is the record of what the caller answered.
    nlohmann::json payload{{"survey", survey->survey}, {"question", survey->question}};
    payload["answer"] = flow::value_to_text(survey->answer, call.language);
    protocol(call, "survey.answer", payload, "caller");
  } else if (const auto* search = std::get_if<flow::SearchKb>(&effect)) {
    flow::KbSearchResult answer = directory.search_kb(call.tenant_id, search->query);
    answer.request = search->request;
    result = std::move(answer);  // not found: the flow goes on with "not helped"
  } else if (const auto* order = std::get_if<flow::CreateOrder>(&effect)) {
    log.create_order(call.key, *order,
                     [this, key = call.key, request = order->request](flow::OrderResult done) {
                       done.request = request;
                       deliver_result(key, std::move(done));
                     });
  } else if (const auto* ticket = std::get_if<flow::CreateTicket>(&effect)) {
    log.create_ticket(call.key, *ticket,
                      directory.order_by_number(call.tenant_id, ticket->order_number),
                      [this, key = call.key, request = ticket->request](flow::TicketResult done) {
                        done.request = request;
                        deliver_result(key, std::move(done));
                      });
  } else if (const auto* webhook = std::get_if<flow::CallWebhook>(&effect)) {
    directory.call_webhook(*webhook, [this, key = call.key](flow::WebhookResult done) {
      deliver_result(key, std::move(done));
    });
  } else if (const auto* callback = std::get_if<flow::ScheduleCallback>(&effect)) {
    // A caller known by number is the call's contact even where the flow identified no one.
    flow::ScheduleCallback request = *callback;
    if (!flow::contact_id_of(request.contact) && call.contact_id)
      request.contact["id"] = static_cast<std::int64_t>(*call.contact_id);
    log.schedule_callback(
        call.key, request, directory.queue_by_name(call.tenant_id, callback->queue),
        [this, key = call.key, request = callback->request](flow::CallbackResult done) {
          done.request = request;
          deliver_result(key, std::move(done));
        });
  }
  if (result) deliver_result(call.key, std::move(*result));
}

void VoiceService::State::deliver_result(CallKey key, flow::FlowEvent result) {
  // Thread-safe: posting is all that happens outside the core loop.
  asio::post(io, [this, key, result = std::move(result)] {
    const auto it = calls.find(key);
    if (it == calls.end() || it->second->state == CallState::ended || !it->second->session) return;
    VoiceCall& still = *it->second;
    run_actions(still, still.session->on_result(result));
  });
}

void VoiceService::State::start_queue_transfer(VoiceCall& call, const std::string& queue,
                                               int priority) {
  if (queues != nullptr) {
    // Queued before asking: the ACD may ring an agent from inside enqueue.
    call.queued = true;
    call.queue = queue;
    auto entered = queues->enqueue(call.key, call.tenant_id, queue, priority);
    if (entered) return;  // the ACD protocols the stay and rings the agents
    call.queued = false;
    call.queue.clear();
    if (entered.error().kind != ErrorKind::not_found)
      spdlog::warn("voice: queue {} refused the call: {}", queue, entered.error().describe());
  }
  const std::string* extension = nullptr;
  if (call.number != nullptr) {
    const auto route = call.number->queue_extensions.find(queue);
    if (route != call.number->queue_extensions.end()) extension = &route->second;
  }
  if (extension == nullptr) {
    call.agent_extension.clear();
    protocol(call, "transfer.queue", {{"queue", queue}, {"extension", nullptr}});
    transfer_failed(call, "no extension for queue " + queue);
    return;
  }
  protocol(call, "transfer.queue", {{"queue", queue}, {"extension", *extension}});
  start_transfer(call, *extension);
}

}  // namespace callwerk::voice
