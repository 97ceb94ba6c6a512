// The complaint node: category, order number, description (chat), remedy, ticket.
#include <gtest/gtest.h>

#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kComplaint = R"(fallback: mensch
nodes:
  reklamation:
    type: complaint
    categories:
      - {value: bruch, label: Bruch}
      - {value: verspaetung, label: Verspätung, keywords: [zu spät]}
    remedies: [{value: ersatz, label: Ersatzlieferung}, {value: gutschrift, label: Gutschrift}]
    sla_hours: 24
    max_retries: 1
    next: danke
  danke: {type: say, text: "Danke."}
  mensch: {type: transfer, queue: service}
)";

TEST(FlowInterpreterComplaint, PhoneReadsTheKeysAndCreatesTheTicket) {
  Conversation c({kComplaint});
  c.start(Channel::voice, {}, {{"kontakt.name", std::string("Eva")}});
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Worum geht es bei Ihrer Reklamation? Für Bruch drücken Sie die 1, "
                          "für Verspätung die 2."});
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);
  c.input("3");
  EXPECT_EQ(c.said().front(), "Bitte drücken Sie eine der genannten Tasten.");
  c.input("1");
  EXPECT_NE(c.said().front().find("Bestellnummer ein"), std::string::npos);
  c.input("12a");
  EXPECT_EQ(c.said().front(), "Die Bestellnummer besteht nur aus Ziffern.");
  c.input("2026004701");
  // no description on the phone: straight to the remedy
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Was wünschen Sie sich von uns? Für Ersatzlieferung drücken Sie die 1, "
                          "für Gutschrift die 2."});
  c.input("2");
  const CreateTicket ticket = c.only<CreateTicket>();
  EXPECT_EQ(ticket.category, "bruch");
  EXPECT_EQ(ticket.order_number, "2026004701");
  EXPECT_EQ(ticket.remedy, "gutschrift");
  EXPECT_EQ(ticket.description, "");
  EXPECT_EQ(ticket.sla_hours, 24);
  EXPECT_EQ(ticket.contact.at("name"), FlowValue(std::string("Eva")));
  c.send(TicketResult{ticket.request + 1, true, "T-1", {}, {}});  // stale
  EXPECT_TRUE(c.last().empty());
  c.send(TicketResult{ticket.request, true, "T-2026-8801", "Freitag, 14 Uhr", {}});
  EXPECT_EQ(c.said(), (std::vector<std::string>{
                          "Vielen Dank. Ihre Reklamation ist unter der Nummer T-2026-8801 "
                          "aufgenommen. Wir melden uns bis Freitag, 14 Uhr bei Ihnen.",
                          "Danke."}));
  EXPECT_EQ(c.state.variables.at("reklamation.frist"), FlowValue(std::string("Freitag, 14 Uhr")));
}

TEST(FlowInterpreterComplaint, PhoneHashSkipsTheOrderNumber) {
  Conversation c({kComplaint});
  c.start();
  c.input("2");
  c.input("");  // '#' alone
  EXPECT_EQ(c.state.variables.count("reklamation.bestellnummer"), 0u);
  c.input("1");
  EXPECT_EQ(c.only<CreateTicket>().order_number, "");
  c.send(TicketResult{c.state.request, true, "T-9", {}, {}});
  EXPECT_NE(c.said().front().find("innerhalb von 24 Stunden"), std::string::npos);
}

TEST(FlowInterpreterComplaint, AReportInTheFlowsOwnWordsBecomesATicketToo) {
  // An outage is no complaint: the node asks and confirms in the words the flow gives it.
  Conversation c({R"(nodes:
  stoerung:
    type: complaint
    prompt: "Welche Versorgung ist gestört?"
    created_prompt: "Ihre Störungsmeldung hat die Nummer {{reklamation.nummer}}."
    categories: [{value: strom, label: Strom}, {value: gas, label: Gas}]
    ask_order: false
    sla_hours: 4
    next: ende
  ende: {type: hangup}
)"});
  c.start(Channel::voice);
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Welche Versorgung ist gestört? Für Strom drücken Sie die 1, für Gas "
                          "die 2."});
  c.input("1");
  const CreateTicket ticket = c.only<CreateTicket>();
  EXPECT_EQ(ticket.category, "strom");
  EXPECT_EQ(ticket.sla_hours, 4);
  c.send(TicketResult{ticket.request, true, "T-2026-000042", {}, {}});
  EXPECT_EQ(c.said().front(), "Ihre Störungsmeldung hat die Nummer T-2026-000042.");
}

TEST(FlowInterpreterComplaint, ChatTakesWordsAndADescription) {
  Conversation c({kComplaint});
  c.start(Channel::chat);
  EXPECT_EQ(c.said(), std::vector<std::string>{"Worum geht es bei Ihrer Reklamation?"});
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 2u);
  c.input("Die Lieferung kam zu spät");
  c.input("Es geht um Bestellung B-2026-004701.");
  EXPECT_EQ(c.state.variables.at("reklamation.bestellnummer"),
            FlowValue(std::string("B-2026-004701")));
  EXPECT_EQ(c.said(), std::vector<std::string>{"Bitte beschreiben Sie kurz, was passiert ist."});
  c.input("Das Paket kam eine Woche zu spät an.");
  c.input("Gutschrift bitte");
  const CreateTicket ticket = c.only<CreateTicket>();
  EXPECT_EQ(ticket.category, "verspaetung");
  EXPECT_EQ(ticket.description, "Das Paket kam eine Woche zu spät an.");
  EXPECT_EQ(ticket.remedy, "gutschrift");
}

TEST(FlowInterpreterComplaint, ChatKeineSkipsAndOptionalPartsAreLeftOutAfterSilence) {
  Conversation c({kComplaint});
  c.start(Channel::chat);
  c.input("Bruch");
  c.input("keine");
  c.no_input();
  c.no_input();  // max_retries 1: the description is left out
  EXPECT_NE(c.said().back().find("Was wünschen Sie sich"), std::string::npos);
  c.input("1");
  EXPECT_EQ(c.only<CreateTicket>().description, "");
}

TEST(FlowInterpreterComplaint, CategoryRetriesExhaustedAndFailedTicketGoToTheFallback) {
  Conversation c({kComplaint});
  c.start();
  c.no_input();
  c.input("9");
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_TRUE(c.last_of<CreateTicket>().empty());

  Conversation d({kComplaint});
  d.start();
  d.input("1");
  d.input("");
  d.input("1");
  d.send(TicketResult{d.state.request, false, {}, {}, "timeout"});
  EXPECT_EQ(d.said().front(),
            "Entschuldigung, Ihre Reklamation konnte ich gerade nicht aufnehmen.");
  EXPECT_EQ(d.only<Transfer>().queue, "service");
}

}  // namespace
}  // namespace callwerk::flow
