#pragma once
// What an order or a complaint collected by a flow becomes in the store: the JSON that the
// store's create() of "orders" and "tickets" takes, the same shape as the API's. Every channel
// (phone, chat) stores them alike, linked to its conversation's interaction.

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "flow/flow_actions.hpp"

namespace callwerk::flow {

// The order with one line. The unit price is the one read back to the caller and confirmed,
// not whatever the product costs by the time the writer gets to it. `channel` ("Telefon",
// "Chat") goes into the order's notes.
nlohmann::json order_entity_input(const CreateOrder& request,
                                  std::optional<std::int64_t> interaction_id,
                                  std::string_view channel);

// The ticket, open, due `sla_hours` after `now`. `order_id`: the order the caller named, when
// the channel found it among the tenant's orders.
nlohmann::json ticket_entity_input(const CreateTicket& request,
                                   std::optional<std::int64_t> interaction_id,
                                   std::optional<std::int64_t> order_id, TimeMs now);

// The call-back request, pending and due at once, in `queue_id` (the queue the flow named,
// when the tenant has it). The caller's words so far go along as the summary and variables,
// so the agent who calls back knows the matter.
nlohmann::json callback_entity_input(const ScheduleCallback& request,
                                     std::optional<std::int64_t> interaction_id,
                                     std::optional<std::int64_t> queue_id);

// What the store's create() answered, as the flow's result: ok with the order's or ticket's
// number, or the store's reason. The request id is left for the channel to fill.
OrderResult order_result(const Result<nlohmann::json>& stored);
TicketResult ticket_result(const Result<nlohmann::json>& stored);
CallbackResult callback_result(const Result<nlohmann::json>& stored);

// The contact's store id among a conversation's contact fields ("id"), if it was identified.
std::optional<std::int64_t> contact_id_of(const FlowVariables& contact);

}  // namespace callwerk::flow
