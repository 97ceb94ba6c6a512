// The store JSON of what a flow creates: orders with their one line, tickets with due dates.
#include <gtest/gtest.h>

#include "flow/flow_entity_input.hpp"

namespace callwerk::flow {
namespace {

TEST(FlowEntityInput, AnOrderKeepsTheConfirmedPriceAndTheDeliveryAddress) {
  CreateOrder request;
  request.order = {
      {"product_id", std::int64_t{12}},         {"product", std::string("Riesling Kabinett")},
      {"variant", std::string("6er-Karton")},   {"quantity", std::int64_t{2}},
      {"unit_price_cents", std::int64_t{1390}}, {"street", std::string("Rheinweg 5")},
      {"postcode", std::string("65343")},       {"city", std::string("Eltville")}};
  request.contact = {{"id", std::int64_t{7}}, {"name", std::string("Eva Berger")}};
  const nlohmann::json input = order_entity_input(request, 99, "Chat");
  EXPECT_EQ(input["contact_id"], 7);
  EXPECT_EQ(input["interaction_id"], 99);
  EXPECT_EQ(input["delivery_name"], "Eva Berger");
  EXPECT_EQ(input["delivery_postcode"], "65343");
  EXPECT_EQ(input["status"], "new");
  ASSERT_EQ(input["lines"].size(), 1u);
  EXPECT_EQ(input["lines"][0], (nlohmann::json{{"product_id", 12},
                                               {"description", "Riesling Kabinett, 6er-Karton"},
                                               {"quantity", 2},
                                               {"unit_price_cents", 1390}}));
  EXPECT_NE(input["notes"].get<std::string>().find("Chat"), std::string::npos);
}

TEST(FlowEntityInput, AnUnknownCallerOrdersWithoutContact) {
  CreateOrder request;
  request.order = {{"product", std::string("Gutswein")}, {"quantity", std::int64_t{1}}};
  request.contact = {{"name", std::string("")}, {"id", std::int64_t{0}}};
  const nlohmann::json input = order_entity_input(request, std::nullopt, "Telefon");
  EXPECT_FALSE(input.contains("contact_id"));
  EXPECT_FALSE(input.contains("interaction_id"));
  EXPECT_FALSE(input.contains("delivery_name"));
  EXPECT_FALSE(input["lines"][0].contains("product_id"));
}

TEST(FlowEntityInput, ATicketIsDueAfterItsSlaAndKeepsAnUnknownOrderNumberInItsText) {
  CreateTicket request;
  request.category = "bruch";
  request.order_number = "4711";
  request.remedy = "ersatz";
  request.sla_hours = 24;
  const TimeMs now = 1'800'000'000'000;
  nlohmann::json input = ticket_entity_input(request, 5, std::nullopt, now);
  EXPECT_EQ(input["due_at"], now + 24 * 3'600'000);
  EXPECT_EQ(input["subject"], "bruch, Bestellung 4711");
  EXPECT_EQ(input["description"], "Genannte Bestellnummer: 4711");
  EXPECT_EQ(input["desired_remedy"], "ersatz");
  EXPECT_FALSE(input.contains("order_id"));

  input = ticket_entity_input(request, 5, 31, now);
  EXPECT_EQ(input["order_id"], 31);
  EXPECT_FALSE(input.contains("description"));  // the order itself is linked
}

TEST(FlowEntityInput, ATicketWithoutCategoryIsStillFiled) {
  CreateTicket request;
  const nlohmann::json input = ticket_entity_input(request, std::nullopt, std::nullopt, 0);
  EXPECT_EQ(input["category"], "Sonstiges");
  EXPECT_EQ(input["subject"], "Sonstiges");
}

TEST(FlowEntityInput, ACallBackSpeaksTheConversationsLanguage) {
  ScheduleCallback request;
  request.number = "+44201234567";
  request.language = "en-GB";
  const nlohmann::json english = callback_entity_input(request, 5, 2);
  EXPECT_EQ(english["language"], "en");
  EXPECT_EQ(english["queue_id"], 2);
  request.language = "de";
  EXPECT_EQ(callback_entity_input(request, 5, 2)["language"], "de");
  request.language.clear();  // unknown: the tenant's language applies when it is dialled
  EXPECT_FALSE(callback_entity_input(request, 5, 2).contains("language"));
}

TEST(FlowEntityInput, TheStoresAnswerBecomesTheFlowsResult) {
  const OrderResult order = order_result(nlohmann::json{{"id", 4}, {"order_number", "B-7"}});
  EXPECT_TRUE(order.ok);
  EXPECT_EQ(order.number, "B-7");
  const TicketResult refused =
      ticket_result(Result<nlohmann::json>(make_error(ErrorKind::invalid_input, "kaputt")));
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error, "kaputt");
}

}  // namespace
}  // namespace callwerk::flow
